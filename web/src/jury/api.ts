// The jury page's calls to the server: the log, the measures, the grading (API, with the jury
// link as bearer token). Every refusal comes back as {field, reason} in the page's language.
// The shapes are the server's records (omnisim/protocol/jury_view.py, messages.py), generated.

import type {
  ApiError,
  EvidenceMoment,
  Graded,
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

/** A refusal's words: the API's JSON reason, or a page's plain text (omnisim/web/limits.py). */
function said(body: string): string {
  try {
    return (JSON.parse(body) as Partial<ApiError>).error?.reason ?? "";
  } catch {
    return body.trim();
  }
}

/** A read refused for now (429) is waited out as its answer says, this many times at most. */
const READ_TRIES = 6;

/** A read the server refused: its reason, in the page's language. */
export class ReadRefused extends Error {}

/** A grading command's answer: the refusal, or the grading as it now stands (none for errata). */
export type Sent = { refusal: Refusal; grading: null } | { refusal: null; grading: Grading | null };

export class Api {
  /** Told while a read waits out a refusal (its reason), then "" once the read went through. */
  onWaiting: (reason: string) => void = () => {};

  constructor(
    private readonly token: string,
    private readonly lang: string,
  ) {}

  /** A GET's JSON; a refusal for now is waited out (Retry-After), any other one thrown in words. */
  private async read<T>(url: string, init?: RequestInit): Promise<T> {
    for (let tries = 1; ; tries++) {
      const r = await fetch(url, init);
      if (r.ok) {
        if (tries > 1) this.onWaiting("");
        return (await r.json()) as T;
      }
      const reason = said(await r.text()) || String(r.status);
      const wait = Number(r.headers.get("Retry-After") ?? "0");
      if (r.status !== 429 || !(wait > 0) || tries >= READ_TRIES) throw new ReadRefused(reason);
      this.onWaiting(reason);
      await new Promise((done) => setTimeout(done, wait * 1000));
    }
  }

  private query(candidate: string): string {
    return new URLSearchParams({ token: this.token, candidate, lang: this.lang }).toString();
  }

  /** The attempt's whole log, page after page (`after`/`upto`/`more`, as a join answers). */
  async log(candidate: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let after = 0;
    for (;;) {
      const page = await this.read<LogView>(`/jury/log?${this.query(candidate)}&after=${after}`);
      events.push(...page.events);
      if (!page.more || page.upto <= after) return events;
      after = page.upto;
    }
  }

  async measures(candidate: string): Promise<Measure[]> {
    return [...(await this.read<MeasuresView>(`/jury/measures?${this.query(candidate)}`)).measures];
  }

  async grading(candidate: string): Promise<Grading> {
    return await this.read<Grading>(`/api/grading/${encodeURIComponent(candidate)}?lang=${this.lang}`, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
  }

  /**
   * A grading command; resolves to the grading it leaves (`Graded`: no second read), or the
   * refusal. Named by its literal, the body is checked against the command's record
   * (`GradingActions`).
   */
  async send<C extends GradingCommand>(command: C, body: GradingActions[C]): Promise<Sent> {
    const r = await fetch(`/api/grading/${command}?lang=${this.lang}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (r.ok) return { refusal: null, grading: ((await r.json()) as Graded).grading };
    const answer = (await r.json().catch(() => ({}))) as Partial<ApiError>;
    return { refusal: answer.error ?? { field: "", reason: String(r.status) }, grading: null };
  }
}
