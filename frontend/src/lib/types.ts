// Shapes the API returns (see docs/API.md).

export type Role = "owner" | "facilitator" | "member" | "viewer" | "guest";
export type Lang = "en" | "nl" | "de";

export interface User {
  id: number;
  email: string | null;
  display_name: string;
  locale: Lang;
  is_instance_owner: boolean;
  guest_map_id: number | null;
}

export interface Workspace {
  id: number;
  name: string;
  role: Role;
  created_at: string;
}

export interface Member {
  user_id: number;
  display_name: string;
  email: string | null;
  role: Role;
}

export interface WorkspaceDetail extends Workspace {
  members: Member[];
}

export interface Invite {
  id: number;
  role: Role;
  created_at: string;
  expires_at: string;
  revoked: boolean;
  accepted_count: number;
  token?: string;
  url?: string;
}

export interface GuestLink {
  id: number;
  map_id: number;
  has_passcode: boolean;
  created_at: string;
  expires_at: string | null;
  revoked: boolean;
  joined_count: number;
}

export interface Guest {
  id: number;
  display_name: string;
  joined_at: string;
  signed_in: boolean;
}

export interface CreatedGuestLink extends GuestLink {
  token: string;
  url: string;
}

export interface Milestone {
  title: string;
  date: string;
}

export interface Project {
  id: number;
  workspace_id: number;
  name: string;
  description: string;
  goal: string;
  deadline: string | null;
  milestones: Milestone[];
  created_at: string;
  updated_at: string;
}

export interface Persona {
  id: number;
  project_id: number;
  name: string;
  subject_type: string;
  age: string;
  place: string;
  household: string;
  work: string;
  hobbies: string;
  education: string;
  context_of_use: string;
  goals: string;
  pains: string;
  influences: string;
  how_we_help: string;
  avatar_color: string;
  has_photo: boolean;
  photo_url: string | null;
}

export interface MapSummary {
  id: number;
  title: string;
  perspective: string;
  template: string;
  language: Lang;
  persona_id: number | null;
  note_count: number;
  updated_at: string;
}

export interface ProjectDetail extends Project {
  personas: Persona[];
  maps: MapSummary[];
  your_role: Role;
}

export interface Segment {
  id: string;
  label: string;
  description: string;
  prompts: string[];
}

export interface Note {
  id: number;
  map_id: number;
  segment: string;
  text: string;
  color: string;
  basis: "hypothesis" | "evidence";
  source: string;
  position: number;
  version: number;
  author_id: number | null;
  author_name: string;
  created_at: string;
  updated_at: string;
  private: boolean;
  hidden: boolean;
  theme_id: number | null;
  final: boolean;
  merged: { text: string; source: string; author_id: number | null; author_name: string }[];
  votes: number | null;
  my_votes: number;
  voters: string[];
  evidence_count: number;
}

export interface Theme {
  id: number;
  map_id: number;
  segment: string;
  name: string;
  final: boolean;
  votes: number | null;
  my_votes: number;
  voters: string[];
}

export const PHASES = ["frame", "brainstorm", "reveal", "group", "vote", "converge", "actions"] as const;
export type Phase = (typeof PHASES)[number];

export interface Session {
  id: number;
  phase: Phase;
  anonymous: boolean;
  vote_budget: number;
  one_vote_per_note: boolean;
  named_votes: boolean;
  one_segment_at_a_time: boolean;
  focus_segment: string | null;
  timer_ends_at: string | null;
  started_at: string;
  started_by_name: string;
  votes_left: number;
  private_notes_of_others: number;
  server_time: string;
}

export interface SessionSummary {
  participants: string[];
  minutes: number;
  notes_per_segment: Record<string, number>;
  notes_total: number;
  themes: number;
  top_themes: { name: string; segment: string; votes: number; notes: number }[];
  top_notes: { text: string; segment: string; votes: number }[];
  votes: number;
  voters: number;
  final_notes: number;
  actions: { title: string; owner: string | null; due_date: string | null }[];
}

export interface SessionRecord {
  id: number;
  started_at: string;
  ended_at: string;
  summary: SessionSummary;
}

export interface Action {
  id: number;
  map_id: number;
  title: string;
  description: string;
  owner_id: number | null;
  owner_name: string | null;
  due_date: string | null;
  status: "open" | "doing" | "done" | "dropped";
  note_ids: number[];
  created_at: string;
  updated_at: string;
}

export interface MapDetail {
  id: number;
  project_id: number;
  project_name: string;
  workspace_id: number;
  title: string;
  goal: string;
  perspective: "team" | "customer";
  template: "six_segment" | "four_area";
  language: Lang;
  persona_id: number | null;
  persona: Persona | null;
  segments: Segment[];
  notes: Note[];
  actions: Action[];
  themes: Theme[];
  session: Session | null;
  records: SessionRecord[];
  members: { user_id: number; display_name: string; role: Role }[];
  your_role: Role;
  seq: number;
  created_at: string;
  updated_at: string;
}

export interface BoardEvent {
  map_id: number;
  seq: number;
  kind: string;
  actor_id: number | null;
  payload: Record<string, any>;
  command_id: string | null;
}

export interface FeedbackImport {
  id: number;
  project_id: number;
  filename: string;
  format: string;
  status: "running" | "done" | "failed" | "cancelled";
  masked: boolean;
  items_read: number;
  items_processed: number;
  items_imported: number;
  duplicates: number;
  rows_skipped: number;
  statements: number;
  model_id: string | null;
  error: string;
  created_at: string;
  finished_at: string | null;
}

export interface ModelStatus {
  available: boolean;
  model_id: string | null;
  message: string;
}

export interface Statement {
  id: number;
  item_id: number;
  text: string;
  language: string;
  segment: string;
  confidence: number | null;
  sorted_by: "model" | "person" | "none";
  theme_id: number | null;
  source: string;
  said_on: string;
  rating: string;
  customer_segment: string;
  item_text: string;
}

export interface EvidenceTheme {
  id: number;
  project_id: number;
  segment: string;
  label: string;
  size: number;
  examples: string[];
}

export interface ThemeDraft {
  label: string;
  statement_ids: number[];
  examples: string[];
}

export interface EvidenceSummary {
  model: ModelStatus;
  total: number;
  unsorted: number;
  by_segment: Record<string, number>;
  themes: number;
  imports: FeedbackImport[];
}

export interface SegmentBacking {
  segment: string;
  statements: number;
  notes: number;
  backed_notes: number;
}
