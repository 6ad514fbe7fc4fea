// The case file's documents on the desk: an attachment received opens in a dialog, and an
// e-mail goes with copies (Cc) and documents attached — the centre's shared ones, or one a
// customer sent. Document bodies are Markdown rendered server-side by markdown-it with raw
// HTML disabled (omnisim/protocol/views.py candidate_workspace).

import { useState } from "preact/hooks";
import type { ContactView } from "./reducer";
import { type CaseDocument, type Desk, useDesk } from "./model";
import { Dialog } from "./dialog";

export function documentOf(desk: Desk, name: string): CaseDocument | undefined {
  return desk.dossier.documents.find((d) => d.name === name);
}

/** A document in a dialog: its title, its file name, its text. */
function DocumentDialog({ doc, onClose }: { doc: CaseDocument; onClose: () => void }) {
  return (
    <Dialog id="doc-title" kind="document" title={doc.title} onClose={onClose}>
      <p class="doc-name">{doc.name}</p>
      <article class="md" dangerouslySetInnerHTML={{ __html: doc.html }} />
    </Dialog>
  );
}

/** An attachment's name: a button opening it, or its name alone when the deck gave no text. */
export function DocumentLink({ name }: { name: string }) {
  const desk = useDesk();
  const [open, setOpen] = useState(false);
  const doc = documentOf(desk, name);
  if (doc === undefined) {
    return (
      <span class="doc-missing">
        {name} <small>{desk.t("desk.doc_unavailable")}</small>
      </span>
    );
  }
  return (
    <>
      <button type="button" class="link doc" onClick={() => setOpen(true)}>
        {name}
      </button>
      {open ? <DocumentDialog doc={doc} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** What the candidate may attach: the centre's documents and what customers sent so far. */
export function attachable(desk: Desk): string[] {
  const shared = desk.dossier.documents.filter((d) => d.shared).map((d) => d.name);
  const received = Object.values(desk.state.value.contacts).flatMap((c) => c.attachments);
  return [...new Set([...shared, ...received])];
}

const ccField = (id: string) => `cc:${id}`;
const attachField = (id: string) => `attach:${id}`;

/** The copies and attachments typed for contact `c`'s e-mail, as the send action takes them. */
export function enclosures(desk: Desk, c: ContactView): { cc: string[]; attachments: string[] } {
  const cc = desk.drafts
    .get(ccField(c.id))
    .value.split(/[,;\s]+/)
    .filter(Boolean);
  const attachments = desk.drafts.get(attachField(c.id)).value.split("\n").filter(Boolean);
  return { cc, attachments };
}

export function clearEnclosures(desk: Desk, c: ContactView): void {
  desk.drafts.clear(ccField(c.id), attachField(c.id));
}

/** The e-mail composer's copies and attachments (drafts: nothing lost on reload). */
export function Enclosures({ c }: { c: ContactView }) {
  const desk = useDesk();
  const { t } = desk;
  const cc = desk.drafts.get(ccField(c.id));
  const chosen = enclosures(desk, c).attachments;
  const set = (names: string[]) => desk.drafts.set(attachField(c.id), names.join("\n"), c.id);
  const options = attachable(desk).filter((n) => !chosen.includes(n));
  return (
    <div class="comp-enclosures">
      <label class="grow">
        {t("desk.cc")}{" "}
        <input
          type="text"
          inputMode="email"
          value={cc.value}
          placeholder="adresse@exemple.fr"
          onInput={(e) => desk.drafts.set(ccField(c.id), e.currentTarget.value, c.id)}
        />
      </label>
      <label>
        {t("desk.attach")}{" "}
        <select
          value=""
          onChange={(e) => {
            const name = e.currentTarget.value;
            if (name) set([...chosen, name]);
          }}
        >
          <option value="">—</option>
          {options.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {chosen.length ? (
        <ul class="enclosed" aria-label={t("candidate.attachments")}>
          {chosen.map((name) => (
            <li key={name}>
              {name}{" "}
              <button
                type="button"
                class="link"
                aria-label={t("desk.detach", { name })}
                onClick={() => set(chosen.filter((n) => n !== name))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
