// The jury page's calls to the server: the log, the measures, the grading (API, with the jury
// link as bearer token). Every refusal comes back as {field, reason} in the page's language.
// The shapes are the server's records (omnisim/protocol/jury_view.py, messages.py), generated.

import type {
  ApiError,
  EvidenceMoment,
  GradingActions,
  GradingCommand,
  GradingView,
  LogView,
  MeasureRow,
  MeasuresView,
  Refusal,
  StoredEvent,
} from "../generated/protocol";

export type { CriterionRow, Given, Refusal } from "../generated/protocol";
/** A moment a measure or a proposal rests on. */
export type Evidence = EvidenceMoment;
/** One measure of the attempt, as `/jury/measures` lists it. */
export type Measure = MeasureRow;
/** One candidate's grading as this jury member may see it. */
export type Grading = GradingView;

export class Api {
  constructor(
    private readonly token: string,
    private readonly lang: string,
  ) {}

  private query(candidate: string): string {
    return new URLSearchParams({ token: this.token, candidate, lang: this.lang }).toString();
  }

  /** The attempt's whole log, page after page (`after`/`upto`/`more`, as a join answers). */
  async log(candidate: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let after = 0;
    for (;;) {
      const r = await fetch(`/jury/log?${this.query(candidate)}&after=${after}`);
      const page = (await r.json()) as LogView | ApiError;
      if (!r.ok || "error" in page) throw new Error("error" in page ? page.error.reason : String(r.status));
      events.push(...page.events);
      if (!page.more || page.upto <= after) return events;
      after = page.upto;
    }
  }

  async measures(candidate: string): Promise<Measure[]> {
    const r = await fetch(`/jury/measures?${this.query(candidate)}`);
    return [...((await r.json()) as MeasuresView).measures];
  }

  async grading(candidate: string): Promise<Grading> {
    const r = await fetch(`/api/grading/${encodeURIComponent(candidate)}?lang=${this.lang}`, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    return (await r.json()) as Grading;
  }

  /**
   * A grading command; resolves to null when recorded (`Acknowledged`), else the refusal.
   * Named by its literal, the body is checked against the command's record (`GradingActions`).
   */
  async send<C extends GradingCommand>(command: C, body: GradingActions[C]): Promise<Refusal | null> {
    const r = await fetch(`/api/grading/${command}?lang=${this.lang}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (r.ok) return null;
    const answer = (await r.json()) as Partial<ApiError>;
    return answer.error ?? { field: "", reason: String(r.status) };
  }
}
