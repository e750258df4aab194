import { fireEvent, render } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Note } from "../lib/types";
import NoteCard from "./NoteCard.svelte";

function note(change: Partial<Note> = {}): Note {
  return { id: 1, map_id: 1, segment: "see", position: 0, text: "Sees ads", color: "pink", basis: "evidence",
    source: "", version: 1, author_id: 1, author_name: "Ann Lee", created_at: "", updated_at: "", private: false,
    hidden: false, theme_id: null, final: false, merged: [], votes: null, my_votes: 0, voters: [], evidence_count: 0, ...change };
}

describe("a sticky note", () => {
  it("shows markup typed by a user as text, never as HTML", () => {
    const text = '<img src=x onerror="alert(1)"><b>bold</b>';
    const { container } = render(NoteCard, {
      props: { note: note({ text, source: "<script>x()</script>" }), editable: true, onedit: () => {}, onkeymove: () => {} },
    });
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector(".text")!.textContent).toBe(text);
    expect(container.querySelector(".source")!.textContent).toBe("<script>x()</script>");
    expect(container.querySelector(".note")!.classList.contains("hypothesis")).toBe(false);
  });

  it("marks a hypothesis with an H badge and shows how many actions it motivated", () => {
    const { container, getByTitle } = render(NoteCard, {
      props: { note: note({ basis: "hypothesis" }), linked: 2, editable: false, onedit: () => {}, onkeymove: () => {} },
    });
    expect(container.querySelector(".note")!.classList.contains("hypothesis")).toBe(true);
    expect(getByTitle("Hypothesis").textContent).toBe("H");
    expect(getByTitle("Motivated 2 action(s)").textContent).toContain("2");
    expect(container.querySelector("button.edit")).toBeNull(); // read-only: no edit control
  });

  it("hands Alt+Arrow keys to the board and opens the editor on Enter", async () => {
    const onkeymove = vi.fn();
    const onedit = vi.fn();
    const { container } = render(NoteCard, { props: { note: note(), editable: true, onedit, onkeymove } });
    const card = container.querySelector(".note") as HTMLElement;
    await fireEvent.keyDown(card, { key: "ArrowLeft", altKey: true });
    await fireEvent.keyDown(card, { key: "ArrowLeft" });
    await fireEvent.keyDown(card, { key: "Enter" });
    expect(onkeymove).toHaveBeenCalledTimes(1);
    expect(onkeymove.mock.calls[0]![1]).toBe("ArrowLeft");
    expect(onedit).toHaveBeenCalledTimes(1);
  });
});
