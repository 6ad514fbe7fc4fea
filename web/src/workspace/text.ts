// Pure helpers of the desk: counting, searching, filling templates, telling the time.

import { count, GSM_7BIT_EXT_REGEXP } from "sms-length";

/** Words of a chat send, as the measure counts them (CQP C.1.9: 4–5 mots par envoi). */
export function wordCount(text: string): number {
  const words = text.trim().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu);
  return words ? words.length : 0;
}

export interface SmsCount {
  /** Characters as the network counts them (GSM-7 extension characters, € or [, take two). */
  readonly length: number;
  readonly segments: number;
  /** 160 (GSM-7) or 70 (Unicode) alone; 153 or 67 each once concatenated. */
  readonly perSegment: number;
  /** The characters outside the GSM-7 alphabet that make it Unicode (ê, ç, ’…), once each. */
  readonly outside: readonly string[];
}

/** How an SMS goes out: GSM-7 in segments of 160 characters, 153 each when concatenated;
 * one character outside GSM-7 makes it Unicode, 70 alone, 67 each concatenated. */
export function smsCount(text: string): SmsCount {
  const c = count(text);
  const outside = [...new Set([...text].filter((ch) => !GSM_7BIT_EXT_REGEXP.test(ch)))];
  return { length: c.length, segments: c.messages, perSegment: c.characterPerMessage, outside };
}

/** Lower case, no accents, single spaces: "Élodie  GARNIER" and "elodie garnier" meet. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

export function digits(text: string): string {
  return text.replace(/\D/g, "");
}

/** Levenshtein distance, for near-duplicate names (Dupont / Dupond). */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const keep = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = keep;
    }
  }
  return row[b.length] ?? 0;
}

export interface Searchable {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly refs: readonly string[];
}

/** Does `query` find the record by name, company, phone, e-mail or file number (accents, case
 * aside)? A hotel's buyer is looked up by the hotel as often as by her name. */
export function matches(record: Searchable, query: string): boolean {
  const q = fold(query);
  if (!q) return false;
  const f = record.fields;
  const name = fold(`${f["last_name"] ?? ""} ${f["first_name"] ?? ""}`);
  const reversed = fold(`${f["first_name"] ?? ""} ${f["last_name"] ?? ""}`);
  if (name.includes(q) || reversed.includes(q)) return true;
  if (fold(f["email"] ?? "").includes(q)) return true;
  if (q.length >= 3 && fold(f["company"] ?? "").includes(q)) return true;
  const d = digits(query);
  if (d.length >= 4 && digits(f["phone"] ?? "").includes(d)) return true;
  return [record.id, ...record.refs].some((ref) => fold(ref) === q || (q.length >= 3 && fold(ref).includes(q)));
}

/** Records that look like the one being created: same phone or e-mail, or a name one letter off. */
export function nearDuplicates(
  fields: Readonly<Record<string, string>>,
  records: readonly Searchable[],
): Searchable[] {
  const last = fold(fields["last_name"] ?? "");
  const first = fold(fields["first_name"] ?? "");
  const phone = digits(fields["phone"] ?? "");
  const email = fold(fields["email"] ?? "");
  return records.filter((r) => {
    const f = r.fields;
    if (phone.length >= 6 && digits(f["phone"] ?? "") === phone) return true;
    if (email && fold(f["email"] ?? "") === email) return true;
    if (!last) return false;
    const rLast = fold(f["last_name"] ?? "");
    const rFirst = fold(f["first_name"] ?? "");
    const close = distance(last, rLast) <= (last.length > 4 ? 1 : 0);
    return close && (!first || !rFirst || distance(first, rFirst) <= 1);
  });
}

/** A template variable: `{{ client.nom }}` (anything between braces, as the server reads it:
 * omnisim/engine/entries.py). */
export const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The same values under the English names an English deck's templates use
 * (omnisim/deck/validate.py TEMPLATE_VARIABLES): `customer.name` is first and last name. */
export function withEnglishNames(fr: Readonly<Record<string, string>>): Record<string, string> {
  const v = (name: string) => fr[name] ?? "";
  return {
    ...fr,
    "customer.name": [v("client.prenom"), v("client.nom")].filter(Boolean).join(" "),
    "customer.first_name": v("client.prenom"),
    "customer.last_name": v("client.nom"),
    "customer.email": v("client.email"),
    "customer.phone": v("client.telephone"),
    "customer.address": v("client.adresse"),
    "principal.name": v("donneur.nom"),
    "principal.address": v("donneur.adresse"),
    "principal.phone": v("donneur.telephone"),
    "agent.name": v("agent.nom"),
    subject: v("objet"),
    "appointment.date": v("rdv.date"),
    "appointment.time": v("rdv.heure"),
  };
}

/** The template with every variable known in `values` filled; the others stay `{{ … }}`. */
export function fillTemplate(body: string, values: Readonly<Record<string, string>>): string {
  return body.replace(VARIABLE, (whole, name: string) => {
    const value = values[name];
    return value ? value : whole;
  });
}

/** The variables still to fill in a text. */
export function emptyVariables(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1] ?? "");
}

/** The scenario's wall clock: the deck's day and start time plus the sim seconds elapsed. */
export function scenarioDate(today: string, startTime: string, sim: number): Date {
  const [y, m, d] = today.split("-").map(Number);
  const [hh, mm] = startTime.split(":").map(Number);
  const base = new Date(y ?? 2026, (m ?? 1) - 1, d ?? 1, hh ?? 9, mm ?? 0, 0);
  return new Date(base.getTime() + Math.floor(sim) * 1000);
}

/** A clock time with seconds, for the trainer's board (the desk writes its times with
 * ./formats.ts, in Babel's patterns). */
export function clockText(date: Date, lang: string): string {
  return date.toLocaleTimeString(lang === "fr" ? "fr-FR" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** A duration as m:ss, or h:mm:ss past an hour; negative durations are overdue ("-0:12"). */
export function duration(seconds: number): string {
  const sign = seconds < 0 ? "-" : "";
  const s = Math.floor(Math.abs(seconds));
  const pad = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${sign}${h}:${pad(m)}:${pad(s % 60)}` : `${sign}${m}:${pad(s % 60)}`;
}

