// The desk's link to the server: one socket.io connection that follows the attempt's log by
// position, and an outbox of actions that survives a dropped connection and a reload.
//
// Log positions: pushes and join answers are batches applied by the rule of docs/protocol.md
// (the push and join contract, with `more` for a long log and the refusals' shape).
//
// Actions carry an `action_id` made once: an action not yet acknowledged when the line
// dropped is sent again with the same id, and the server answers a resend with its first
// answer instead of doing it twice. The outbox is mirrored in sessionStorage so a reload
// while offline sends what was queued.

import { type ReadonlySignal, signal } from "@preact/signals";
import { io, type Socket } from "socket.io-client";
import type { StoredEvent } from "../generated/protocol";

export type LinkState = "connecting" | "online" | "offline";

export interface Batch {
  readonly stream?: string;
  readonly after: number;
  readonly upto: number;
  readonly events: readonly StoredEvent[];
}

export interface Refusal {
  readonly field?: string;
  readonly reason?: string;
}

export type Reply =
  | { readonly ok: true; readonly seq?: readonly number[] }
  | { readonly ok: false; readonly error: Refusal };

interface Pending {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export interface ConnectionOptions {
  readonly token: string;
  readonly lang: string;
  readonly key: string; // names this page's outbox in sessionStorage
  readonly onEvents: (events: readonly StoredEvent[]) => void;
  readonly onJoined?: (reply: Record<string, unknown>) => void;
}

/** Silence after which the server counts as lost (its ping comes every 2 s): under 5 s. */
export const SILENCE_MS = 4500;
const ACK_TIMEOUT_MS = 8000;

export class Connection {
  readonly state: ReadonlySignal<LinkState>;
  /** Actions waiting for the server's answer (queued while offline, or in flight). */
  readonly queued: ReadonlySignal<number>;
  private readonly link = signal<LinkState>("connecting");
  private readonly count = signal(0);
  private readonly socket: Socket;
  private pos = 0;
  private heard = Date.now();
  private outbox: Pending[] = [];
  private readonly waiting = new Map<string, (reply: Reply) => void>();
  private inFlight = new Set<string>();
  private readonly prefix: string;
  private counter = 0;
  private joining = false;

  constructor(private readonly options: ConnectionOptions) {
    this.state = this.link;
    this.queued = this.count;
    this.prefix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    this.outbox = this.restore();
    this.count.value = this.outbox.length;
    this.socket = io({
      auth: { token: options.token, lang: options.lang },
      transports: ["websocket"],
      reconnectionDelay: 500,
      reconnectionDelayMax: 2000,
    });
    this.socket.on("connect", () => {
      this.hear();
      this.link.value = "online";
      this.join();
    });
    this.socket.on("disconnect", () => {
      this.link.value = "offline";
      this.inFlight.clear(); // their answers may never come: they are sent again
    });
    this.socket.on("connect_error", () => {
      this.link.value = "offline";
    });
    this.socket.io.on("ping", () => this.hear());
    this.socket.on("events", (batch: Batch) => {
      this.hear();
      this.take(batch);
    });
    // The watchdog: a server that went silent (killed, network cut) is shown lost at once,
    // without waiting for the transport to give up.
    window.setInterval(() => {
      if (this.link.value === "online" && Date.now() - this.heard > SILENCE_MS) {
        this.link.value = "offline";
        this.socket.io.engine?.close();
      }
    }, 500);
  }

  /** The last seq of the log this page has applied. */
  get position(): number {
    return this.pos;
  }

  private hear(): void {
    this.heard = Date.now();
    if (this.link.value === "offline" && this.socket.connected) this.link.value = "online";
  }

  private take(batch: Batch): void {
    if (batch.upto <= this.pos) return; // a duplicate
    if (batch.after > this.pos) {
      // A gap: keep the batch (it may be newer than the join's answer) and ask for the rest.
      this.held.push(batch);
      this.join();
      return;
    }
    const fresh = batch.events.filter((e) => e.seq > this.pos);
    this.pos = batch.upto;
    if (fresh.length) this.options.onEvents(fresh);
    const next = this.held.filter((b) => b.upto > this.pos).sort((a, b) => a.after - b.after);
    this.held = [];
    for (const b of next) this.take(b); // those now contiguous apply, the others wait again
  }

  private held: Batch[] = [];

  private join(): void {
    if (this.joining) return;
    this.joining = true;
    this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emit("join", { last_seq: this.pos }, (err: unknown, reply: Record<string, unknown>) => {
        this.joining = false;
        if (err || !reply || reply["ok"] !== true) {
          // No answer, or a refusal (store unavailable): ask again while connected.
          if (this.socket.connected) window.setTimeout(() => this.join(), 1000);
          return;
        }
        this.hear();
        this.take(reply as unknown as Batch);
        if (reply["more"] === true) {
          this.join(); // a long log comes in pages: ask for the next one
          return;
        }
        this.options.onJoined?.(reply);
        this.flush();
      });
  }

  /** Sends an action now or as soon as the line is back; resolves with the server's answer. */
  act(type: string, data: Record<string, unknown> = {}): Promise<Reply> {
    this.counter += 1;
    const pending: Pending = { id: `${this.prefix}-${this.counter}`, type, data };
    // A newer draft of the same field replaces an older one still queued: only the text counts.
    if (type === "draft") {
      const same = this.outbox.findIndex(
        (p) => p.type === "draft" && p.data["field"] === data["field"] && !this.inFlight.has(p.id),
      );
      if (same >= 0) {
        const old = this.outbox[same];
        if (old) this.waiting.get(old.id)?.({ ok: true });
        this.outbox.splice(same, 1);
      }
    }
    this.outbox.push(pending);
    this.save();
    const answer = new Promise<Reply>((resolve) => this.waiting.set(pending.id, resolve));
    this.flush();
    return answer;
  }

  /** A token bucket under the server's (10 actions/s, bursts of 20): a long outbox sent at
   * reconnection is paced, not refused as a flood. */
  private tokens = 16;
  private refilled = Date.now();
  private paced = 0;

  private flush(): void {
    if (!this.socket.connected || this.joining) return;
    const now = Date.now();
    this.tokens = Math.min(16, this.tokens + ((now - this.refilled) / 1000) * 8);
    this.refilled = now;
    for (const p of this.outbox) {
      if (this.inFlight.has(p.id)) continue;
      if (this.tokens < 1) {
        window.clearTimeout(this.paced);
        this.paced = window.setTimeout(() => this.flush(), 150);
        return;
      }
      this.tokens -= 1;
      this.inFlight.add(p.id);
      this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emit(p.type, { ...p.data, action_id: p.id }, (err: unknown, reply: Reply) => {
          this.inFlight.delete(p.id);
          if (err) return; // no answer: sent again with the same id on the next connection
          this.outbox = this.outbox.filter((q) => q.id !== p.id);
          this.save();
          this.waiting.get(p.id)?.(reply);
          this.waiting.delete(p.id);
        });
    }
  }

  private save(): void {
    this.count.value = this.outbox.length;
    try {
      sessionStorage.setItem(this.options.key, JSON.stringify(this.outbox));
    } catch {
      // storage full or disabled: the outbox still lives in memory
    }
  }

  private restore(): Pending[] {
    try {
      const raw = sessionStorage.getItem(this.options.key);
      const list: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? (list as Pending[]) : [];
    } catch {
      return [];
    }
  }
}
