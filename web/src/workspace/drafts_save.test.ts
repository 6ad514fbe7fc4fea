// The candidate's drafts as the desk saves them (./model.ts makeDrafts): debounced while typed,
// sent at once when cleared, and what a cleared field still waited to save is never sent after
// it (leaving the page sends what the debounce holds).

import assert from "node:assert/strict";
import { test } from "node:test";
import { makeDrafts } from "./model";

/** A page's window and sessionStorage, enough for makeDrafts; `leave()` fires pagehide. */
function page() {
  const listeners: (() => void)[] = [];
  const timers = new Map<number, () => void>();
  let next = 0;
  const store: Record<string, string> = {};
  Object.assign(globalThis, {
    window: {
      setTimeout: (f: () => void) => (timers.set(++next, f), next),
      clearTimeout: (id: number) => timers.delete(id),
      addEventListener: (_: string, f: () => void) => listeners.push(f),
    },
    sessionStorage: { getItem: (k: string) => store[k] ?? null, setItem: (k: string, v: string) => (store[k] = v) },
  });
  return {
    leave: () => listeners.forEach((f) => f()),
    done: () => {
      delete (globalThis as { window?: unknown }).window;
      delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
    },
  };
}

test("a field cleared (a reply sent) before its debounced save is not saved again on leaving", () => {
  const p = page();
  try {
    const saved: [string, string][] = [];
    const drafts = makeDrafts("t", (field, text) => saved.push([field, text]));
    drafts.set("reply:c1", "Bonjour {{ client.civilite }}", "c1");
    drafts.set("crm:q", "roussel");
    drafts.clear("reply:c1"); // sent within the debounce: cleared at once
    p.leave();
    assert.deepEqual(saved, [
      ["reply:c1", ""],
      ["crm:q", "roussel"], // still typed, not sent: it goes as the page leaves
    ]);
  } finally {
    p.done();
  }
});
