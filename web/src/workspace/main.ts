// The agent workspace's entry point. esbuild bundles it into web/static/app/workspace.js, an
// IIFE whose exports become `window.OmniSimWorkspace` (a classic script, like the page's other
// scripts: no module loader, one request, allowed by the pages' CSP).
//
// For now it holds the workspace's state as a signal, folded by the reducer; the desk renders
// from it in the next step.

import { type ReadonlySignal, signal } from "@preact/signals";
import type { StoredEvent } from "../generated/protocol";
import { initial, own, project, reduce, type WorkspaceState } from "./reducer";

export { initial, own, project, reduce };

export interface Workspace {
  readonly state: ReadonlySignal<WorkspaceState>;
  /** Folds what arrives; an event already folded (a resend after a reconnection) is skipped. */
  apply(events: readonly StoredEvent[]): void;
}

export function createWorkspace(start: WorkspaceState = initial()): Workspace {
  const state = signal(start);
  return {
    state,
    apply(events) {
      let next = state.value;
      for (const event of events) {
        if (event.seq > next.last.seq) next = reduce(next, event);
      }
      state.value = next; // one notification per batch; none when nothing changed
    },
  };
}
