// What the studio's components share: the deck document being written, its problems by
// field, where the trainer is (section, item), how the work stands against the server
// (saved, saving, offline, conflict) and the texts of the page's language.

import { computed, type ReadonlySignal, type Signal, signal } from "@preact/signals";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { Api, type Conflict, type DeckInfo, type Problem } from "./api";
import { type Doc, formatPath, parsePath, type Seg, setAt } from "./paths";
import type { Schema } from "./schema";

export type T = (key: string, params?: Record<string, string | number>) => string;

export interface Choices {
  readonly grids: readonly { id: string; title: string }[];
  readonly scripts: readonly { id: string; title: string }[];
  readonly variables: readonly string[];
  readonly channels: readonly string[];
  readonly rules: readonly string[];
}

export interface Boot {
  readonly texts: Readonly<Record<string, string>>;
  readonly lang: string;
  readonly csrf: string;
  readonly deck: DeckInfo;
  readonly document: Doc;
  readonly problems: readonly Problem[];
  /** What loads and plays but grades less (deck/advice.py): said, never blocking. */
  readonly warnings?: readonly Problem[];
  readonly schema: Schema;
  readonly choices: Choices;
  readonly tools: Readonly<Record<string, boolean>>;
  readonly imported: string;
}

export const SECTIONS = ["settings", "briefing", "principals", "crm", "knowledge", "templates", "scripts", "contacts"] as const;
export type Section = (typeof SECTIONS)[number];

/** Where the trainer is: a section, the item open in it, the versions panel or not. */
export interface View {
  readonly section: Section;
  readonly item: number | null;
  readonly versions: boolean;
}

export type Sync = "saved" | "pending" | "saving" | "offline" | "conflict" | "refused";

export interface Studio {
  readonly boot: Boot;
  readonly t: T;
  readonly api: Api;
  readonly doc: Signal<Doc>;
  /** The version the document was made from (what a save names as its base). */
  readonly base: Signal<number>;
  readonly info: Signal<DeckInfo>;
  readonly problems: Signal<readonly Problem[]>;
  readonly warnings: Signal<readonly Problem[]>;
  /** Problems by the document path of their field. */
  readonly byPath: ReadonlySignal<ReadonlyMap<string, readonly string[]>>;
  /** Warnings by the document path of their field (said beside it, never as invalid). */
  readonly warnedByPath: ReadonlySignal<ReadonlyMap<string, readonly string[]>>;
  readonly sync: Signal<Sync>;
  readonly conflict: Signal<Conflict | null>;
  readonly notice: Signal<string>;
  readonly view: Signal<View>;
  /** A field to focus once rendered (after following a problem to its field). */
  readonly focus: Signal<string>;
  edit(path: readonly Seg[], value: unknown): void;
  replace(doc: Doc): void;
  go(path: string): void;
}

export function translator(texts: Readonly<Record<string, string>>): T {
  return (key, params = {}) => {
    const text = Object.prototype.hasOwnProperty.call(texts, key) ? (texts[key] ?? key) : key;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
    );
  };
}

export function makeStudio(boot: Boot, onEdit: () => void): Studio {
  const doc = signal<Doc>(boot.document);
  const problems = signal<readonly Problem[]>(boot.problems);
  const view = signal<View>({ section: "settings", item: null, versions: false });
  const focus = signal("");
  const warnings = signal<readonly Problem[]>(boot.warnings ?? []);
  const mapped = (list: readonly Problem[]) => {
    const map = new Map<string, string[]>();
    for (const p of list) {
      const said = map.get(p.path) ?? [];
      said.push(p.message);
      map.set(p.path, said);
    }
    return map;
  };
  const byPath = computed(() => mapped(problems.value));
  const warnedByPath = computed(() => mapped(warnings.value));
  return {
    boot,
    t: translator(boot.texts),
    api: new Api(boot.deck.deck, boot.lang, boot.csrf),
    doc,
    base: signal(boot.deck.version),
    info: signal(boot.deck),
    problems,
    warnings,
    byPath,
    warnedByPath,
    sync: signal<Sync>("saved"),
    conflict: signal(null),
    notice: signal(""),
    view,
    focus,
    edit(path, value) {
      doc.value = setAt(doc.value, path, value) as Doc;
      onEdit();
    },
    replace(next) {
      doc.value = next;
      onEdit();
    },
    go(path) {
      const segs = parsePath(path);
      const head = segs[0];
      const section = (SECTIONS as readonly Seg[]).includes(head ?? "") ? (head as Section) : "settings";
      const item = typeof segs[1] === "number" ? segs[1] : null;
      view.value = { section, item, versions: false };
      focus.value = formatPath(segs);
    },
  };
}

export const StudioContext = createContext<Studio | null>(null);

export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (studio === null) throw new Error("no studio");
  return studio;
}

/** A field's label: its own for this kind of item when the catalog has one (as the server's
 *  words do, omnisim/library/words.py), else the field's name. */
export function labelOf(t: T, parent: string, name: string): string {
  if (parent === "variables") return `{{ ${name} }}`; // a template's variable, as its body writes it
  for (const key of [`studio.f.${parent}.${name}`, `studio.f.${name}`]) {
    const text = t(key);
    if (text !== key) return text;
  }
  return name.replace(/_/g, " ");
}

/** The id of the control of a field, from its path. */
export function fieldId(path: readonly Seg[]): string {
  return `f-${formatPath(path).replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}
