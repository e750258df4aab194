// What the map page knows about customer evidence: which note's statements are open, and how well each
// segment is backed. Shared through module state so note cards and segments need no extra props.
import type { Note, SegmentBacking } from "./types";

export const evidence = $state<{ note: Note | null; backing: Record<string, SegmentBacking> }>({
  note: null,
  backing: {},
});

export function showEvidence(note: Note): void {
  evidence.note = note;
}
