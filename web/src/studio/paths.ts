// Places in a deck document, written as the server writes a problem's field
// ("contacts[3].customer.name"), and immutable edits at a place: an edit copies only the
// objects and lists on its way, so a 200-contact deck changes one contact at a time.
// Pure (no DOM): tested by paths.test.ts.

export type Seg = string | number;
export type Doc = Readonly<Record<string, unknown>>;

/** "contacts[3].customer.name" → ["contacts", 3, "customer", "name"]. */
export function parsePath(path: string): Seg[] {
  const segs: Seg[] = [];
  for (const part of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    segs.push(part.startsWith("[") ? Number(part.slice(1, -1)) : part);
  }
  return segs;
}

export function formatPath(segs: readonly Seg[]): string {
  let text = "";
  for (const seg of segs) {
    text += typeof seg === "number" ? `[${seg}]` : text ? `.${seg}` : seg;
  }
  return text;
}

export function getAt(doc: unknown, segs: readonly Seg[]): unknown {
  let node: unknown = doc;
  for (const seg of segs) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[seg as string];
  }
  return node;
}

/** Marks a key to take out of its object (the field goes back to its default). */
export const REMOVE: unique symbol = Symbol("remove");

function container(next: Seg | undefined): unknown {
  return typeof next === "number" ? [] : {};
}

/** `doc` with `value` at `segs` (made on the way when missing); REMOVE takes the key out. */
export function setAt(doc: unknown, segs: readonly Seg[], value: unknown): unknown {
  if (segs.length === 0) return value;
  const [head, ...rest] = segs as [Seg, ...Seg[]];
  const base = doc !== null && typeof doc === "object" ? doc : container(head);
  if (Array.isArray(base)) {
    const copy = base.slice();
    const index = head as number;
    if (rest.length === 0 && value === REMOVE) copy.splice(index, 1);
    else copy[index] = setAt(copy[index] ?? container(rest[0]), rest, value);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  if (rest.length === 0 && value === REMOVE) delete copy[head as string];
  else copy[head as string] = setAt(copy[head as string], rest, value);
  return copy;
}

/** The list at `segs` with `item` inserted at `index` (appended by default). */
export function insertAt(doc: unknown, segs: readonly Seg[], item: unknown, index = -1): unknown {
  const list = getAt(doc, segs);
  const items = Array.isArray(list) ? list.slice() : [];
  items.splice(index < 0 ? items.length : index, 0, item);
  return setAt(doc, segs, items);
}

/** The list at `segs` with its item `from` moved to `to`. */
export function moveAt(doc: unknown, segs: readonly Seg[], from: number, to: number): unknown {
  const list = getAt(doc, segs);
  if (!Array.isArray(list) || to < 0 || to >= list.length) return doc;
  const items = list.slice();
  const [item] = items.splice(from, 1);
  items.splice(to, 0, item);
  return setAt(doc, segs, items);
}

/** An id not yet taken in `taken`: "fait-1", "fait-2"… */
export function freshId(prefix: string, taken: Iterable<unknown>): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${prefix}-${n}`)) n += 1;
  return `${prefix}-${n}`;
}

/** The ids of a list of items (what references may name). */
export function idsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((item) => (item !== null && typeof item === "object" ? (item as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === "string" && id !== "");
}

/** Simulated seconds as a trainer writes them: 1500 → "0:25:00". */
export function clockOf(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/** "25:00", "1:05:00" or "90" into seconds; null when it is none of these. */
export function secondsOf(text: string): number | null {
  const value = text.trim();
  const clock = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)$/.exec(value);
  if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  return /^\d+(?:[.,]\d+)?$/.test(value) ? Number(value.replace(",", ".")) : null;
}

/** A number as typed in French or English ("12,5", "-0.3"); null when it is not one. */
export function numberOf(text: string): number | null {
  const value = text.trim().replace(",", ".");
  return /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : null;
}
