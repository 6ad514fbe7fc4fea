// The controls of one field, by kind (./schema.ts): text, numbers and times that keep what is
// typed even when it is not (yet) valid, yes/no, choices, lists of phrases, key/value tables
// and, as a last resort, JSON. Each control carries `data-path` (its document path): the
// problems of that path are shown beside it, and a test checks every field has one.

import { useState } from "preact/hooks";
import { clockOf, formatPath, numberOf, REMOVE, type Seg, secondsOf } from "./paths";
import { choicesOf, kindOf, type Schema, unnull } from "./schema";
import { useStudio } from "./model";
import { valueLabel } from "./labels";
import { suggestions } from "./refs";

export interface ControlProps {
  readonly id: string;
  readonly path: readonly Seg[];
  readonly name: string;
  readonly schema: Schema;
  readonly value: unknown;
  readonly required: boolean;
  readonly described: string;
  readonly invalid: boolean;
  readonly set: (value: unknown) => void;
}

function common(p: ControlProps) {
  return {
    id: p.id,
    "data-path": formatPath(p.path),
    "aria-invalid": p.invalid ? ("true" as const) : undefined,
    "aria-describedby": p.described || undefined,
  };
}

// Dates and times of the fictional calendar get the browser's pickers, as long as what the
// field holds is in the picker's own form (anything else stays a text box: nothing hidden).
type Picker = "datetime-local" | "date" | "time";
const PICKERS: Readonly<Record<string, readonly [Picker, RegExp]>> = {
  start: ["datetime-local", /^\d{4}-\d\d-\d\dT\d\d:\d\d$/],
  end: ["datetime-local", /^\d{4}-\d\d-\d\dT\d\d:\d\d$/],
  valid_from: ["datetime-local", /^\d{4}-\d\d-\d\dT\d\d:\d\d$/],
  valid_until: ["datetime-local", /^\d{4}-\d\d-\d\dT\d\d:\d\d$/],
  today: ["date", /^\d{4}-\d\d-\d\d$/],
  date: ["date", /^\d{4}-\d\d-\d\d$/],
  start_time: ["time", /^\d\d:\d\d$/],
};

export function TextControl(p: ControlProps & { readonly long?: boolean }) {
  const studio = useStudio();
  const value = typeof p.value === "string" ? p.value : p.value === undefined ? "" : JSON.stringify(p.value);
  const placeholder = typeof p.schema.default === "string" ? p.schema.default : "";
  const offered = suggestions(studio.doc.value, p.path, studio.boot.choices);
  const onInput = (e: Event) => {
    const text = (e.currentTarget as HTMLInputElement).value;
    p.set(text === "" && !p.required ? REMOVE : text);
  };
  if (p.long) {
    const rows = Math.min(8, Math.max(2, Math.ceil(value.length / 70) + value.split("\n").length - 1));
    return <textarea {...common(p)} rows={rows} value={value} placeholder={placeholder} onInput={onInput} />;
  }
  const list = offered.length ? `${p.id}-list` : undefined;
  const picker = PICKERS[p.name];
  const type: Picker | "text" = picker && (value === "" || picker[1].test(value)) ? picker[0] : "text";
  return (
    <>
      <input {...common(p)} type={type} value={value} placeholder={placeholder} list={list} onInput={onInput} />
      {list && (
        <datalist id={list}>
          {offered.map((s) => (
            <option key={s.value} value={s.value} label={s.label} />
          ))}
        </datalist>
      )}
    </>
  );
}

/** A number or a clock time, kept as typed while it is not one (the check then says so). */
export function NumberControl(p: ControlProps & { readonly clock?: boolean }) {
  const [typing, setTyping] = useState<string | null>(null);
  const shown =
    typing ??
    (typeof p.value === "number"
      ? p.clock
        ? clockOf(p.value)
        : String(p.value)
      : typeof p.value === "string"
        ? p.value
        : "");
  const fallback = p.schema.default ?? unnull(p.schema).inner.default;
  const placeholder = p.clock ? "0:25:00" : typeof fallback === "number" ? String(fallback) : "";
  return (
    <input
      {...common(p)}
      type="text"
      inputMode={p.clock ? "text" : "decimal"}
      value={shown}
      placeholder={placeholder}
      onFocus={() => setTyping(shown)}
      onBlur={() => setTyping(null)}
      onInput={(e) => {
        const text = (e.currentTarget as HTMLInputElement).value;
        setTyping(text);
        if (text.trim() === "") return p.set(REMOVE); // back to the default (or "missing")
        const parsed = p.clock ? secondsOf(text) : numberOf(text);
        p.set(parsed ?? text);
      }}
    />
  );
}

// Moods and the thresholds on them, from -1 (furious) to +1 (delighted): a slider beside the box.
const MOODS = new Set(["mood", "supervisor_below", "complaint_below", "calmed_above"]);

function MoodControl(p: ControlProps) {
  const { t } = useStudio();
  const fallback = typeof p.schema.default === "number" ? p.schema.default : 0;
  const value = typeof p.value === "number" ? p.value : fallback;
  return (
    <div class="mood">
      <input
        type="range"
        min={-1}
        max={1}
        step={0.05}
        value={value}
        aria-label={t("studio.mood_scale")}
        onInput={(e) => {
          const chosen = Number((e.currentTarget as HTMLInputElement).value);
          p.set(!p.required && chosen === fallback ? REMOVE : chosen);
        }}
      />
      <NumberControl {...p} />
    </div>
  );
}

export function BooleanControl(p: ControlProps) {
  const fallback = p.schema.default === true;
  const checked = typeof p.value === "boolean" ? p.value : fallback;
  return (
    <input
      {...common(p)}
      type="checkbox"
      checked={checked}
      onChange={(e) => {
        const on = (e.currentTarget as HTMLInputElement).checked;
        p.set(!p.required && on === fallback ? REMOVE : on);
      }}
    />
  );
}

