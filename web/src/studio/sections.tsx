// The deck's parts: a menu with each part's problems counted, and each part's page. Settings
// and the briefing are one form each; principals, CRM records, articles, templates, scripts
// and contacts are lists: pick an item on the left, write it on the right. Contacts also
// have their timeline above the list.

import { useEffect } from "preact/hooks";
import { fieldId, labelOf, SECTIONS, type Section, useStudio } from "./model";
import { freshId, getAt, idsOf, insertAt, REMOVE, type Seg } from "./paths";
import { blank, childSchema, type Schema } from "./schema";
import { Fields } from "./fields";
import { MarkdownField } from "./markdown";
import { Timeline } from "./timeline";
import { itemLabel } from "./labels";

// How a new item of a part is named (its id) and what it starts with.
const STARTS: Readonly<Record<string, { prefix: string; fill: Record<string, unknown> }>> = {
  principals: { prefix: "donneur", fill: { name: "", sector: "" } },
  crm: { prefix: "fiche", fill: { last_name: "" } },
  knowledge: { prefix: "article", fill: { body: "# \n" } },
  templates: { prefix: "lettre", fill: { title: "", channel: "email", body: "" } },
  scripts: { prefix: "script", fill: { title: "", steps: [{ id: "etape-1", question: "" }] } },
  contacts: { prefix: "contact", fill: { channel: "chat", customer: { name: "" }, opening: "" } },
};

const SIDE = ["customer", "reactions", "key"];

