// Positions in the streams a page follows, by the push contract (docs/protocol.md). Pure: no
// socket, no DOM; ./connection.ts feeds it what the server sends and sends the joins it asks.
//
// A batch covers one stream from `after` (exclusive) to `upto`. It is dropped when the
// stream's position is already at `upto` or beyond (a duplicate), applied when it starts at or
// before the position (of an overlap, only the events past the position), and a gap when it
// starts past it: the stream joins again from its position. While a stream's join is under
// way its pushed batches wait, then go through the same rule after the answer.
//
// A board opens (and catches up after a reconnection) with one read of its whole exam by
// global position (`catchUp`): per-stream batches of the same shape, paged; meanwhile every
// pushed batch waits until the last page.

export interface Run<E> {
  readonly stream: string;
  readonly after: number;
  readonly upto: number;
  readonly events: readonly E[];
}

export type Outcome = "applied" | "duplicate" | "gap" | "waiting";

interface Position<E> {
  pos: number;
  joining: boolean;
  waiting: Run<E>[];
}

export class Feed<E extends { readonly seq: number }> {
  private readonly streams = new Map<string, Position<E>>();
  private catching = false;
  private held: Run<E>[] = [];
  /** The global position the last complete catch-up read up to: where the next one starts. */
  global = 0;

  constructor(
    private readonly apply: (stream: string, events: readonly E[]) => void,
    private readonly join: (stream: string, pos: number) => void,
  ) {}

  position(stream: string): number {
    return this.streams.get(stream)?.pos ?? 0;
  }

  /** Every stream's position: a reconnection's catch-up sends them to get only what is missing. */
  positions(): Record<string, number> {
    const all: Record<string, number> = {};
    for (const [stream, p] of this.streams) all[stream] = p.pos;
    return all;
  }

  /**
   * Ask the server for everything of `stream` after our position (first time, gap,
   * reconnection). `from`: a position the page already holds otherwise (a log it loaded).
   */
  rejoin(stream: string, from = 0): void {
    const p = this.at(stream);
    p.pos = Math.max(p.pos, from);
    p.joining = true;
    this.join(stream, p.pos);
  }

  /** A pushed batch, or a join's answer (`joined`): the contract's rule. */
  receive(batch: Run<E>, joined = false): Outcome {
    if (this.catching && !joined) {
      this.held.push(batch);
      return "waiting";
    }
    const p = this.at(batch.stream);
    if (p.joining && !joined) {
      p.waiting.push(batch);
      return "waiting";
    }
    const outcome = this.rule(p, batch);
    if (joined) {
      p.joining = false;
      for (const b of p.waiting.splice(0)) if (this.rule(p, b) === "gap") return this.gap(batch.stream);
    }
    return outcome === "gap" ? this.gap(batch.stream) : outcome;
  }

  /** A catch-up by global position starts: pushed batches wait until its last page. */
  beginCatchUp(): void {
    this.catching = true;
  }

  /** One page of the catch-up, read up to global position `position`; `last` ends it. */
  catchUp(batches: readonly Run<E>[], position: number, last: boolean): void {
    for (const batch of batches) {
      const p = this.at(batch.stream);
      if (p.joining) p.waiting.push(batch);
      else if (this.rule(p, batch) === "gap") this.gap(batch.stream);
    }
    this.global = Math.max(this.global, position);
    if (!last) return;
    this.catching = false;
    for (const batch of this.held.splice(0)) this.receive(batch);
  }

  /**
   * The line dropped: no join or catch-up under way will be answered, and what waited for
   * them is read again by the next opening (everything after our positions), so it goes.
   */
  reset(): void {
    this.catching = false;
    this.held = [];
    for (const p of this.streams.values()) {
      p.joining = false;
      p.waiting = [];
    }
  }

  private at(stream: string): Position<E> {
    let p = this.streams.get(stream);
    if (p === undefined) {
      p = { pos: 0, joining: false, waiting: [] };
      this.streams.set(stream, p);
    }
    return p;
  }

  private rule(p: Position<E>, batch: Run<E>): Outcome {
    if (batch.upto <= p.pos) return "duplicate";
    if (batch.after > p.pos) return "gap";
    const fresh = batch.after < p.pos ? batch.events.filter((e) => e.seq > p.pos) : batch.events;
    if (fresh.length > 0) this.apply(batch.stream, fresh);
    p.pos = batch.upto;
    return "applied";
  }

  private gap(stream: string): Outcome {
    this.rejoin(stream);
    return "gap";
  }
}
