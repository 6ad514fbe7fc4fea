// A page's link to the server: one socket that follows one or several streams of the log by
// position, and an outbox of actions that survives a dropped connection and a reload. The
// candidate's desk, the trainer's board and the jury's page each hold one.
//
// The push and join contract is docs/protocol.md: every push and every join answer is a
// batch {stream, after, upto, events}; ./feed.ts keeps a position per stream and says when
// a gap needs a join. A desk or a jury page opens by joining each stream it follows
// ({last_seq} for the link's own attempt, {stream, last_seq} for another, such as the exam's
// grading stream), page after page while the answer says `more`. A board opens by reading its
// whole exam by global position ({all: true, after, positions}), page after page, then fills a
// gap in one stream by joining that stream. After a reconnection the same opening asks only
// for what is past the page's positions. Actions go out once the opening is done, each with its
// `action_id` (./outbox.ts).

import { type ReadonlySignal, signal } from "@preact/signals";
import type { ActionData, ActionType, StoredEvent } from "../generated/protocol";
import { Feed } from "./feed";
import type {
  Batch,
  BoardCaughtUp,
  BoardJoined,
  DeskJoined,
  GradingJoined,
  Presence,
  Refusal,
  WorkerLoad,
} from "./messages";
import { Outbox, type Reply } from "./outbox";

export type { Reply } from "./outbox";
/** "closed": the server cut the socket for good (its link revoked, its session signed out),
 * with a reason; nothing reconnects it. */
export type LinkState = "connecting" | "online" | "offline" | "closed";
export type JoinAnswer = DeskJoined | BoardJoined | GradingJoined;

/** The stream the link's token follows (a candidate's attempt, the jury's candidate's):
 * joined without naming it, and every push of a stream not otherwise followed is its. */
export const OWN = "";

export interface Follow {
  /** A stream's name, or OWN. */
  readonly stream: string;
  /** A position the page already holds (a log it loaded): the first join starts there. */
  readonly from?: number;
}

/** What a transport reports; the socket.io one is ./socket.ts. */
export interface TransportEvents {
  connect(): void;
  disconnect(): void;
  /** A connection refused; `retryAfter`: the server is saturated, try again in that many s. */
  connectError(message: string, retryAfter?: number): void;
  /** The server is about to cut the socket for good, and says why (docs/protocol.md). */
  closed(reason: string): void;
  /** The server's heartbeat. */
  ping(): void;
  events(batch: Batch): void;
  presence(presence: Presence): void;
  /** A worker's saturation (boards only). */
  load?(load: WorkerLoad): void;
}

export interface Transport {
  readonly connected: boolean;
  listen(on: TransportEvents): void;
  /** Emits `name` with `data`; resolves with the server's answer, or `undefined` after `ms`. */
  ask(name: string, data: object, ms: number): Promise<unknown>;
  /** Connects again after a refused connection (the transport does not retry those). */
  connect(): void;
  /** Drops the current connection (the server went silent); the transport reconnects. */
  drop(): void;
  close(): void;
}

export interface ConnectionOptions {
  /** The streams followed by joins, or "exam": every stream of the exam, read by catch-up. */
  readonly follow: readonly Follow[] | "exam";
  /** Names the outbox's mirror in sessionStorage; without it, queued actions live in memory. */
  readonly outbox?: string;
  readonly onEvents: (stream: string, events: readonly StoredEvent[]) => void;
  /** A stream's join answered to its last page (opening, gap, reconnection). */
  readonly onJoined?: (stream: string, answer: JoinAnswer) => void;
  /** A page of a board's catch-up (its roster and presence), before its batches apply. */
  readonly onCatchUp?: (page: BoardCaughtUp) => void;
  readonly onPresence?: (presence: Presence) => void;
  /** A join or catch-up refused (too many at once, store unavailable): asked again soon. */
  readonly onRefusal?: (refusal: Refusal) => void;
  /** A connection refused, or cut for good by the server (its reason). */
  readonly onConnectError?: (message: string) => void;
  /** A worker's saturation (socket message `load`, to boards). */
  readonly onLoad?: (load: WorkerLoad) => void;
}

/** Silence after which the server counts as lost (its ping comes every 2 s): under 5 s. */
export const SILENCE_MS = 4500;
const ACK_TIMEOUT_MS = 8000;
const RETRY_MS = 1000;
/** A token bucket under the server's (10 actions/s, bursts of 20): a long outbox sent at
 * reconnection is paced, not refused as a flood. */
const BUCKET = 16;
const REFILL_PER_S = 8;

type Answer<T> = T | { readonly ok: false; readonly error?: Refusal; readonly retry_after?: number } | undefined;

