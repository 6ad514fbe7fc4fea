// The actions a page has asked and the server has not answered yet, each with an `action_id`
// made once: one not acknowledged when the line dropped is sent again with the same id, and
// the server answers a resend with its first answer instead of doing it twice
// (docs/protocol.md). Mirrored in sessionStorage when given a key, so a reload while offline
// sends what was queued.

import { type ReadonlySignal, signal } from "@preact/signals";
import type { ActionType } from "../generated/protocol";
import type { Ack, Refused } from "./messages";

export type Reply = Ack | Refused;

export interface Pending {
  readonly id: string;
  readonly type: ActionType;
  readonly data: object;
}

const fieldOf = (p: { readonly data: object }) => (p.data as { readonly field?: unknown }).field;

export class Outbox {
  /** Actions waiting for the server's answer (queued while offline, or in flight). */
  readonly size: ReadonlySignal<number>;
  private readonly count = signal(0);
  private list: Pending[];
  private readonly answers = new Map<string, (reply: Reply) => void>();
  private readonly inFlight = new Set<string>();
  private readonly prefix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  private counter = 0;

  /** `key` names the mirror in sessionStorage; without one the outbox lives in memory. */
  constructor(private readonly key?: string) {
    this.size = this.count;
    this.list = this.restore();
    this.count.value = this.list.length;
  }

  /** Queues an action; resolves with the server's answer. */
  add(type: ActionType, data: object): Promise<Reply> {
    this.counter += 1;
    const pending: Pending = { id: `${this.prefix}-${this.counter}`, type, data };
    // A newer draft of the same field replaces an older one still queued: only the text counts.
    if (type === "draft") {
      const same = this.list.findIndex(
        (p) => p.type === "draft" && fieldOf(p) === fieldOf(pending) && !this.inFlight.has(p.id),
      );
      const old = this.list[same];
      if (old) {
        this.answers.get(old.id)?.({ ok: true, seq: [] }); // merged into the newer draft
        this.answers.delete(old.id);
        this.list.splice(same, 1);
      }
    }
    this.list.push(pending);
    this.save();
    return new Promise<Reply>((resolve) => this.answers.set(pending.id, resolve));
  }

  /** What may be sent now: queued and not in flight, oldest first. */
  unsent(): Pending[] {
    return this.list.filter((p) => !this.inFlight.has(p.id));
  }

  sending(id: string): void {
    this.inFlight.add(id);
  }

  /** The server's answer (`undefined`: none came in time, so it is sent again later). */
  answered(id: string, reply: Reply | undefined): void {
    this.inFlight.delete(id);
    if (reply === undefined) return;
    this.list = this.list.filter((p) => p.id !== id);
    this.save();
    this.answers.get(id)?.(reply);
    this.answers.delete(id);
  }

  /** The line dropped: answers to what was in flight may never come; all is sent again. */
  lost(): void {
    this.inFlight.clear();
  }

  private save(): void {
    this.count.value = this.list.length;
    if (this.key === undefined) return;
    try {
      sessionStorage.setItem(this.key, JSON.stringify(this.list));
    } catch {
      // storage full or disabled: the outbox still lives in memory
    }
  }

  private restore(): Pending[] {
    if (this.key === undefined) return [];
    try {
      const raw = sessionStorage.getItem(this.key);
      const list: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? (list as Pending[]) : [];
    } catch {
      return [];
    }
  }
}
