// The live connection of a map: snapshot or catch-up on connect, events in order, reconnect on drop.
// Changes go out as commands with an id of their own; while the connection is down they wait in an
// outbox (kept in sessionStorage, so a reload keeps them too) and are sent once it is back. The server
// applies a command id only once, so sending one again after a drop is safe.
import { ApiError } from "./api";
import { applyEvent } from "./board";
import type { BoardEvent, MapDetail } from "./types";

interface Pending {
  id: string;
  op: string;
  args: Record<string, unknown>;
}

export interface LiveHandlers {
  snapshot(map: MapDetail): void;
  changed(): void;
  presence(people: { user_id: number; display_name: string }[]): void;
  status(open: boolean): void;
  waiting(count: number): void;
  /** The server refused us for good (signed out, no access any more): no reconnecting. */
  ended(code: number): void;
}

export class LiveMap {
  private socket: WebSocket | null = null;
  private closed = false;
  private retry = 500;
  private outbox: Pending[] = [];
  private replies = new Map<string, { resolve: (result: any) => void; reject: (error: ApiError) => void }>();
  // While a fresh snapshot is on its way, events wait here; those newer than it are applied after it.
  private held: BoardEvent[] | null = null;
  map: MapDetail | null = null;

  constructor(private mapId: number, private on: LiveHandlers) {
    try {
      this.outbox = JSON.parse(sessionStorage.getItem(this.storageKey) ?? "[]");
    } catch {
      this.outbox = [];
    }
  }

  private get storageKey(): string {
    return `empathy-outbox-${this.mapId}`;
  }

  private save(): void {
    sessionStorage.setItem(this.storageKey, JSON.stringify(this.outbox));
    this.on.waiting(this.outbox.length);
  }

  /** Send a change; resolves with the server's result, rejects with its error. Queued while offline. */
  command<T = unknown>(op: string, args: Record<string, unknown>): Promise<T> {
    const id = `c-${crypto.randomUUID()}`;
    this.outbox.push({ id, op, args });
    this.save();
    const reply = new Promise<T>((resolve, reject) => this.replies.set(id, { resolve, reject }));
    if (this.open) this.socket!.send(JSON.stringify({ type: "command", id, op, args }));
    return reply;
  }

  private flush(): void {
    for (const pending of this.outbox) {
      this.socket?.send(JSON.stringify({ type: "command", id: pending.id, op: pending.op, args: pending.args }));
    }
  }

  private settle(id: string, outcome: { result?: unknown; error?: ApiError }): void {
    this.outbox = this.outbox.filter((p) => p.id !== id);
    this.save();
    const waiting = this.replies.get(id);
    this.replies.delete(id);
    if (!waiting) return;
    if (outcome.error) waiting.reject(outcome.error);
    else waiting.resolve(outcome.result);
  }

  start(): void {
    this.closed = false;
    this.connect();
  }

  stop(): void {
    this.closed = true;
    this.socket?.close();
  }

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private connect(): void {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const since = this.map ? `?since=${this.map.seq}` : "";
    const socket = new WebSocket(`${scheme}://${location.host}/api/maps/${this.mapId}/live${since}`);
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 500;
      this.on.status(true);
    };
    socket.onmessage = (message) => this.receive(JSON.parse(message.data));
    socket.onclose = (event) => {
      this.on.status(false);
      if (this.closed) return;
      if (event.code === 4404 || event.code === 4401 || event.code === 4403) {
        this.on.ended(event.code);
        return;
      }
      setTimeout(() => this.connect(), this.retry);
      this.retry = Math.min(this.retry * 2, 10_000);
    };
  }

  private receive(message: any): void {
    if (message.type === "snapshot") {
      const held = this.held ?? [];
      this.held = null;
      this.map = message.map;
      this.on.snapshot(message.map);
      this.applyAll(held);
      this.flush();
    } else if (message.type === "events") {
      this.applyAll(message.events);
      this.flush();
    } else if (message.type === "ack") {
      this.settle(message.id, { result: message.result });
    } else if (message.type === "error" && message.id) {
      const e = message.error;
      this.settle(message.id, { error: new ApiError(409, e.code, e.message, e.details ?? {}) });
    } else if (message.type === "event") {
      this.applyAll([message as BoardEvent]);
    } else if (message.type === "presence") {
      this.on.presence(message.people);
    } else if (message.type === "reload" && this.map && !this.held) {
      // An edit we were shown early did not come true: load the map as it is stored.
      this.held = [];
      this.socket?.send(JSON.stringify({ type: "sync", since: null }));
    }
  }

  private applyAll(events: BoardEvent[]): void {
    if (!this.map) return;
    if (this.held) {
      this.held.push(...events);
      return;
    }
    let changed = false;
    for (const [i, event] of events.entries()) {
      const result = applyEvent(this.map, event);
      if (result === "gap") {
        this.socket?.send(JSON.stringify({ type: "sync", since: this.map.seq }));
        break;
      }
      if (result === "resync") {
        this.held = events.slice(i + 1);
        this.socket?.send(JSON.stringify({ type: "sync", since: null }));
        break;
      }
      changed ||= result === "applied";
    }
    if (changed) this.on.changed();
  }
}
