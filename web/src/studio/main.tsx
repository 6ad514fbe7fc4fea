// The deck studio: a trainer writes, checks, saves and publishes a scenario deck in the
// browser, with no YAML. Forms are made from the deck document's schema (./schema.ts,
// ./fields.tsx), problems come from the server's check after each change (./sync.ts) and
// sit beside their field, every pause is saved as a version, and another trainer's save
// is a conflict the trainer decides (./conflict.tsx). esbuild bundles this file into
// web/static/app/studio.js.

import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ConflictDialog } from "./conflict";
import { type Boot, makeStudio, type Studio, StudioContext, useStudio } from "./model";
import { ProblemList } from "./problems";
import { Nav, SectionView } from "./sections";
import { startSync, type Sync } from "./sync";
import { Toolbar } from "./toolbar";
import { Versions } from "./versions";

function Notice() {
  const studio = useStudio();
  const text = studio.notice.value;
  if (!text) return null;
  return (
    <div class="notice" role="status">
      <span>{text}</span>
      <button type="button" class="icon" aria-label={studio.t("studio.close")} onClick={() => (studio.notice.value = "")}>
        ×
      </button>
    </div>
  );
}

function App(props: { readonly sync: Sync }) {
  const studio = useStudio();
  const [problemsOpen, setProblemsOpen] = useState(false);
  useEffect(() => {
    const keys = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "s") {
        e.preventDefault();
        void props.sync.saveNow();
      }
    };
    const leave = (e: BeforeUnloadEvent) => {
      if (studio.sync.value !== "saved") e.preventDefault(); // kept in this browser anyway
    };
    window.addEventListener("keydown", keys);
    window.addEventListener("beforeunload", leave);
    return () => {
      window.removeEventListener("keydown", keys);
      window.removeEventListener("beforeunload", leave);
    };
  }, []);
  return (
    <div class="studio">
      <Toolbar sync={props.sync} problemsOpen={problemsOpen} toggleProblems={() => setProblemsOpen(!problemsOpen)} />
      <Notice />
      {problemsOpen && <ProblemList />}
      <div class="studio-body">
        <Nav />
        <main class="editor">
          {studio.view.value.versions ? <Versions onRestored={(doc, base) => props.sync.adopt(doc, base)} /> : <SectionView />}
        </main>
      </div>
      <ConflictDialog sync={props.sync} />
    </div>
  );
}

export function mountStudio(root: HTMLElement, boot: Boot, storage: Storage | null): Studio {
  let sync: Sync | null = null;
  const studio = makeStudio(boot, () => sync?.edited());
  sync = startSync(studio, storage);
  if (boot.imported) studio.notice.value = studio.t(`studio.imported.${boot.imported}`);
  if (boot.deck.read_only) studio.notice.value = studio.t("err.deck_read_only");
  root.textContent = ""; // the page's "loading…" line
  render(
    <StudioContext.Provider value={studio}>
      <App sync={sync} />
    </StudioContext.Provider>,
    root,
  );
  return studio;
}

const root = typeof document !== "undefined" ? document.getElementById("studio") : null;
const bootEl = typeof document !== "undefined" ? document.getElementById("boot") : null;
if (root !== null && bootEl !== null) {
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null; // private browsing: the server's versions are all that is kept
  }
  mountStudio(root, JSON.parse(bootEl.textContent ?? "{}") as Boot, storage);
}
