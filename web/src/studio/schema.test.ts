// Controls chosen from schema nodes shaped as omnisim/deck/jsonschema.py writes them.

import assert from "node:assert/strict";
import { test } from "node:test";
import { blank, childSchema, kindOf, type Schema } from "./schema";

const CONTACT: Schema = {
  type: "object",
  required: ["id", "channel"],
  properties: {
    id: { type: "string" },
    at: { anyOf: [{ type: "number" }, { type: "string", pattern: "^(\\d+:)?[0-5]?\\d:[0-5]\\d$" }] },
    channel: { enum: ["chat", "email", "sms", "phone", "complaint"] },
    opening: { type: "string" },
    customer: {
      type: "object",
      required: ["name"],
      properties: {
        name: { type: "string" },
        language: { anyOf: [{ enum: ["fr", "en"] }, { enum: [""] }], default: "" },
        mood: { type: "number", default: 0 },
      },
    },
    facts: {
      type: "array",
      items: { type: "object", required: ["id", "answer", "ask"], properties: { id: { type: "string" }, answer: { type: "string" }, ask: { type: "array", items: { type: "string" } } } },
    },
    key: {
      type: "object",
      properties: {
        reply_channels: { type: "array", items: { enum: ["chat", "email"] } },
        sla_minutes: { anyOf: [{ type: "number" }, { type: "null" }], default: null },
        switch_channel_to: { anyOf: [{ enum: ["chat", "email"] }, { type: "null" }] },
        urgent: { type: "boolean", default: false },
        fields: { type: "object", additionalProperties: { type: "string" } },
      },
    },
    overrides: { type: "object", additionalProperties: { type: "object", additionalProperties: { anyOf: [{ type: "number" }, { type: "integer" }, { type: "boolean" }] } } },
  },
};

test("each kind of field gets its control", () => {
  const p = CONTACT.properties ?? {};
  const key = p.key?.properties ?? {};
  assert.equal(kindOf("at", p.at ?? {}), "clock");
  assert.equal(kindOf("channel", p.channel ?? {}), "enum");
  assert.equal(kindOf("opening", p.opening ?? {}), "longtext");
  assert.equal(kindOf("id", p.id ?? {}), "text");
  assert.equal(kindOf("customer", p.customer ?? {}), "object");
  assert.equal(kindOf("language", p.customer?.properties?.language ?? {}), "enum");
  assert.equal(kindOf("facts", p.facts ?? {}), "items");
  assert.equal(kindOf("reply_channels", key.reply_channels ?? {}), "enums");
  assert.equal(kindOf("sla_minutes", key.sla_minutes ?? {}), "number");
  assert.equal(kindOf("switch_channel_to", key.switch_channel_to ?? {}), "enum");
  assert.equal(kindOf("urgent", key.urgent ?? {}), "boolean");
  assert.equal(kindOf("fields", key.fields ?? {}), "map");
  assert.equal(kindOf("overrides", p.overrides ?? {}), "map");
  assert.equal(kindOf("x", {}), "json"); // any value: still settable, as JSON
  // A key's template variable: its value, or the values it accepts, one line each.
  const accepted: Schema = { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] };
  assert.equal(kindOf("variables", { type: "object", additionalProperties: accepted }), "map");
  assert.equal(kindOf("objet", accepted), "strings");
});

test("a new item has its required fields; a field's schema is found from its parent's", () => {
  assert.deepEqual(blank(CONTACT.properties?.facts?.items), { id: "", answer: "", ask: [] });
  assert.deepEqual(blank(CONTACT), { id: "", channel: "chat" });
  assert.equal(childSchema(CONTACT, "facts")?.type, "array");
  assert.equal(childSchema(childSchema(CONTACT, "facts"), 0)?.required?.[0], "id");
  assert.equal(childSchema(childSchema(CONTACT, "key"), "fields")?.type, "object");
});