export function Nav() {
  const studio = useStudio();
  const { t } = studio;
  const current = studio.view.value;
  const counts = new Map<string, number>();
  for (const p of studio.problems.value) {
    const head = p.path.split(/[.[]/)[0] ?? "";
    counts.set(head, (counts.get(head) ?? 0) + 1);
  }
  return (
    <nav class="sections" aria-label={t("studio.parts")}>
      <ul>
        {SECTIONS.map((section) => {
          const list = studio.doc.value[section];
          const n = counts.get(section) ?? 0;
          return (
            <li key={section}>
              <button
                type="button"
                class={current.section === section && !current.versions ? "current" : ""}
                aria-current={current.section === section && !current.versions ? "page" : undefined}
                onClick={() => (studio.view.value = { section, item: null, versions: false })}
              >
                {t(`studio.section.${section}`)}
                {Array.isArray(list) && <span class="count"> {list.length}</span>}
                {n > 0 && (
                  <span class="bad-count" title={t("studio.problems", { count: n })}>
                    {" "}
                    ⚠ {n}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function ItemsSection(props: { readonly section: Section; readonly schema: Schema }) {
  const studio = useStudio();
  const { t } = studio;
  const list = studio.doc.value[props.section];
  const items = Array.isArray(list) ? list : [];
  const itemSchema = childSchema(props.schema, 0) ?? {};
  const open = studio.view.value.item;
  const order = items.map((_, i) => i);
  if (props.section === "contacts") {
    const at = (i: number) => {
      const c = items[i] as Record<string, unknown> | undefined;
      return c?.extra === true ? Infinity : typeof c?.at === "number" ? c.at : 0;
    };
    order.sort((a, b) => at(a) - at(b));
  }
  const add = () => {
    const start = STARTS[props.section] ?? { prefix: "item", fill: {} };
    const made: Record<string, unknown> = {
      ...(blank(itemSchema) as Record<string, unknown>),
      ...start.fill,
      id: freshId(start.prefix, idsOf(items)),
    };
    if (props.section === "contacts") {
      const last = Math.max(0, ...items.map((c: Record<string, unknown>) => (typeof c?.at === "number" ? c.at : 0)));
      made.at = items.length ? last + 300 : 60;
    }
    studio.replace(insertAt(studio.doc.value, [props.section], made) as typeof studio.doc.value);
    studio.view.value = { section: props.section, item: items.length, versions: false };
  };
  const bad = (i: number) => studio.problems.value.some((p) => p.path.startsWith(`${props.section}[${i}]`));
  const item = open !== null ? items[open] : undefined;
  return (
    <div class="master-detail">
      <div class="master">
        <ul class="item-list" aria-label={t(`studio.section.${props.section}`)}>
          {order.map((i) => (
            <li key={i}>
              <button
                type="button"
                class={`${i === open ? "current" : ""}${bad(i) ? " bad" : ""}`}
                aria-current={i === open ? "true" : undefined}
                onClick={() => (studio.view.value = { section: props.section, item: i, versions: false })}
              >
                {itemLabel(props.section, items[i], t)}
                {bad(i) && <span class="bad-count"> ⚠</span>}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" class="add" onClick={add}>
          {t(`studio.add.${props.section}`)}
        </button>
      </div>
      <div class="detail">
        {item === undefined || open === null ? (
          <p class="hint">{t(items.length ? "studio.pick_item" : "studio.empty_part")}</p>
        ) : (
          <ItemForm section={props.section} index={open} schema={itemSchema} />
        )}
      </div>
    </div>
  );
}

function ItemForm(props: { readonly section: Section; readonly index: number; readonly schema: Schema }) {
  const studio = useStudio();
  const { t } = studio;
  const path: Seg[] = [props.section, props.index];
  const copy = () => {
    const item = getAt(studio.doc.value, path) as Record<string, unknown>;
    const items = studio.doc.value[props.section];
    const id = freshId(`${String(item.id ?? "copie")}-copie`, idsOf(items));
    studio.replace(insertAt(studio.doc.value, [props.section], { ...item, id }) as typeof studio.doc.value);
    studio.view.value = { section: props.section, item: Array.isArray(items) ? items.length : 0, versions: false };
  };
  const remove = () => {
    studio.edit(path, REMOVE);
    studio.view.value = { section: props.section, item: null, versions: false };
  };
  return (
    <form class="item-form" onSubmit={(e) => e.preventDefault()} aria-label={itemLabel(props.section, getAt(studio.doc.value, path), t)}>
      <h2>{itemLabel(props.section, getAt(studio.doc.value, path), t)}</h2>
      {props.section === "contacts" ? (
        // What the contact is and says on the left; the customer, reactions and key beside it.
        <div class="columns">
          <div>
            <Fields path={path} schema={props.schema} parent={props.section} skip={SIDE} />
          </div>
          <div>
            <Fields path={path} schema={props.schema} parent={props.section} only={SIDE} />
          </div>
        </div>
      ) : (
        <Fields path={path} schema={props.schema} parent={props.section} />
      )}
      <div class="item-actions">
        <button type="button" class="secondary" onClick={copy}>
          {t("studio.duplicate_item")}
        </button>
        <button type="button" class="danger" onClick={remove}>
          {t("studio.remove_item")}
        </button>
      </div>
    </form>
  );
}

export function SectionView() {
  const studio = useStudio();
  const { t } = studio;
  const { section } = studio.view.value;
  const schema = childSchema(studio.boot.schema, section) ?? {};
  useEffect(() => {
    const wanted = studio.focus.value;
    if (!wanted) return;
    const el = document.querySelector<HTMLElement>(`[data-path="${CSS.escape(wanted)}"]`);
    if (el) {
      el.scrollIntoView({ block: "center" });
      el.focus();
      studio.focus.value = "";
    }
  });
  return (
    <section class={`part ${section}`} aria-labelledby="part-title">
      <h1 id="part-title">{t(`studio.section.${section}`)}</h1>
      <p class="part-help">{t(`studio.help.${section}`)}</p>
      {section === "settings" && (
        <form class="item-form" onSubmit={(e) => e.preventDefault()}>
          <Fields path={["settings"]} schema={schema} parent="settings" />
        </form>
      )}
      {section === "briefing" && (
        <MarkdownField id={fieldId(["briefing"])} path={["briefing"]} label={labelOf(t, "", "briefing")} value={studio.doc.value.briefing} described="" />
      )}
      {section === "contacts" && <Timeline />}
      {section !== "settings" && section !== "briefing" && <ItemsSection section={section} schema={schema} />}
    </section>
  );
}
