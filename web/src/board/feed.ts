// The board's feed: many streams on one socket, each with its own position, by the push and
// join contract of docs/protocol.md (a batch applied when it continues the stream's position).
// While a stream's join is under way its batches wait, then go through the same rule.
// The board opens, and catches up after a reconnection, with one read of the whole exam by
// global position (`catchUp`): per-stream batches of the same shape, paged; meanwhile every
// pushed batch waits. A catch-up page may overlap what was pushed before the connection
// dropped: the events already applied are left out (by their seq) and the rest applied.

export interface Batch<E> {
  readonly stream: string;
  readonly after: number;
  readonly upto: number;
  readonly events: readonly E[];
}

export type Outcome = "applied" | "duplicate" | "gap" | "waiting";

interface Position<E> {
  pos: number;
  joining: boolean;
  waiting: Batch<E>[];
}

export class Feed<E> {
  private readonly streams = new Map<string, Position<E>>();
  private catching = false;
  private held: Batch<E>[] = [];
  /** The global position the last complete catch-up read up to: where the next one starts. */
  global = 0;

  constructor(
    private readonly apply: (stream: string, events: readonly E[]) => void,
    private readonly join: (stream: string, pos: number) => void,
    private readonly seqOf: (event: E) => number = () => 0,
  ) {}

  /** A catch-up by global position starts: pushed batches wait until its last page. */
  beginCatchUp(): void {
    this.catching = true;
  }

  /** One page of the catch-up, read up to global position `position`; `last` ends it. */
  catchUp(batches: readonly Batch<E>[], position: number, last: boolean): void {
    for (const batch of batches) {
      const p = this.at(batch.stream);
      if (p.joining) {
        p.waiting.push(batch);
        continue;
      }
      const outcome = this.rule(p, this.trimmed(p, batch));
      if (outcome === "gap") this.gap(batch.stream);
    }
    this.global = Math.max(this.global, position);
    if (!last) return;
    this.catching = false;
    for (const batch of this.held.splice(0)) this.receive(batch);
  }

  private trimmed(p: Position<E>, batch: Batch<E>): Batch<E> {
    if (batch.after >= p.pos || batch.upto <= p.pos) return batch;
    const events = batch.events.filter((e) => this.seqOf(e) > p.pos);
    return { stream: batch.stream, after: p.pos, upto: batch.upto, events };
  }

  position(stream: string): number {
    return this.streams.get(stream)?.pos ?? 0;
  }

  /** Every stream's position: a reconnection's catch-up sends them to get only what is missing. */
  positions(): Record<string, number> {
    const all: Record<string, number> = {};
    for (const [stream, p] of this.streams) all[stream] = p.pos;
    return all;
  }

  private at(stream: string): Position<E> {
    let p = this.streams.get(stream);
    if (p === undefined) {
      p = { pos: 0, joining: false, waiting: [] };
      this.streams.set(stream, p);
    }
    return p;
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
  receive(batch: Batch<E>, joined = false): Outcome {
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
      const waiting = p.waiting.splice(0);
      for (const b of waiting) if (this.rule(p, b) === "gap") return this.gap(batch.stream);
    }
    return outcome === "gap" ? this.gap(batch.stream) : outcome;
  }

  private rule(p: Position<E>, batch: Batch<E>): Outcome {
    if (batch.upto <= p.pos) return "duplicate";
    if (batch.after !== p.pos) return "gap"; // a hole, or an overlap: ask again
    if (batch.events.length > 0) this.apply(batch.stream, batch.events);
    p.pos = batch.upto;
    return "applied";
  }

  private gap(stream: string): Outcome {
    this.rejoin(stream);
    return "gap";
  }
}