/** The retry hint of a saturated server's refusal, in ms (none: not a saturation). */
function retryHint(answer: unknown): number | undefined {
  const wait = (answer as { ok?: unknown; retry_after?: unknown } | undefined)?.retry_after;
  return (answer as { ok?: unknown } | undefined)?.ok === false && typeof wait === "number" ? wait * 1000 : undefined;
}

export class Connection {
  readonly state: ReadonlySignal<LinkState>;
  /** Actions waiting for the server's answer (queued while offline, or in flight). */
  readonly queued: ReadonlySignal<number>;
  /** Why the server closed the socket for good ("" while it has not). */
  readonly closedReason: ReadonlySignal<string>;
  /** The server's « serveur saturé, réessayez dans N s » while it sheds this page's requests
   * (they wait and go again after N s, honouring its hint); "" otherwise. */
  readonly busy: ReadonlySignal<string>;
  private readonly link = signal<LinkState>("connecting");
  private readonly shed = signal("");
  /** No action goes out before this time (ms): the server asked to wait. */
  private holdUntil = 0;
  private readonly reason = signal("");
  private readonly feed: Feed<StoredEvent>;
  private readonly outbox: Outbox;
  /** Counts connections: an answer to a request of an earlier one is not applied. */
  private epoch = 0;
  /** Streams whose opening join has not reached its last page in this connection. */
  private opening = new Set<string>();
  private opened = false;
  private heard = Date.now();
  private readonly watchdog: ReturnType<typeof setInterval>;
  private tokens = BUCKET;
  private refilled = Date.now();
  private paced: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly options: ConnectionOptions,
  ) {
    this.state = this.link;
    this.closedReason = this.reason;
    this.feed = new Feed<StoredEvent>(options.onEvents, (stream, pos) => this.join(stream, pos));
    this.outbox = new Outbox(options.outbox);
    this.queued = this.outbox.size;
    this.busy = this.shed;
    transport.listen({
      connect: () => {
        this.hear();
        this.link.value = "online";
        this.open();
      },
      disconnect: () => {
        if (this.link.value !== "closed") this.link.value = "offline";
        this.epoch += 1;
        this.opened = false;
        this.feed.reset();
        this.outbox.lost(); // their answers may never come: they are sent again
      },
      connectError: (message, retryAfter) => {
        if (this.link.value === "closed") return; // cut for good: nothing reconnects it
        this.link.value = "offline";
        if (retryAfter !== undefined) {
          // Refused by a saturated server: said, and tried again when it asked.
          this.shed.value = message;
          setTimeout(() => {
            if (!this.transport.connected && this.link.value !== "closed") this.transport.connect();
          }, retryAfter * 1000);
        }
        options.onConnectError?.(message);
      },
      closed: (reason) => {
        this.reason.value = reason;
        this.link.value = "closed";
        options.onConnectError?.(reason);
      },
      ping: () => this.hear(),
      events: (batch) => {
        this.hear();
        this.feed.receive({ ...batch, stream: this.keyOf(batch.stream) });
      },
      presence: (presence) => options.onPresence?.(presence),
      load: (load) => options.onLoad?.(load),
    });
    // The watchdog: a server that went silent (killed, network cut) is shown lost at once,
    // without waiting for the transport to give up.
    this.watchdog = setInterval(() => {
      if (this.link.value === "online" && Date.now() - this.heard > SILENCE_MS) {
        this.link.value = "offline";
        this.transport.drop();
      }
    }, 500);
  }

  /** The last seq of `stream` (default: the link's own) this page has applied. */
  position(stream: string = OWN): number {
    return this.feed.position(stream);
  }

  /** Sends an action now or as soon as the line is back; resolves with the server's answer. */
  act<K extends ActionType>(type: K, data: ActionData<K>): Promise<Reply> {
    return this.queue(type, data);
  }

  /** A trainer's action on one candidate of the exam (`"all"`: an injection to every one). */
  actOn<K extends ActionType>(candidate: string, type: K, data: ActionData<K>): Promise<Reply> {
    return this.queue(type, { ...data, candidate });
  }

  /** Stops following: the socket closes and no timer is left. */
  close(): void {
    clearInterval(this.watchdog);
    clearTimeout(this.paced);
    this.transport.close();
  }

  private queue(type: ActionType, data: object): Promise<Reply> {
    const answer = this.outbox.add(type, data);
    this.flush();
    return answer;
  }

  private keyOf(stream: string): string {
    const follow = this.options.follow;
    if (follow === "exam" || !follow.some((f) => f.stream === OWN)) return stream;
    return follow.some((f) => f.stream === stream) ? stream : OWN;
  }

  private hear(): void {
    this.heard = Date.now();
    if (this.link.value === "offline" && this.transport.connected) this.link.value = "online";
  }

  private open(): void {
    this.epoch += 1;
    this.opened = false;
    const follow = this.options.follow;
    if (follow === "exam") {
      this.feed.beginCatchUp();
      this.catchUp(this.feed.global);
      return;
    }
    this.opening = new Set(follow.map((f) => f.stream));
    for (const f of follow) this.feed.rejoin(f.stream, f.from ?? 0);
  }

  private later(epoch: number, again: () => void, ms: number = RETRY_MS): void {
    setTimeout(() => {
      if (epoch === this.epoch && this.transport.connected) again();
    }, ms);
  }

  private refused(answer: Answer<unknown>): void {
    const error = (answer as { error?: Refusal } | undefined)?.error;
    if (retryHint(answer) !== undefined && error) this.shed.value = error.reason;
    else if (error) this.options.onRefusal?.(error);
  }

  /** An answer that is not a saturation: the server serves this page again. */
  private served(): void {
    if (this.shed.value) this.shed.value = "";
  }

  private join(stream: string, pos: number): void {
    const epoch = this.epoch;
    if (!this.transport.connected) return; // the next connection's opening joins
    const ask = stream === OWN ? { last_seq: pos } : { stream, last_seq: pos };
    void this.transport.ask("join", ask, ACK_TIMEOUT_MS).then((raw) => {
      if (epoch !== this.epoch) return;
      const answer = raw as Answer<JoinAnswer>;
      if (answer?.ok !== true) {
        this.refused(answer);
        // No answer, or refused: again (after the server's hint when it is saturated).
        this.later(epoch, () => this.feed.rejoin(stream), retryHint(answer));
        return;
      }
      this.served();
      this.hear();
      const outcome = this.feed.receive({ ...answer, stream }, true);
      if (answer.more === true) {
        if (outcome !== "gap") this.feed.rejoin(stream); // a long log comes in pages
        return;
      }
      this.options.onJoined?.(stream, answer);
      if (this.opening.delete(stream) && this.opening.size === 0) this.opened = true;
      this.flush(); // what waited for the opening, or an answer that never came
    });
  }

  private catchUp(after: number): void {
    const epoch = this.epoch;
    // Reconnecting: our positions, so that only what we missed travels.
    const ask = after > 0 ? { all: true, after, positions: this.feed.positions() } : { all: true, after };
    void this.transport.ask("join", ask, ACK_TIMEOUT_MS).then((raw) => {
      if (epoch !== this.epoch) return;
      const page = raw as Answer<BoardCaughtUp>;
      if (page?.ok !== true) {
        this.refused(page);
        this.later(epoch, () => this.catchUp(after), retryHint(page));
        return;
      }
      this.served();
      this.hear();
      this.options.onCatchUp?.(page);
      this.feed.catchUp(page.batches, page.position, !page.more);
      if (page.more) this.catchUp(page.position);
      else this.ready();
    });
  }

  /** An action's answer. Refused by a saturated server, it was not done: it stays queued and
   * goes again, with the same id, once the server's hint has passed. */
  private answered(id: string, reply: Reply | undefined): void {
    const wait = retryHint(reply);
    if (wait === undefined) {
      if (reply !== undefined) this.served();
      this.outbox.answered(id, reply);
      return;
    }
    this.refused(reply);
    this.outbox.answered(id, undefined);
    const until = Date.now() + wait;
    if (until > this.holdUntil) {
      this.holdUntil = until;
      clearTimeout(this.paced);
      this.paced = setTimeout(() => this.flush(), wait);
    }
  }

  private ready(): void {
    this.opened = true;
    this.flush();
  }

  private flush(): void {
    if (!this.transport.connected || !this.opened) return;
    const now = Date.now();
    if (now < this.holdUntil) return; // the saturated server's hint: flushed when it ends
    this.tokens = Math.min(BUCKET, this.tokens + ((now - this.refilled) / 1000) * REFILL_PER_S);
    this.refilled = now;
    for (const p of this.outbox.unsent()) {
      if (this.tokens < 1) {
        clearTimeout(this.paced);
        this.paced = setTimeout(() => this.flush(), 150);
        return;
      }
      this.tokens -= 1;
      this.outbox.sending(p.id);
      void this.transport
        .ask(p.type, { ...p.data, action_id: p.id }, ACK_TIMEOUT_MS)
        .then((reply) => this.answered(p.id, reply as Reply | undefined));
    }
  }
}
