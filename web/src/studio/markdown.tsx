// A Markdown text (the briefing, an article, a letter template) with its preview as the
// candidate will see it. The preview is made by the server (markdown-it with raw HTML
// off, as the desk's): what the trainer types is never inserted as HTML by this page.
// A template's body also offers its variables, picked from the list the check accepts.

import { useEffect, useRef, useState } from "preact/hooks";
import { fieldId, useStudio } from "./model";
import { formatPath, type Seg } from "./paths";
import { Problems } from "./problems";
import { variablesOf } from "./refs";

const PREVIEW_AFTER = 400;

export interface MarkdownProps {
  readonly id: string;
  readonly path: readonly Seg[];
  readonly label: string;
  readonly value: unknown;
  readonly described: string;
}


export function MarkdownField(props: MarkdownProps) {
  const studio = useStudio();
  const { t } = studio;
  const text = typeof props.value === "string" ? props.value : "";
  const [html, setHtml] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);
  const template = props.path[0] === "templates";
  const [picked, setPicked] = useState(studio.boot.choices.variables[0] ?? "");
  useEffect(() => {
    const timer = window.setTimeout(async () => {
      const answer = await studio.api.markdown(text);
      if (answer?.ok) setHtml(answer.body.html); // sanitised by the server: no raw HTML
    }, PREVIEW_AFTER);
    return () => window.clearTimeout(timer);
  }, [text]);
  const insert = () => {
    const el = area.current;
    const token = `{{ ${picked} }}`;
    const at = el ? el.selectionStart : text.length;
    const end = el ? el.selectionEnd : text.length;
    studio.edit(props.path, text.slice(0, at) + token + text.slice(end));
    window.setTimeout(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };
  const used = template ? variablesOf(text) : [];
  return (
    <div class="field markdown">
      <label for={props.id}>{props.label}</label>
      {template && (
        <div class="variables">
          <label for={`${props.id}-var`}>{t("studio.variable")}</label>
          <select id={`${props.id}-var`} value={picked} onChange={(e) => setPicked((e.currentTarget as HTMLSelectElement).value)}>
            {studio.boot.choices.variables.map((v) => (
              <option key={v} value={v}>
                {`{{ ${v} }}`}
              </option>
            ))}
          </select>
          <button type="button" class="secondary small" onClick={insert}>
            {t("studio.insert_variable")}
          </button>
          {used.length > 0 && <span class="used">{t("studio.variables_used", { list: used.join(", ") })}</span>}
        </div>
      )}
      <div class="md-pair">
        <textarea
          ref={area}
          id={props.id}
          data-path={formatPath(props.path)}
          rows={Math.min(24, Math.max(6, text.split("\n").length + 1))}
          value={text}
          aria-describedby={props.described || undefined}
          onInput={(e) => studio.edit(props.path, (e.currentTarget as HTMLTextAreaElement).value)}
        />
        <section class="md-preview" aria-label={t("studio.preview")}>
          <h4>{t("studio.preview")}</h4>
          {/* markdown-it output (raw HTML off): safe HTML made by the server */}
          <div class="md-body" dangerouslySetInnerHTML={{ __html: html }} />
        </section>
      </div>
      <Problems id={`${fieldId(props.path)}-problems`} path={props.path} />
    </div>
  );
}
