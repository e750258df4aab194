import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveMap } from "./live";
import { board, note } from "./test-maps";

/** Stands in for the browser's WebSocket: records what the page sends, lets the test play the server. */
class FakeSocket {
  static OPEN = 1;
  static latest: FakeSocket;
  readyState = 1;
  sent: any[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;

  constructor(public url: string) {
    FakeSocket.latest = this;
  }

  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }

  close(): void {}

  server(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const edited = (seq: number, text: string) => ({
  type: "event", map_id: 1, seq, kind: "note.updated", actor_id: 2, command_id: `c-${seq}`,
  payload: { note: { ...note(1, "see", 0), text, version: seq } },
});

describe("the live connection", () => {
  beforeEach(() => vi.stubGlobal("WebSocket", FakeSocket));
  afterEach(() => vi.unstubAllGlobals());

  function connected(): { live: LiveMap; socket: FakeSocket; changes: () => number; ended: number[] } {
    let changes = 0;
    const ended: number[] = [];
    const live = new LiveMap(1, {
      snapshot: () => {}, changed: () => changes++, presence: () => {}, status: () => {}, waiting: () => {},
      ended: (code) => ended.push(code),
    });
    live.start();
    const socket = FakeSocket.latest;
    socket.server({ type: "snapshot", map: board() });
    return { live, socket, changes: () => changes, ended };
  }

  it("drops an edit that did not come true and loads the map as stored", () => {
    const { live, socket } = connected();
    socket.server(edited(6, "shown early, never stored"));
    expect(live.map!.notes.find((n) => n.id === 1)!.text).toBe("shown early, never stored");

    socket.server({ type: "reload" });
    expect(socket.sent).toContainEqual({ type: "sync", since: null });
    socket.server(edited(6, "what was stored as 6"));  // arrives before the snapshot: held, then dropped as old
    socket.server({ type: "snapshot", map: { ...board(), seq: 6, notes: [{ ...note(1, "see", 0), text: "stored" }] } });
    socket.server(edited(7, "the next change"));
    expect(live.map!.seq).toBe(7);
    expect(live.map!.notes.find((n) => n.id === 1)!.text).toBe("the next change");
  });

  it("asks for a fresh map only once while one is on its way", () => {
    const { socket } = connected();
    socket.server({ type: "reload" });
    socket.server({ type: "reload" });
    expect(socket.sent.filter((m) => m.type === "sync")).toHaveLength(1);
  });

  it("reconnects after a drop or an access change, and stops when access has ended", () => {
    vi.useFakeTimers();
    try {
      const { socket, ended } = connected();
      socket.onclose!({ code: 4001 }); // role changed: come back with the new role
      vi.advanceTimersByTime(1000);
      const again = FakeSocket.latest;
      expect(again).not.toBe(socket);
      again.onclose!({ code: 4401 }); // signed out, e.g. the guest's join link was closed
      vi.advanceTimersByTime(20_000);
      expect(FakeSocket.latest).toBe(again);
      expect(ended).toEqual([4401]);
    } finally {
      vi.useRealTimers();
    }
  });
});
