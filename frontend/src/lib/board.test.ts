import { describe, expect, it } from "vitest";
import { applyEvent, keyboardTarget, notesIn } from "./board";
import { board, note } from "./test-maps";

const event = (seq: number, kind: string, payload: Record<string, any>) =>
  ({ map_id: 1, seq, kind, actor_id: 1, command_id: null, payload });

describe("workshop events", () => {
  it("keeps a private note out of the others' places and counts the others' ones", () => {
    const map = board();
    map.session = { id: 1, phase: "brainstorm", private_notes_of_others: 0, votes_left: 5 } as any;
    applyEvent(map, event(6, "note.created", { note: { ...note(7, "see", -1), private: true } }));
    expect(notesIn(map, "see").map((n) => [n.id, n.position])).toEqual([[1, 0], [2, 1], [3, 2], [7, -1]]);
    expect(applyEvent(map, event(7, "redacted", { was: "note.created" }))).toBe("applied");
    expect(map.session!.private_notes_of_others).toBe(1);
  });

  it("asks for a fresh snapshot on a phase change", () => {
    const map = board();
    expect(applyEvent(map, event(6, "session.phase", { session: { phase: "reveal" }, resync: true }))).toBe("resync");
    expect(map.seq).toBe(5);
  });

  it("groups notes into a theme and keeps a viewer's own votes on edits", () => {
    const map = board();
    map.notes[0]!.my_votes = 2;
    applyEvent(map, event(6, "theme.created", { theme: { id: 3, map_id: 1, segment: "see", name: "Ads", final: false }, note_ids: [1, 2] }));
    expect(map.notes.filter((n) => n.theme_id === 3).map((n) => n.id)).toEqual([1, 2]);
    applyEvent(map, event(7, "note.updated", { note: { ...note(1, "see", 0), text: "changed", theme_id: 3 } }));
    expect(map.notes.find((n) => n.id === 1)!.my_votes).toBe(2);
    applyEvent(map, event(8, "theme.deleted", { theme_id: 3, note_ids: [1, 2] }));
    expect(map.themes).toEqual([]);
    expect(map.notes.every((n) => n.theme_id === null)).toBe(true);
  });

  it("counts one's own votes and the votes left", () => {
    const map = board();
    map.session = { id: 1, phase: "vote", private_notes_of_others: 0, votes_left: 3 } as any;
    applyEvent(map, event(6, "vote.cast", { note_id: 4, theme_id: null, votes_left: 2 }));
    expect(map.notes.find((n) => n.id === 4)!.my_votes).toBe(1);
    expect(map.session!.votes_left).toBe(2);
  });

  it("takes a hidden note away from participants but keeps it, marked, for facilitators", () => {
    const participant = board();
    participant.your_role = "member";
    applyEvent(participant, event(6, "note.hidden", { note_id: 1, hidden: true }));
    expect(notesIn(participant, "see").map((n) => [n.id, n.position])).toEqual([[2, 0], [3, 1]]);
    const facilitator = board();
    applyEvent(facilitator, event(6, "note.hidden", { note_id: 1, hidden: true }));
    expect(notesIn(facilitator, "see").map((n) => [n.id, n.position, n.hidden])).toEqual([[2, 0, false], [3, 1, false], [1, -1, true]]);
  });
});

describe("live events", () => {
  it("moves a note and renumbers both segments like the server", () => {
    const map = board();
    expect(applyEvent(map, { map_id: 1, seq: 6, kind: "note.moved", actor_id: 1, command_id: null,
      payload: { note: note(1, "hear", 0) } })).toBe("applied");
    expect(notesIn(map, "see").map((n) => [n.id, n.position])).toEqual([[2, 0], [3, 1]]);
    expect(notesIn(map, "hear").map((n) => [n.id, n.position])).toEqual([[1, 0], [4, 1]]);
    expect(map.seq).toBe(6);
  });

  it("removes a deleted note from the actions it motivated", () => {
    const map = board();
    applyEvent(map, { map_id: 1, seq: 6, kind: "note.deleted", actor_id: 1, command_id: null, payload: { note: note(2, "see", 1) } });
    expect(map.actions[0]!.note_ids).toEqual([]);
    expect(notesIn(map, "see").map((n) => n.position)).toEqual([0, 1]);
  });

  it("skips old events and reports gaps", () => {
    const map = board();
    const created = { map_id: 1, kind: "note.created", actor_id: 1, command_id: null, payload: { note: note(7, "gain", 0) } };
    expect(applyEvent(map, { ...created, seq: 5 })).toBe("old");
    expect(applyEvent(map, { ...created, seq: 8 })).toBe("gap");
    expect(map.notes).toHaveLength(4);
  });
});

describe("keyboard moves", () => {
  it("reorders within a segment with up and down", () => {
    const map = board();
    const second = map.notes[1]!;
    expect(keyboardTarget(map, second, "ArrowUp")).toEqual({ segment: "see", index: 0 });
    expect(keyboardTarget(map, second, "ArrowDown")).toEqual({ segment: "see", index: 2 });
  });

  it("goes sideways to the segment drawn next to it, keeping its place in the list", () => {
    const map = board();
    const second = map.notes[1]!; // See is on the right of the head: left is Think & Feel, right is nothing
    expect(keyboardTarget(map, second, "ArrowLeft")).toEqual({ segment: "think_feel", index: 0 });
    expect(keyboardTarget(map, second, "ArrowRight")).toBeNull();
    const hear = map.notes[3]!; // Hear is on the left: right is Think & Feel
    expect(keyboardTarget(map, hear, "ArrowRight")).toEqual({ segment: "think_feel", index: 0 });
    expect(keyboardTarget(map, hear, "ArrowLeft")).toBeNull();
  });

  it("crosses into the segment above or below at the ends of the list", () => {
    const map = board();
    expect(keyboardTarget(map, map.notes[0]!, "ArrowUp")).toBeNull(); // nothing above See
    expect(keyboardTarget(map, map.notes[2]!, "ArrowDown")).toEqual({ segment: "gain", index: 0 });
    map.notes.push(note(5, "pain", 0), note(6, "hear", 1));
    expect(keyboardTarget(map, map.notes[4]!, "ArrowUp")).toEqual({ segment: "hear", index: 2 });
  });

  it("follows the 2x2 grid of the four-area canvas and ignores other keys", () => {
    const map = board();
    map.template = "four_area";
    map.segments = ["think", "feel", "say", "do"].map((id) => ({ id, label: id, description: "", prompts: [] }));
    map.notes = [note(1, "think", 0), note(2, "do", 0)];
    expect(keyboardTarget(map, map.notes[0]!, "ArrowRight")).toEqual({ segment: "feel", index: 0 });
    expect(keyboardTarget(map, map.notes[0]!, "ArrowDown")).toEqual({ segment: "say", index: 0 });
    expect(keyboardTarget(map, map.notes[1]!, "ArrowUp")).toEqual({ segment: "feel", index: 0 });
    expect(keyboardTarget(map, map.notes[1]!, "Enter")).toBeNull();
  });
});
