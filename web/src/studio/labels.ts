// How the studio names things for a person: a choice's value, a part's item, a problem's place.

import { labelOf, type Section } from "./model";
import { clockOf, type Doc, parsePath } from "./paths";

type T = (key: string) => string;

export function valueLabel(t: T, name: string, value: unknown): string {
  const text = String(value);
  for (const key of [`studio.v.${name}.${text}`, `studio.v.${text}`, `channel.${text}`]) {
    const said = t(key);
    if (said !== key) return said;
  }
  return text === "" ? "—" : text;
}

/** What a part's item is called in the list on the left. */
export function itemLabel(section: Section, item: unknown, t: T): string {
  const o = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === "string" ? v : "");
  switch (section) {
    case "contacts": {
      const customer = (o.customer ?? {}) as Record<string, unknown>;
      const when = o.extra === true ? t("studio.reserve") : typeof o.at === "number" ? clockOf(o.at) : s(o.at) || "?";
      const what = [valueLabel(t, "channel", o.channel), s(customer.name) || s(o.id)].join(" · ");
      return `${when} · ${what}${s(o.subject) ? ` — ${s(o.subject)}` : ""}`;
    }
    case "principals":
      return s(o.name) || s(o.id);
    case "crm": {
      // Two Martin of two companies are told apart by it (a hotel's buyer, a private guest).
      const name = `${s(o.last_name)} ${s(o.first_name)}`.trim() || s(o.id);
      return s(o.company) ? `${name} · ${s(o.company)}` : name;
    }
    case "knowledge":
      return (s(o.body).match(/^# (.+)$/m)?.[1] ?? "").trim() || s(o.id);
    default:
      return s(o.title) || s(o.id);
  }
}

/** Where a problem is, for a person: « Contacts › 0:25:00 · Téléphone · Bernard Roche › client ›
 *  nom » (the item by what it is, not by its place in the list). */
export function placeOf(t: T, doc: Doc, path: string): string {
  const segs = parsePath(path);
  const words: string[] = [];
  segs.forEach((seg, i) => {
    if (i === 0) words.push(t(`studio.section.${seg}`));
    else if (typeof seg === "number") {
      const list = doc[segs[0] as string];
      words.push(i === 1 && Array.isArray(list) ? itemLabel(segs[0] as Section, list[seg], t) : String(seg + 1));
    } else {
      // Its own label for this kind of item, as the form says it (an answer point's « label »
      // is not an anomaly's).
      const parent = segs.slice(0, i).filter((s): s is string => typeof s === "string").pop() ?? "";
      words.push(labelOf(t, parent, seg));
    }
  });
  return words.join(" › ");
}
