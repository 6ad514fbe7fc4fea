// Forms made from the deck document's JSON Schema (omnisim/deck/jsonschema.py
// document_schema): each field's control is decided by its schema node, so a field the
// format gains appears in the studio with no code change. Pure: tested by schema.test.ts.

import type { Seg } from "./paths";

export interface Schema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly Schema[];
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema | boolean;
  readonly required?: readonly string[];
  readonly default?: unknown;
  readonly format?: string;
  readonly pattern?: string;
  readonly const?: unknown;
}

/** The control a field gets. "json" is the last resort: any value, typed as JSON. */
export type Kind =
  | "text"
  | "longtext"
  | "markdown"
  | "number"
  | "integer"
  | "boolean"
  | "enum"
  | "clock"
  | "strings"
  | "enums"
  | "items"
  | "object"
  | "map"
  | "json";

// Texts a trainer writes as sentences (a textarea), by field name.
const LONG = new Set([
  "opening",
  "answer",
  "notes",
  "note",
  "text",
  "summary",
  "prompt",
  "question",
  "switch_message",
  "supervisor_line",
  "complaint_line",
  "calmed_line",
  "thanks",
]);

/** The schema without its `null` option, and whether null is allowed. */
export function unnull(schema: Schema): { readonly inner: Schema; readonly nullable: boolean } {
  const options = schema.anyOf;
  if (!options) return { inner: schema, nullable: false };
  const kept = options.filter((s) => s.type !== "null");
  const nullable = kept.length !== options.length;
  if (kept.length === 1 && kept[0]) return { inner: kept[0], nullable };
  return { inner: { ...schema, anyOf: kept }, nullable };
}

/** Every value an enum (or a union of enums) allows, or null. */
export function choicesOf(schema: Schema): readonly unknown[] | null {
  if (schema.enum) return schema.enum;
  if (schema.anyOf && schema.anyOf.every((s) => s.enum)) return schema.anyOf.flatMap((s) => s.enum ?? []);
  return null;
}

export function kindOf(name: string, schema: Schema): Kind {
  const { inner } = unnull(schema);
  if (choicesOf(inner)) return "enum";
  if (inner.anyOf) {
    const types = inner.anyOf.map((s) => s.type);
    // A value or a list of accepted values (a key's template variables): one line each.
    if (inner.anyOf.length === 2 && types.includes("string") && inner.anyOf.some((s) => s.type === "array" && s.items?.type === "string")) return "strings";
    if (types.includes("number") && inner.anyOf.some((s) => s.type === "string" && s.pattern)) return "clock";
    return "json";
  }
  switch (inner.type) {
    case "string":
      if (inner.format === "markdown") return "markdown";
      return LONG.has(name) ? "longtext" : "text";
    case "number":
      return "number";
    case "integer":
      return "integer";
    case "boolean":
      return "boolean";
    case "array": {
      const items = inner.items ? unnull(inner.items).inner : {};
      if (choicesOf(items)) return "enums";
      if (items.type === "string" || items.type === "number" || items.type === "integer") return "strings";
      if (items.type === "object" && items.properties) return "items";
      return "json";
    }
    case "object":
      if (inner.properties) return "object";
      if (inner.additionalProperties && typeof inner.additionalProperties === "object") return "map";
      return "json";
    default:
      return "json";
  }
}

/** The schema of what sits at `seg` inside a value of `schema`. */
export function childSchema(schema: Schema | undefined, seg: Seg): Schema | undefined {
  if (!schema) return undefined;
  const { inner } = unnull(schema);
  if (typeof seg === "number") return inner.items;
  const prop = inner.properties?.[seg];
  if (prop) return prop;
  return typeof inner.additionalProperties === "object" ? inner.additionalProperties : undefined;
}

/** A new value for `schema`: its required fields filled, the rest left to their defaults. */
export function blank(schema: Schema | undefined): unknown {
  if (!schema) return "";
  const { inner } = unnull(schema);
  const choices = choicesOf(inner);
  if (choices) return choices[0] ?? "";
  if (inner.anyOf) return inner.anyOf[0] ? blank(inner.anyOf[0]) : "";
  switch (inner.type) {
    case "string":
      return "";
    case "number":
    case "integer":
      return typeof inner.default === "number" ? inner.default : 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object": {
      const made: Record<string, unknown> = {};
      for (const name of inner.required ?? []) made[name] = blank(inner.properties?.[name]);
      return made;
    }
    default:
      return "";
  }
}
