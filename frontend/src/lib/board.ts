// Pure board logic shared by the map page and its tests: ordering, live events, keyboard moves.
import type { BoardEvent, MapDetail, Note, Theme } from "./types";

/** A segment's notes in board order; notes off the board (private, hidden) come last, oldest first. */
export function notesIn(map: MapDetail, segment: string): Note[] {
  const key = (n: Note) => (n.position < 0 ? Number.MAX_SAFE_INTEGER - 1e6 + n.id : n.position);
  return map.notes.filter((n) => n.segment === segment).sort((a, b) => key(a) - key(b));
}

export const facilitates = (map: MapDetail) => map.your_role === "owner" || map.your_role === "facilitator";

function removeNote(map: MapDetail, id: number): Note | undefined {
  const gone = map.notes.find((n) => n.id === id);
  if (!gone) return undefined;
  map.notes = map.notes.filter((n) => n.id !== id);
  if (gone.position >= 0) {
    for (const n of map.notes) if (n.segment === gone.segment && n.position > gone.position) n.position -= 1;
  }
  return gone;
}

function insertNote(map: MapDetail, note: Note, before?: Note): void {
  if (note.position >= 0) {
    for (const n of map.notes) if (n.segment === note.segment && n.position >= note.position) n.position += 1;
  }
  // Events carry the note itself; the vote counts this viewer has stay as they were.
  const votes = before ? { votes: before.votes, my_votes: before.my_votes, voters: before.voters } : {};
  map.notes = [...map.notes, { ...note, ...votes }];
}

function upsertTheme(map: MapDetail, theme: Theme, noteIds: number[] = []): void {
  const before = map.themes.find((t) => t.id === theme.id);
  const counts = before ? { votes: before.votes, my_votes: before.my_votes, voters: before.voters } : {};
  map.themes = [...map.themes.filter((t) => t.id !== theme.id), { ...theme, ...counts }];
  for (const n of map.notes) if (noteIds.includes(n.id)) n.theme_id = theme.id;
}

function workshopEvent(map: MapDetail, kind: string, payload: Record<string, any>): void {
  if (kind === "redacted") {
    // Someone else's private brainstorm note: only the count reaches this screen.
    const step = payload.was === "note.created" ? 1 : payload.was === "note.deleted" ? -1 : 0;
    if (map.session && step) map.session.private_notes_of_others = Math.max(0, map.session.private_notes_of_others + step);
  } else if (kind === "theme.deleted") {
    map.themes = map.themes.filter((t) => t.id !== payload.theme_id);
    for (const n of map.notes) if (n.theme_id === payload.theme_id) n.theme_id = null;
  } else if (kind.startsWith("theme.")) {
    upsertTheme(map, payload.theme, payload.note_ids ?? []);
  } else if (kind === "vote.cast" || kind === "vote.retracted") {
    const list: { id: number; my_votes: number }[] = payload.note_id ? map.notes : map.themes;
    const item = list.find((x) => x.id === (payload.note_id ?? payload.theme_id));
    if (item) item.my_votes = Math.max(0, item.my_votes + (kind === "vote.cast" ? 1 : -1));
    if (map.session) map.session.votes_left = payload.votes_left;
  } else if (kind.startsWith("session.") && map.session) {
    Object.assign(map.session, payload.session);
    if (payload.server_time) map.session.server_time = payload.server_time;
  }
}

/** Apply one live event to a map in place. "gap" asks for the missed events; "resync" for a fresh
 * snapshot, for changes that touch too much to patch in (a phase change, a reveal, a merge). */
