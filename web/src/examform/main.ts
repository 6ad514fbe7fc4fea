/**
 * The exam form says, as soon as a deck and a grid are chosen, what the deck cannot assess of
 * the grid and whether it prepares for that grid (omnisim/web/pages/assess.py `warnings_json`).
 * A warning, never a refusal: the trainer may create the exam all the same. Texts come from
 * the server in the page's language and are set as text, never as HTML.
 */

interface Warnings {
  readonly warnings: readonly string[];
  readonly coverage: string;
}

function isWarnings(data: unknown): data is Warnings {
  const d = data as Partial<Warnings> | null;
  return d !== null && typeof d === "object" && Array.isArray(d.warnings) && typeof d.coverage === "string";
}

export function show(box: HTMLElement, data: Warnings): void {
  const list = box.querySelector("ul");
  const link = box.querySelector("a");
  if (list === null) return;
  list.replaceChildren(
    ...data.warnings.map((line) => {
      const item = document.createElement("li");
      item.textContent = line;
      return item;
    }),
  );
  if (link !== null) link.href = data.coverage;
  box.hidden = data.warnings.length === 0;
}

function start(): void {
  const form = document.getElementById("exam-form");
  const deck = document.getElementById("deck");
  const grid = document.getElementById("grid");
  const box = document.getElementById("deck-warnings");
  if (!(form && deck instanceof HTMLSelectElement && grid instanceof HTMLSelectElement && box)) return;
  const lang = form.dataset["lang"] ?? "fr";
  let asked = 0;
  const refresh = async (): Promise<void> => {
    const mine = ++asked;
    const url = `/decks/${encodeURIComponent(deck.value)}/warnings?grid=${encodeURIComponent(grid.value)}&lang=${lang}`;
    try {
      const answer = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      const data: unknown = answer.ok ? await answer.json() : null;
      if (mine === asked && isWarnings(data)) show(box, data);
    } catch {
      // Offline or signed out: the warnings shown with the page stay; creating still works.
    }
  };
  deck.addEventListener("change", () => void refresh());
  grid.addEventListener("change", () => void refresh());
}

start();