test("what a key says beyond notes gets its control from the schema (fmt21)", () => {
  // As omnisim/deck/jsonschema.py writes key.no_crm, a key.crm item's urgent, key.handover_points.
  const point: Schema = { type: "object", required: ["label", "accepts"], properties: { label: { type: "string" }, accepts: { type: "array", items: { type: "string" } } } };
  const crmItem: Schema = { type: "object", required: ["action"], properties: { action: { enum: ["trace", "message"] }, urgent: { type: "boolean", default: false } } };
  const key: Schema = {
    type: "object",
    properties: {
      no_crm: { type: "boolean", default: false },
      crm: { type: "array", items: crmItem },
      handover_points: { type: "array", items: point },
    },
  };
  const p = key.properties ?? {};
  assert.equal(kindOf("no_crm", p.no_crm ?? {}), "boolean");
  assert.equal(kindOf("urgent", childSchema(childSchema(key, "crm"), 0)?.properties?.urgent ?? {}), "boolean");
  assert.equal(kindOf("handover_points", p.handover_points ?? {}), "items");
  assert.deepEqual(blank(childSchema(childSchema(key, "handover_points"), 0)), { label: "", accepts: [] });
  assert.deepEqual(blank(childSchema(childSchema(key, "crm"), 0)), { action: "trace" });
});

test("an answer point owed when asked, a forbidden item's channels, a colleague to consult (fmt22b)", () => {
  // As omnisim/deck/jsonschema.py writes answer_points[].when_asked, forbidden[].channels and key.consult.
  const channels: Schema = { type: "array", items: { enum: ["chat", "email", "sms", "phone", "complaint"] }, default: [] };
  const point: Schema = { type: "object", required: ["label", "accepts"], properties: { label: { type: "string" }, accepts: { type: "array", items: { type: "string" } }, when_asked: { type: "array", items: { type: "string" }, default: [] } } };
  const forbidden: Schema = { type: "object", required: ["label"], properties: { label: { type: "string" }, channels } };
  const consult: Schema = { type: "object", required: ["staff"], properties: { staff: { type: "string" }, answer: { type: "string", default: "" } } };
  const key: Schema = {
    type: "object",
    properties: {
      answer_points: { type: "array", items: point },
      forbidden: { type: "array", items: forbidden },
      consult: { type: "array", items: consult },
    },
  };
  assert.equal(kindOf("when_asked", childSchema(childSchema(key, "answer_points"), 0)?.properties?.when_asked ?? {}), "strings");
  assert.equal(kindOf("channels", childSchema(childSchema(key, "forbidden"), 0)?.properties?.channels ?? {}), "enums");
  assert.equal(kindOf("consult", key.properties?.consult ?? {}), "items");
  assert.deepEqual(blank(childSchema(childSchema(key, "consult"), 0)), { staff: "" });
  assert.deepEqual(blank(childSchema(childSchema(key, "answer_points"), 0)), { label: "", accepts: [] });
});

test("a key's sale gets its form from the schema: offer, objections, add-on (fmt22a)", () => {
  // As omnisim/deck/jsonschema.py writes key.sale: an optional object of points and objections.
  const point: Schema = { type: "object", required: ["label", "accepts"], properties: { label: { type: "string" }, accepts: { type: "array", items: { type: "string" } } } };
  const addon: Schema = { type: "object", required: ["label", "accepts"], properties: { ...point.properties, accepted: { type: "boolean", default: false } } };
  const objection: Schema = { type: "object", required: ["prompt", "answers"], properties: { prompt: { type: "string" }, answers: { type: "array", items: { type: "string" } } } };
  const sale: Schema = {
    anyOf: [
      {
        type: "object",
        required: ["offer"],
        properties: {
          offer: point,
          need: { type: "array", items: { type: "string" }, default: [] },
          objections: { type: "array", items: objection, default: [] },
          addon: { anyOf: [addon, { type: "null" }], default: null },
        },
      },
      { type: "null" },
    ],
    default: null,
  };
  assert.equal(kindOf("sale", sale), "object");
  assert.equal(kindOf("objections", childSchema(sale, "objections") ?? {}), "items");
  assert.equal(kindOf("addon", childSchema(sale, "addon") ?? {}), "object");
  assert.equal(kindOf("accepted", childSchema(childSchema(sale, "addon"), "accepted") ?? {}), "boolean");
  assert.deepEqual(blank(childSchema(childSchema(sale, "objections"), 0)), { prompt: "", answers: [] });
  assert.deepEqual(blank(sale), { offer: { label: "", accepts: [] } });
});
