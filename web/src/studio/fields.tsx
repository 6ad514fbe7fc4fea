// A part of the deck as a form made from its schema: each field with its label, its control,
// a hint when the catalog has one and its problems beside it; objects as fieldsets, lists of
// items (facts, agenda slots, traps…) as blocks one can add, move and remove, key/value
// tables for maps. A field the schema does not know (a typo in an imported deck) is shown
// with its value and the problem, and can be removed: nothing is hidden, nothing is lost.

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { fieldId, labelOf, type T, useStudio } from "./model";
import { freshId, getAt, moveAt, REMOVE, type Seg, formatPath, idsOf } from "./paths";
import { blank, kindOf, type Schema, unnull } from "./schema";
import { valueLabel } from "./labels";
import { Control } from "./widgets";
import { MarkdownField } from "./markdown";
import { Problems, problemsAt } from "./problems";
import { keyTemplateVariables } from "./refs";

export interface FieldProps {
  readonly path: readonly Seg[];
  readonly name: string;
  readonly parent: string;
  readonly schema: Schema;
  readonly required: boolean;
}

function Hint(props: { readonly name: string; readonly id: string }) {
  const { t } = useStudio();
  const key = `studio.h.${props.name}`;
  const text = t(key);
  return text === key ? null : (
    <p class="hint" id={props.id}>
      {text}
    </p>
  );
}

export function Field(props: FieldProps) {
  const studio = useStudio();
  const kind = kindOf(props.name, props.schema);
  if (kind === "object") return <ObjectFields {...props} />;
  if (kind === "items") return <ItemsList {...props} />;
  if (kind === "map") return <MapField {...props} />;
  const id = fieldId(props.path);
  const grouped = kind === "strings" || kind === "enums";
  const problems = problemsAt(studio.byPath.value, props.path, grouped);
  const label = labelOf(studio.t, props.parent, props.name);
  const hintKey = `studio.h.${props.name}`;
  const described = [problems?.length ? `${id}-problems` : "", studio.t(hintKey) !== hintKey ? `${id}-hint` : ""]
    .filter(Boolean)
    .join(" ");
  const value = getAt(studio.doc.value, props.path);
  if (kind === "markdown") {
    return <MarkdownField id={id} path={props.path} label={label} value={value} described={described} />;
  }
  return (
    <div class={`field ${kind}${problems?.length ? " bad" : ""}`}>
      {grouped ? (
        <span class="label" id={`${id}-label`}>
          {label}
          {props.required && <abbr title={studio.t("studio.required")}> *</abbr>}
        </span>
      ) : (
        <label for={id}>
          {label}
          {props.required && <abbr title={studio.t("studio.required")}> *</abbr>}
        </label>
      )}
      <Control
        id={id}
        path={props.path}
        name={props.name}
        schema={props.schema}
        value={value}
        required={props.required}
        described={described}
        invalid={Boolean(problems?.length)}
        set={(v) => studio.edit(props.path, v)}
      />
      <Hint name={props.name} id={`${id}-hint`} />
      <Problems id={`${id}-problems`} path={props.path} lines={grouped} />
    </div>
  );
}

/** The fields of an object, in the schema's order, then those the schema does not know. */
// Where a field reads best among its item's fields (the others keep the schema's order after).
const ORDER: Readonly<Record<string, readonly string[]>> = {
  contacts: ["id", "channel", "at", "extra", "principal", "subject", "opening", "facts", "awaits", "replies"],
};

export interface FieldsProps {
  readonly path: readonly Seg[];
  readonly schema: Schema;
  readonly parent: string;
  readonly skip?: readonly string[];
  readonly only?: readonly string[];
}

export function Fields(props: FieldsProps) {
  const studio = useStudio();
  const inner = unnull(props.schema).inner;
  const properties = inner.properties ?? {};
  const required = new Set(inner.required ?? []);
  const value = getAt(studio.doc.value, props.path);
  const unknown =
    value && typeof value === "object" && !Array.isArray(value) && !props.only
      ? Object.keys(value).filter((k) => !(k in properties))
      : [];
  const first = ORDER[props.parent] ?? [];
  const rank = (name: string) => (first.includes(name) ? first.indexOf(name) : first.length);
  return (
    <>
      {Object.entries(properties)
        .filter(([name]) => !props.skip?.includes(name) && (!props.only || props.only.includes(name)))
        .sort(([a], [b]) => rank(a) - rank(b))
        .map(([name, schema]) => (
          <Field key={name} path={[...props.path, name]} name={name} parent={props.parent} schema={schema} required={required.has(name)} />
        ))}
      {unknown.map((name) => (
        <Unknown key={name} path={[...props.path, name]} name={name} />
      ))}
    </>
  );
}

function Unknown(props: { readonly path: readonly Seg[]; readonly name: string }) {
  const studio = useStudio();
  const id = fieldId(props.path);
  return (
    <div class="field unknown bad">
      <span class="label">{props.name}</span>
      <code data-path={formatPath(props.path)}>{JSON.stringify(getAt(studio.doc.value, props.path))}</code>
      <button type="button" class="secondary small" onClick={() => studio.edit(props.path, REMOVE)}>
        {studio.t("studio.remove_field")}
      </button>
      <Problems id={`${id}-problems`} path={props.path} />
    </div>
  );
}

function ObjectFields(props: FieldProps) {
  const studio = useStudio();
  const id = fieldId(props.path);
  return (
    <fieldset class="object" data-path={formatPath(props.path)}>
      <legend>{labelOf(studio.t, props.parent, props.name)}</legend>
      <Problems id={`${id}-problems`} path={props.path} />
      <Fields path={props.path} schema={props.schema} parent={props.name} />
    </fieldset>
  );
}