export function applyEvent(map: MapDetail, event: BoardEvent): "applied" | "old" | "gap" | "resync" {
  if (event.seq <= map.seq) return "old";
  if (event.seq !== map.seq + 1) return "gap";
  const { kind, payload } = event;
  if (payload.resync) return "resync";
  if (kind === "note.hidden") {
    const note = removeNote(map, payload.note_id);
    if (note && facilitates(map)) map.notes = [...map.notes, { ...note, hidden: true, position: -1, theme_id: null }];
  } else if (kind === "redacted" || kind.startsWith("theme.") || kind.startsWith("vote.") || kind.startsWith("session.")) {
    workshopEvent(map, kind, payload);
  } else if (kind.startsWith("note.")) {
    const before = removeNote(map, payload.note.id);
    if (kind === "note.deleted") {
      for (const a of map.actions) a.note_ids = a.note_ids.filter((id) => id !== payload.note.id);
    } else {
      insertNote(map, payload.note, before);
      for (const a of map.actions) {
        if ((payload.action_ids ?? []).includes(a.id) && !a.note_ids.includes(payload.note.id)) {
          a.note_ids = [...a.note_ids, payload.note.id].sort((x, y) => x - y);
        }
      }
    }
  } else if (kind.startsWith("action.")) {
    map.actions = map.actions.filter((a) => a.id !== payload.action.id);
    if (kind !== "action.deleted") map.actions = [...map.actions, payload.action].sort((a, b) => a.id - b.id);
  } else if (kind === "notes.imported") {
    for (const note of payload.notes as Note[]) insertNote(map, note);
  } else if (kind === "map.updated") {
    const fields = payload as Partial<MapDetail>;
    for (const key of ["title", "goal", "perspective", "language", "persona_id"] as const) {
      if (key in fields) (map as any)[key] = fields[key];
    }
  }
  map.seq = event.seq;
  return "applied";
}

export type KeyMove = { segment: string; index: number } | null;

type Neighbours = Partial<Record<"ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown", string>>;

/** Which segment lies in each direction on the canvas as drawn: Hear left, Think & Feel on top, See right,
 * Say & Do below the head, Pain and Gain along the bottom; the four areas as a 2x2 grid. */
export const NEIGHBOURS: Record<string, Neighbours> = {
  hear: { ArrowRight: "think_feel", ArrowDown: "pain" },
  think_feel: { ArrowLeft: "hear", ArrowRight: "see", ArrowDown: "say_do" },
  see: { ArrowLeft: "think_feel", ArrowDown: "gain" },
  say_do: { ArrowLeft: "hear", ArrowRight: "see", ArrowUp: "think_feel", ArrowDown: "pain" },
  pain: { ArrowRight: "gain", ArrowUp: "hear" },
  gain: { ArrowLeft: "pain", ArrowUp: "see" },
  think: { ArrowRight: "feel", ArrowDown: "say" },
  feel: { ArrowLeft: "think", ArrowDown: "do" },
  say: { ArrowRight: "do", ArrowUp: "think" },
  do: { ArrowLeft: "say", ArrowUp: "feel" },
};

/** Where Alt+Arrow takes a note. Up and down reorder within the segment; past its first or last note they
 * cross into the segment above (as its last note) or below (as its first). Left and right go to the
 * neighbouring segment, keeping about the same place in the list. Null when there is nowhere to go. */
export function keyboardTarget(map: MapDetail, note: Note, key: string): KeyMove {
  const present = new Set(map.segments.map((s) => s.id));
  const here = notesIn(map, note.segment);
  const index = here.findIndex((n) => n.id === note.id);
  const neighbour = NEIGHBOURS[note.segment]?.[key as keyof Neighbours];
  const next = neighbour && present.has(neighbour) ? neighbour : null;
  if (key === "ArrowUp") {
    if (index > 0) return { segment: note.segment, index: index - 1 };
    return next ? { segment: next, index: notesIn(map, next).length } : null;
  }
  if (key === "ArrowDown") {
    if (index < here.length - 1) return { segment: note.segment, index: index + 1 };
    return next ? { segment: next, index: 0 } : null;
  }
  if (key !== "ArrowLeft" && key !== "ArrowRight") return null;
  return next ? { segment: next, index: Math.min(index, notesIn(map, next).length) } : null;
}