export function EnumControl(p: ControlProps) {
  const { t } = useStudio();
  const { inner, nullable } = unnull(p.schema);
  const choices = choicesOf(inner) ?? [];
  const current = p.value === undefined || p.value === null ? "" : String(p.value);
  const known = choices.some((c) => String(c) === current);
  const fallback = p.schema.default ?? inner.default;
  return (
    <select
      {...common(p)}
      value={current}
      onChange={(e) => {
        const text = (e.currentTarget as HTMLSelectElement).value;
        const chosen = choices.find((c) => String(c) === text);
        p.set(text === "" && (!p.required || nullable) ? REMOVE : (chosen ?? text));
      }}
    >
      {(!p.required || nullable || !known) && (
        <option value="">
          {fallback !== undefined && fallback !== null && fallback !== ""
            ? t("studio.default_is").replace("{value}", valueLabel(t, p.name, fallback))
            : t("studio.none")}
        </option>
      )}
      {!known && current !== "" && <option value={current}>{current}</option>}
      {choices.map((c) => (
        <option key={String(c)} value={String(c)}>
          {valueLabel(t, p.name, c)}
        </option>
      ))}
    </select>
  );
}

/** A list of short texts (phrases, names): one line each. */
export function StringsControl(p: ControlProps) {
  const studio = useStudio();
  const { t } = studio;
  const offered = suggestions(studio.doc.value, [...p.path, 0], studio.boot.choices);
  const list = offered.length ? `${p.id}-list` : undefined;
  // A lone text where one or several are accepted is a list of one.
  const items = Array.isArray(p.value) ? (p.value as unknown[]) : typeof p.value === "string" ? [p.value] : [];
  const inner = unnull(p.schema).inner;
  const itemSchema = inner.items ?? inner.anyOf?.find((s) => s.type === "array")?.items ?? { type: "string" };
  const numeric = itemSchema.type === "number" || itemSchema.type === "integer";
  const setItem = (index: number, value: unknown) => {
    const next = items.slice();
    if (value === REMOVE) next.splice(index, 1);
    else next[index] = value;
    p.set(next.length || p.required ? next : REMOVE);
  };
  return (
    <div class="strings" {...common(p)} role="group">
      {items.map((item, index) => (
        <div class="string" key={index}>
          <input
            type="text"
            data-path={formatPath([...p.path, index])}
            aria-label={`${t("studio.item")} ${index + 1}`}
            list={list}
            value={typeof item === "string" || typeof item === "number" ? String(item) : JSON.stringify(item)}
            onInput={(e) => {
              const text = (e.currentTarget as HTMLInputElement).value;
              setItem(index, numeric ? (numberOf(text) ?? text) : text);
            }}
          />
          <button type="button" class="icon" title={t("studio.remove")} aria-label={t("studio.remove")} onClick={() => setItem(index, REMOVE)}>
            ×
          </button>
        </div>
      ))}
      <button type="button" class="secondary small" onClick={() => p.set([...items, ""])}>
        {t("studio.add_line")}
      </button>
      {list && (
        <datalist id={list}>
          {offered.map((s) => (
            <option key={s.value} value={s.value} label={s.label} />
          ))}
        </datalist>
      )}
    </div>
  );
}

/** Several choices among a few (acceptable reply channels): one box each. */
export function EnumsControl(p: ControlProps) {
  const { t } = useStudio();
  const chosen = Array.isArray(p.value) ? (p.value as unknown[]) : [];
  const choices = choicesOf(unnull(unnull(p.schema).inner.items ?? {}).inner) ?? [];
  return (
    <div class="enums" {...common(p)} role="group">
      {choices.map((c) => (
        <label key={String(c)} class="inline">
          <input
            type="checkbox"
            checked={chosen.includes(c)}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              const next = on ? [...chosen, c] : chosen.filter((x) => x !== c);
              p.set(next.length || p.required ? next : REMOVE);
            }}
          />{" "}
          {valueLabel(t, p.name, c)}
        </label>
      ))}
    </div>
  );
}

/** Any value, as JSON: what no other control fits (kept as typed until it parses). */
export function JsonControl(p: ControlProps) {
  const [typing, setTyping] = useState<string | null>(null);
  const shown = typing ?? (p.value === undefined ? "" : JSON.stringify(p.value));
  return (
    <input
      {...common(p)}
      type="text"
      class="json"
      value={shown}
      onFocus={() => setTyping(shown)}
      onBlur={() => setTyping(null)}
      onInput={(e) => {
        const text = (e.currentTarget as HTMLInputElement).value;
        setTyping(text);
        if (text.trim() === "") return p.set(REMOVE);
        try {
          p.set(JSON.parse(text));
        } catch {
          p.set(text);
        }
      }}
    />
  );
}

/** The control of a scalar or list kind; objects, item lists and maps are ./fields.tsx's. */
export function Control(p: ControlProps) {
  switch (kindOf(p.name, p.schema)) {
    case "longtext":
      return <TextControl {...p} long />;
    case "text":
      return <TextControl {...p} />;
    case "number":
      return MOODS.has(p.name) ? <MoodControl {...p} /> : <NumberControl {...p} />;
    case "integer":
      return <NumberControl {...p} />;
    case "clock":
      return <NumberControl {...p} clock />;
    case "boolean":
      return <BooleanControl {...p} />;
    case "enum":
      return <EnumControl {...p} />;
    case "strings":
      return <StringsControl {...p} />;
    case "enums":
      return <EnumsControl {...p} />;
    default:
      return <JsonControl {...p} />;
  }
}
