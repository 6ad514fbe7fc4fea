// The candidate's desk for someone who watches it: the trainer's board (live mirror) and the
// jury's replay. Same `Desk` component, same reducer, over a state the page folds itself.
//
// Read-only by construction, not by hiding: the model has no `act` (every panel leaves out
// what would act, ./model.ts) and its drafts live in memory only, with no save path, so
// nothing typed or clicked in a mirror can reach the server or another tab's storage.
//
// `mountMirror` renders it inside a shadow root with the desk's own stylesheet, so the desk
// looks exactly as the candidate's page and the host page's styles neither leak in nor out.

import { computed, effect, type ReadonlySignal, type Signal, signal } from "@preact/signals";
import { h, render } from "preact";
import type { StoredEvent } from "../generated/protocol";
import { Desk } from "./desk";
import type { Desk as DeskModel, Dossier, Drafts, Tool } from "./model";
import { project, type WorkspaceState } from "./reducer";

type Texts = Readonly<Record<string, string>>;

/** A catalog lookup with `{name}` parameters, like omnisim/i18n.py's message(). */
export function translator(texts: Texts) {
  return (key: string, params: Record<string, string | number> = {}) => {
    const text = Object.prototype.hasOwnProperty.call(texts, key) ? (texts[key] ?? key) : key;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
    );
  };
}

/** Drafts that exist only in this page's memory: shown, never saved, never sent. */
export function memoryDrafts(): Drafts {
  const fields = new Map<string, Signal<string>>();
  const get = (field: string): Signal<string> => {
    let s = fields.get(field);
    if (s === undefined) {
      s = signal("");
      fields.set(field, s);
    }
    return s;
  };
  return {
    get,
    set(field, text) {
      get(field).value = text;
    },
    clear(...names) {
      for (const name of names) get(name).value = "";
    },
  };
}

export interface ReadOnlyOptions {
  readonly dossier: Dossier;
  readonly state: ReadonlySignal<WorkspaceState>;
  readonly texts: Texts;
  readonly lang: string;
  /** The moment shown; defaults to the last event's sim time. */
  readonly sim?: ReadonlySignal<number>;
  readonly selected?: Signal<string | null> | string | null;
  /** A jury member's or trainer's mirror (./model.ts Desk.staff); a candidate's by default. */
  readonly staff?: boolean;
}

/** A desk that renders a given state and cannot act: no `act`, drafts in memory only. */
export function readOnlyDesk(o: ReadOnlyOptions): DeskModel {
  const drafts = memoryDrafts();
  // What the candidate had typed and not sent (urgent marks too) is what the mirror shows.
  effect(() => {
    for (const [name, d] of Object.entries(o.state.value.drafts)) drafts.get(name).value = d.text;
  });
  const selected = typeof o.selected === "object" && o.selected !== null ? o.selected : signal(o.selected ?? null);
  return {
    dossier: o.dossier,
    state: o.state,
    t: translator(o.texts),
    lang: o.lang,
    mode: "exam",
    agent: "",
    act: null,
    staff: o.staff === true,
    selected,
    tool: signal<Tool>("crm"),
    record: signal<string | null>(null),
    factor: computed(() => o.state.value.time_factor || 1),
    sim: o.sim ?? computed(() => o.state.value.last.sim),
    link: signal("online"),
    queued: signal(0),
    busy: signal(""),
    muted: signal(true),
    help: signal(false),
    otherLangUrl: "",
    drafts,
  };
}

/**
 * Renders the desk of a replay into `root`, read-only: the events folded up to `seq` (all by
 * default). Returns the state signal, so a replay can move it: `state.value = project(...)`.
 */
export function mountReadOnly(
  root: HTMLElement,
  o: Omit<ReadOnlyOptions, "state"> & { readonly events: readonly StoredEvent[]; readonly seq?: number },
) {
  const upto = o.seq ?? Number.POSITIVE_INFINITY;
  const state = signal(project(o.events.filter((e) => e.seq <= upto)));
  render(h(Desk, { desk: readOnlyDesk({ ...o, state }) }), root);
  return state;
}

export interface Mirror {
  /** Whether the highlighted event is on screen in the desk (else the page says where it is). */
  readonly shown: ReadonlySignal<boolean>;
  unmount(): void;
}

/**
 * Renders `desk` (read-only) into `host`'s shadow root with the desk's stylesheet. The event
 * `highlight` names (a seq) is marked wherever the desk shows it (`data-seq`) and scrolled to.
 */
export function mountMirror(host: HTMLElement, desk: DeskModel, highlight?: ReadonlySignal<number>): Mirror {
  if (desk.act !== null) throw new Error("a mirror renders a read-only desk only");
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  shadow.textContent = "";
  for (const href of ["/static/desk.css", "/static/mirror.css"]) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    shadow.appendChild(link);
  }
  const mount = document.createElement("div");
  mount.className = "mirror-root";
  shadow.appendChild(mount);
  render(h(Desk, { desk }), mount);
  const shown = signal(false);
  let frame = 0;
  const stop = effect(() => {
    const seq = highlight?.value ?? 0;
    void desk.state.value; // the desk re-renders on a new state: mark again after it
    void desk.selected.value;
    void desk.tool.value;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      for (const old of mount.querySelectorAll(".hl")) old.classList.remove("hl");
      const found = seq ? mount.querySelector(`[data-seq="${seq}"]`) : null;
      if (found) {
        found.classList.add("hl");
        found.scrollIntoView({ block: "nearest" });
      }
      shown.value = found !== null;
    });
  });
  return {
    shown,
    unmount() {
      stop();
      cancelAnimationFrame(frame);
      render(null, mount);
    },
  };
}
