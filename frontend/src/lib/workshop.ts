// What the canvas needs to know about a running workshop, shared with every segment and note through
// a Svelte context so the map page does not thread a dozen callbacks through each component.
import { getContext, setContext } from "svelte";
import type { Note, Phase, Theme } from "./types";

export type Target = { note_id: number } | { theme_id: number };

export interface Workshop {
  readonly phase: Phase | null;
  readonly facilitator: boolean; // may hide notes
  readonly canMark: boolean; // may choose what makes the final map
  readonly finalOnly: boolean; // show only the final map
  selected(noteId: number): boolean;
  toggle(noteId: number): void;
  vote(target: Target, up: boolean): void;
  markFinal(target: Target, final: boolean): void;
  groupOnto(draggedId: number, target: Note): void;
  rename(theme: Theme): void;
  dissolve(theme: Theme): void;
}

const KEY = Symbol("workshop");

export function provideWorkshop(workshop: Workshop): void {
  setContext(KEY, workshop);
}

const NONE: Workshop = {
  phase: null, facilitator: false, canMark: false, finalOnly: false,
  selected: () => false, toggle: () => {}, vote: () => {}, markFinal: () => {}, groupOnto: () => {},
  rename: () => {}, dissolve: () => {},
};

export function useWorkshop(): Workshop {
  return getContext<Workshop | undefined>(KEY) ?? NONE;
}

/** Whether a note belongs on the final map: marked itself, or part of a theme that is. */
export function onFinalMap(note: Note, themes: Theme[]): boolean {
  return note.final || (note.theme_id !== null && !!themes.find((t) => t.id === note.theme_id)?.final);
}

/** Themes and loose notes ranked by votes, most first, for the actions phase. */
export function ranked(notes: Note[], themes: Theme[]): { kind: "theme" | "note"; id: number; label: string; votes: number; noteIds: number[] }[] {
  const items = [
    ...themes.map((t) => ({ kind: "theme" as const, id: t.id, label: t.name, votes: t.votes ?? 0, noteIds: notes.filter((n) => n.theme_id === t.id).map((n) => n.id) })),
    ...notes.filter((n) => n.theme_id === null).map((n) => ({ kind: "note" as const, id: n.id, label: n.text, votes: n.votes ?? 0, noteIds: [n.id] })),
  ];
  return items.filter((i) => i.votes > 0).sort((a, b) => b.votes - a.votes || a.label.localeCompare(b.label));
}
