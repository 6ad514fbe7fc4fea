// A modal dialog of the desk: a title, what it shows, a « Fermer » button; a click outside or
// Escape closes it too.

import type { ComponentChildren } from "preact";
import { useDesk } from "./model";

export function Dialog(props: {
  readonly id: string;
  readonly title: string;
  readonly kind?: string;
  readonly onClose: () => void;
  readonly children: ComponentChildren;
}) {
  const { t } = useDesk();
  const { onClose } = props;
  return (
    <div class="overlay" onClick={onClose}>
      <div
        class={props.kind ? `dialog ${props.kind}` : "dialog"}
        role="dialog"
        aria-modal="true"
        aria-labelledby={props.id}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === "Escape" && onClose()}
      >
        <h2 id={props.id}>{props.title}</h2>
        {props.children}
        <button type="button" autoFocus onClick={onClose}>
          {t("desk.close")}
        </button>
      </div>
    </div>
  );
}