// How a new item of a list is named (its id), by the list's field name.
const ID_PREFIX: Readonly<Record<string, string>> = { facts: "fait", staff: "personne", steps: "etape" };

/** One line saying what an item is, for its block's title. */
export function summaryOf(item: unknown): string {
  if (!item || typeof item !== "object") return "";
  const o = item as Record<string, unknown>;
  for (const key of ["id", "name", "title", "text", "label", "start", "date", "action", "prompt", "when"]) {
    const v = o[key];
    if (typeof v === "string" && v) return key === "start" && typeof o.end === "string" ? `${v} → ${o.end}` : v;
  }
  return "";
}

function ItemsList(props: FieldProps) {
  const studio = useStudio();
  const { t } = studio;
  const itemSchema = unnull(props.schema).inner.items ?? {};
  const items = getAt(studio.doc.value, props.path);
  const list = Array.isArray(items) ? items : [];
  const id = fieldId(props.path);
  const add = () => {
    const made = blank(itemSchema) as Record<string, unknown>;
    if ("id" in made) made.id = freshId(ID_PREFIX[props.name] ?? props.name, idsOf(list));
    studio.edit(props.path, [...list, made]);
  };
  const move = (from: number, to: number) => studio.replace(moveAt(studio.doc.value, props.path, from, to) as typeof studio.doc.value);
  return (
    <fieldset class="items" data-path={formatPath(props.path)}>
      <legend>
        {labelOf(t, props.parent, props.name)} <span class="count">({list.length})</span>
      </legend>
      <Problems id={`${id}-problems`} path={props.path} />
      {list.map((item, index) => (
        <ItemBlock key={index} open={list.length <= 4} title={`${index + 1}. ${summaryOf(item)}`}>
          <Fields path={[...props.path, index]} schema={itemSchema} parent={props.name} />
          <div class="item-actions">
            <button type="button" class="secondary small" disabled={index === 0} onClick={() => move(index, index - 1)}>
              {t("studio.up")}
            </button>
            <button type="button" class="secondary small" disabled={index === list.length - 1} onClick={() => move(index, index + 1)}>
              {t("studio.down")}
            </button>
            <button type="button" class="danger small" onClick={() => studio.edit([...props.path, index], REMOVE)}>
              {t("studio.remove")}
            </button>
          </div>
        </ItemBlock>
      ))}
      <button type="button" class="secondary small add" onClick={add}>
        {addLabel(t, props.parent, props.name)}
      </button>
    </fieldset>
  );
}

/** "+ Ajouter un fait": the catalog's words for this list, else "+ Ajouter : <label>". */
function addLabel(t: T, parent: string, name: string): string {
  for (const key of [`studio.add_one.${parent}.${name}`, `studio.add_one.${name}`]) {
    const said = t(key);
    if (said !== key) return said;
  }
  return t("studio.add_to", { what: labelOf(t, parent, name) });
}

function ItemBlock(props: { readonly open: boolean; readonly title: string; readonly children: ComponentChildren }) {
  const [open, setOpen] = useState(props.open);
  return (
    <details class="item" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{props.title}</summary>
      {props.children}
    </details>
  );
}

/** Named values (a deck's channel rules, the fields a CRM operation must hold). */
function MapField(props: FieldProps) {
  const studio = useStudio();
  const { t } = studio;
  const [adding, setAdding] = useState("");
  const value = getAt(studio.doc.value, props.path);
  const entries = value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
  const valueSchema = unnull(props.schema).inner.additionalProperties;
  const inner = typeof valueSchema === "object" ? valueSchema : {};
  const id = fieldId(props.path);
  // A key's template variables: the names its template's body uses (« Les variables correctes »).
  const variables = props.name === "variables" && props.parent === "key" ? keyTemplateVariables(studio.doc.value, props.path.slice(0, -1)).map((s) => s.value) : null;
  const keyChoices = variables ?? (props.name === "channel_overrides" ? studio.boot.choices.channels : props.parent === "channel_overrides" ? studio.boot.choices.rules : []);
  return (
    <fieldset class="map" data-path={formatPath(props.path)}>
      <legend>{labelOf(t, props.parent, props.name)}</legend>
      <Problems id={`${id}-problems`} path={props.path} />
      {entries.map((key) => (
        <div class="map-row" key={key}>
          <Field path={[...props.path, key]} name={key} parent={props.name} schema={inner} required />
          <button type="button" class="icon" aria-label={`${t("studio.remove")} ${key}`} onClick={() => studio.edit([...props.path, key], REMOVE)}>
            ×
          </button>
        </div>
      ))}
      <div class="map-add">
        <input
          type="text"
          list={keyChoices.length ? `${id}-keys` : undefined}
          aria-label={t("studio.new_key")}
          placeholder={t("studio.new_key")}
          data-path={formatPath([...props.path, "*"])}
          value={adding}
          onInput={(e) => setAdding((e.currentTarget as HTMLInputElement).value)}
        />
        {keyChoices.length > 0 && (
          <datalist id={`${id}-keys`}>
            {keyChoices.map((k) => (
              <option key={k} value={k} label={valueLabel(t, "", k)} />
            ))}
          </datalist>
        )}
        <button
          type="button"
          class="secondary small"
          disabled={!adding.trim() || entries.includes(adding.trim())}
          onClick={() => {
            studio.edit([...props.path, adding.trim()], kindOf(adding, inner) === "map" ? {} : blank(inner));
            setAdding("");
          }}
        >
          {t("studio.add")}
        </button>
      </div>
    </fieldset>
  );
}
