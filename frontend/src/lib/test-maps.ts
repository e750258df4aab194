// Small maps for the front-end unit tests.
import type { MapDetail, Note } from "./types";

export function note(id: number, segment: string, position: number): Note {
  return { id, map_id: 1, segment, position, text: `n${id}`, color: "yellow", basis: "hypothesis", source: "",
    version: 1, author_id: 1, author_name: "A", created_at: "", updated_at: "", private: false, hidden: false,
    theme_id: null, final: false, merged: [], votes: null, my_votes: 0, voters: [], evidence_count: 0 };
}

export function board(): MapDetail {
  return {
    id: 1, project_id: 1, project_name: "P", workspace_id: 1, title: "M", goal: "", perspective: "team",
    template: "six_segment", language: "en", persona_id: null, persona: null,
    segments: ["see", "hear", "think_feel", "say_do", "pain", "gain"].map((id) => ({ id, label: id, description: "", prompts: [] })),
    notes: [note(1, "see", 0), note(2, "see", 1), note(3, "see", 2), note(4, "hear", 0)],
    actions: [{ id: 9, map_id: 1, title: "A", description: "", owner_id: null, owner_name: null, due_date: null,
      status: "open", note_ids: [2], created_at: "", updated_at: "" }],
    themes: [], session: null, records: [],
    members: [], your_role: "owner", seq: 5, created_at: "", updated_at: "",
  };
}
