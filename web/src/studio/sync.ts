// Nothing typed is lost: every change is kept in this browser at once (localStorage), checked
// by the server a moment later (the same checks as `omnisim deck check`) and saved as a new
// version when the trainer pauses. A save names the version it was made from; when another
// trainer saved since, the server answers with their changes and the studio asks what to do
// (never writes over them). Offline, the work waits in the browser and is sent again.

import type { Doc } from "./paths";
import type { Studio } from "./model";

const CHECK_AFTER = 250; // ms after the last keystroke: problems follow the typing
const SAVE_AFTER = 1500; // ms after the last keystroke: a version per pause, not per key
const RETRY_AFTER = 5000;

interface Backup {
  readonly base: number;
  readonly doc: Doc;
  readonly at: number;
}

export interface Sync {
  edited(): void;
  saveNow(): Promise<void>;
  /** The trainer's answer to a conflict: my changes on top of theirs, or theirs only. */
  resolve(choice: "mine" | "theirs"): void;
  /** A document the server already holds as version `base` (a restore). */
  adopt(doc: Doc, base: number): void;
}

export function startSync(studio: Studio, storage: Storage | null): Sync {
  const key = `omnisim:studio:${studio.boot.deck.deck}`;
  const timers = { check: 0, save: 0, backup: 0 };
  let checks = 0;
  let saving = false;
  let again = false;

  const backup = () => {
    if (studio.sync.value === "saved") return; // the server holds it all: nothing to keep
    const saved: Backup = { base: studio.base.value, doc: studio.doc.value, at: Date.now() };
    try {
      storage?.setItem(key, JSON.stringify(saved));
    } catch {
      /* full or forbidden: the server copy is what is left */
    }
  };
  const forget = () => storage?.removeItem(key);

  const check = async () => {
    const asked = ++checks;
    const answer = await studio.api.check(studio.doc.value);
    if (answer?.ok && asked === checks) {
      studio.problems.value = answer.body.problems;
      studio.warnings.value = answer.body.warnings ?? [];
    }
  };

  const save = async (): Promise<void> => {
    if (studio.conflict.value !== null || studio.info.value.read_only) return;
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    const sent = studio.doc.value;
    studio.sync.value = "saving";
    const answer = await studio.api.save(studio.base.value, sent);
    saving = false;
    if (answer === null) {
      studio.sync.value = "offline";
      window.clearTimeout(timers.save);
      timers.save = window.setTimeout(() => void save(), RETRY_AFTER);
      return;
    }
    if (answer.ok) {
      studio.base.value = answer.body.version;
      studio.info.value = answer.body;
      if (studio.doc.value === sent) {
        studio.problems.value = answer.body.problems;
        studio.sync.value = "saved";
        forget();
      } else {
        studio.sync.value = "pending";
        backup();
      }
    } else if (answer.status === 409) {
      studio.conflict.value = answer.body.conflict as Studio["conflict"]["value"];
      studio.sync.value = "conflict";
    } else {
      studio.sync.value = "refused";
      studio.notice.value = answer.error.reason;
    }
    if (again || (answer.ok && studio.doc.value !== sent)) {
      again = false;
      window.clearTimeout(timers.save);
      timers.save = window.setTimeout(() => void save(), SAVE_AFTER);
    }
  };

  const sync: Sync = {
    edited() {
      if (studio.conflict.value === null) studio.sync.value = "pending";
      window.clearTimeout(timers.backup);
      timers.backup = window.setTimeout(backup, 200);
      window.clearTimeout(timers.check);
      timers.check = window.setTimeout(() => void check(), CHECK_AFTER);
      window.clearTimeout(timers.save);
      timers.save = window.setTimeout(() => void save(), SAVE_AFTER);
    },
    async saveNow() {
      window.clearTimeout(timers.save);
      await save();
    },
    resolve(choice) {
      const conflict = studio.conflict.value;
      if (conflict === null) return;
      if (choice === "theirs") {
        storage?.setItem(`${key}:set-aside`, JSON.stringify({ doc: studio.doc.value, at: Date.now() }));
      }
      studio.conflict.value = null;
      studio.base.value = conflict.version;
      studio.doc.value = choice === "mine" ? conflict.merged : conflict.document;
      if (choice === "mine") {
        sync.edited();
        void sync.saveNow();
      } else {
        studio.sync.value = "saved";
        forget();
        void check();
      }
    },
    adopt(doc, base) {
      studio.base.value = base;
      studio.doc.value = doc;
      studio.sync.value = "saved";
      forget();
    },
  };

  // What this browser kept and the server never got (a reload, a crash, a lost connection).
  const kept = readBackup(storage, key);
  if (kept !== null && JSON.stringify(kept.doc) !== JSON.stringify(studio.doc.value)) {
    studio.doc.value = kept.doc;
    studio.base.value = kept.base; // an older base makes the server answer with a conflict
    studio.notice.value = studio.t("studio.restored");
    sync.edited();
  }
  window.addEventListener("pagehide", backup);
  return sync;
}

function readBackup(storage: Storage | null, key: string): Backup | null {
  try {
    const raw = storage?.getItem(key);
    const kept = raw ? (JSON.parse(raw) as Backup) : null;
    return kept && typeof kept.base === "number" && kept.doc && typeof kept.doc === "object" ? kept : null;
  } catch {
    return null;
  }
}
