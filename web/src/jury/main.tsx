// The jury's page: live observation (read only), replay of the attempt from its log with one
// lane per contact, evidence that moves the replay to its moment and highlights the event,
// two-handed grading, reconciliation, signatures, interview questions.
//
// The components (./app.tsx and the panels it holds) share the Jury made here (./model.ts).
// The page loads the attempt's log, then follows it live with the grading stream (./live.ts).
// esbuild bundles it into web/static/app/jury.js (see package.json "build").

import { effect } from "@preact/signals";
import { render } from "preact";
import type { StoredEvent } from "../generated/protocol";
import { socketTransport } from "../net/socket";
import { isOpen } from "../workspace/model";
import { App } from "./app";
import { followLive } from "./live";
import { type Boot, createJury, type Jury, JuryContext, refreshMeasures } from "./model";
import { follow, grow, play } from "./player";

/** The replay's desk shows a contact while it exists at the moment replayed; else the first open one. */
function keepSelection(jury: Jury): void {
  effect(() => {
    const contacts = jury.view.value.contacts;
    const current = jury.selected.peek();
    if (current !== null && Object.prototype.hasOwnProperty.call(contacts, current)) return;
    const all = Object.values(contacts);
    const first = all.find(isOpen) ?? all[all.length - 1];
    jury.selected.value = first ? first.id : null;
  });
}

async function start(root: HTMLElement, boot: Boot): Promise<void> {
  const jury = createJury(boot);
  keepSelection(jury);
  effect(() => {
    document.body.dataset.replaySeq = String(jury.pos.value);
  });
  // Measures update live, at most every 1.5 s however fast events come (a throttle: a
  // debounce would never fire while the clock ticks).
  let measuresDue: ReturnType<typeof setTimeout> | undefined;
  const more = (events: readonly StoredEvent[]) => {
    if (!grow(jury, events) || measuresDue !== undefined) return;
    measuresDue = setTimeout(() => {
      measuresDue = undefined;
      void refreshMeasures(jury);
    }, 1500);
  };
  jury.api.onWaiting = (reason) => {
    jury.errors.value = { ...jury.errors.value, read: reason };
  };
  try {
    more(await jury.api.log(boot.candidate));
  } catch (error) {
    root.textContent = error instanceof Error ? error.message : String(error); // said, not "loading"
    root.setAttribute("role", "alert");
    return;
  }
  follow(jury);
  root.textContent = ""; // the "loading" line
  render(
    <JuryContext.Provider value={jury}>
      <App />
    </JuryContext.Provider>,
    root,
  );
  performance.mark("jury-replay-ready"); // read by bench/replay.py
  followLive(jury, socketTransport({ token: boot.token, lang: boot.lang, candidate: boot.candidate }), more);
  play(jury);
  // The grading view is read once the grading stream is joined (./live.ts), then again only
  // when a push brings another member's hand-in, reconciliation or signature.
  await refreshMeasures(jury);
}

const bootText = (document.getElementById("boot") as HTMLElement).textContent ?? "{}";
void start(document.getElementById("jury-app") as HTMLElement, JSON.parse(bootText) as Boot);
