// The studio's calls to the deck API (omnisim/web/api/studio.py), with the trainer's session
// cookie and the page's CSRF token. A refusal comes back as {field, reason} in the page's
// language; a lost connection as `null`, so the caller keeps the work and tries again.

import type { Doc } from "./paths";

export interface Problem {
  readonly path: string;
  readonly message: string;
}

export interface DeckInfo {
  readonly deck: string;
  readonly choice: string;
  readonly title: string;
  readonly version: number;
  readonly published: number;
  readonly archived: boolean;
  readonly updated_at: number;
  readonly updated_by: string;
  readonly owner: string;
  readonly read_only: boolean;
}

export interface VersionRow {
  readonly version: number;
  readonly at: number;
  readonly author: string;
  readonly base: number;
  readonly restored_from: number;
  readonly problems: number;
  readonly changes: readonly string[];
  readonly published?: boolean;
}

export interface Conflict {
  readonly version: number;
  readonly theirs: readonly VersionRow[];
  readonly document: Doc;
  readonly merged: Doc;
  readonly both_changed: readonly string[];
}

export interface Refusal {
  readonly field: string;
  readonly reason: string;
}

export type Answer<T> =
  | { readonly ok: true; readonly body: T }
  | { readonly ok: false; readonly status: number; readonly error: Refusal; readonly body: Record<string, unknown> }
  | null;

// A whole deck goes with every check and save: gzipped (about a tenth) when it is large and
// the browser can (the server reads Content-Encoding: gzip bodies).
const GZIP_FROM = 32 * 1024;

async function gzipped(text: string, headers: Record<string, string>): Promise<BodyInit> {
  if (typeof CompressionStream === "undefined") return text;
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  headers["Content-Encoding"] = "gzip";
  return await new Response(stream).blob();
}

export class Api {
  constructor(
    private readonly deck: string,
    private readonly lang: string,
    private readonly csrf: string,
  ) {}

  private url(path: string, query: Record<string, string> = {}): string {
    const params = new URLSearchParams({ ...query, lang: this.lang });
    return `${path}?${params.toString()}`;
  }

  async call<T>(method: string, path: string, body?: unknown, query?: Record<string, string>): Promise<Answer<T>> {
    const headers: Record<string, string> = { "X-CSRF-Token": this.csrf };
    const init: RequestInit = { method, headers, credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      const text = JSON.stringify(body);
      init.body = text.length > GZIP_FROM ? await gzipped(text, headers) : text;
    }
    let response: Response;
    try {
      response = await fetch(this.url(path, query), init);
    } catch {
      return null; // offline: the caller keeps what was typed and tries again
    }
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok) return { ok: true, body: answer as T };
    const error = (answer.error as Refusal | undefined) ?? { field: "", reason: String(response.status) };
    return { ok: false, status: response.status, error, body: answer };
  }

  private deckPath(tail = ""): string {
    return `/api/decks/${encodeURIComponent(this.deck)}${tail}`;
  }

  check(document: Doc) {
    return this.call<{ problems: Problem[]; warnings?: Problem[] }>("POST", "/api/decks/check", { document });
  }

  save(base: number, document: Doc) {
    return this.call<DeckInfo & { problems: Problem[] }>("PUT", this.deckPath(), { base, document });
  }

  versions() {
    return this.call<{ versions: VersionRow[] }>("GET", this.deckPath("/versions"));
  }

  version(number: number) {
    return this.call<{ document: Doc }>("GET", this.deckPath(`/versions/${number}`));
  }

  compare(from: number, to: number) {
    return this.call<{ changes: string[] }>("GET", this.deckPath("/diff"), undefined, {
      from: String(from),
      to: String(to),
    });
  }

  restore(version: number, base: number) {
    return this.call<DeckInfo & { document: Doc; problems: Problem[] }>("POST", this.deckPath("/restore"), {
      version,
      base,
    });
  }

  publish(version: number) {
    return this.call<DeckInfo>("POST", this.deckPath("/publish"), { version });
  }

  markdown(text: string) {
    return this.call<{ html: string }>("POST", "/api/markdown", { text });
  }
}
