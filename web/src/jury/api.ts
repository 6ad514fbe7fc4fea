// The jury page's calls to the server: the log, the measures, the grading (API, with the jury
// link as bearer token). Every refusal comes back as {field, reason} in the page's language.

import type { StoredEvent } from "../generated/protocol";

export interface Evidence {
  readonly seq: number;
  readonly sim: number;
  readonly clock: string;
  readonly note: string;
}

export interface Measure {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly threshold: string;
  readonly passed: boolean | null;
  readonly detail: string;
  readonly evidence: readonly Evidence[];
}

export interface Given {
  readonly decision: "acquis" | "non_acquis";
  readonly comment: string;
}

export interface CriterionRow {
  readonly id: string;
  readonly reference: string;
  readonly competence: string;
  readonly label: string;
  readonly proposal: "acquis" | "non_acquis" | "a_apprecier";
  readonly evidence: readonly Evidence[];
  readonly mine: Given | null;
  readonly others?: readonly (Given & { readonly jury_id: string })[];
  readonly disagreement?: boolean;
  readonly final?: { readonly decision: string | null; readonly comment: string; readonly how: string };
  readonly recommendation?: string;
}

export interface Grading {
  readonly phase: "grading" | "reconciling" | "signing" | "locked";
  readonly me: string;
  readonly revealed: boolean;
  readonly jury: readonly { id: string; name: string; evaluator: string; submitted: boolean; signed: boolean }[];
  readonly criteria: readonly CriterionRow[];
  readonly outcome: null | {
    readonly passed: boolean | null;
    readonly met: number;
    readonly total: number;
    readonly rule: string;
    readonly source: string;
    readonly reason: string;
    readonly retake: readonly string[];
    readonly competences: readonly { id: string; label: string; acquired: boolean | null }[];
  };
  readonly sheet_hash: string;
  readonly signatures: readonly { jury_id: string; name: string; at: number; log_seq: number; log_hash: string }[];
  readonly attempt: { readonly last_seq: number; readonly ended: boolean };
  readonly pass_rule_text: string;
  readonly pass_rule_stated: boolean;
  readonly questions: readonly { criterion: string; measure: string; seq: number; clock: string; text: string }[];
}

interface LogPage {
  readonly after: number;
  readonly upto: number;
  readonly more: boolean;
  readonly events: StoredEvent[];
  readonly error?: Refusal;
}

export interface Refusal {
  readonly field: string;
  readonly reason: string;
}

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
      const page = (await r.json()) as LogPage;
      if (!r.ok || page.error) throw new Error(page.error?.reason ?? String(r.status));
      events.push(...page.events);
      if (!page.more || page.upto <= after) return events;
      after = page.upto;
    }
  }

  async measures(candidate: string): Promise<Measure[]> {
    const r = await fetch(`/jury/measures?${this.query(candidate)}`);
    return ((await r.json()) as { measures: Measure[] }).measures;
  }

  async grading(candidate: string): Promise<Grading> {
    const r = await fetch(`/api/grading/${encodeURIComponent(candidate)}?lang=${this.lang}`, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    return (await r.json()) as Grading;
  }

  /** A grading command; resolves to null when recorded, else the refusal. */
  async send(command: string, body: Record<string, string>): Promise<Refusal | null> {
    const r = await fetch(`/api/grading/${command}?lang=${this.lang}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (r.ok) return null;
    const answer = (await r.json()) as { error?: Refusal };
    return answer.error ?? { field: "", reason: String(r.status) };
  }
}
