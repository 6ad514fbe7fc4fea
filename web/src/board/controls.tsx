// The exam's controls at the top of the board: status, mode, pace, start/pause/resume/stop for
// every candidate, an injection to all, and the state of the connection.

import { useState } from "preact/hooks";
import { say, useBoard } from "./model";

/** A contact of the deck's library to inject, and the button that does it. */
export function LibraryPicker({ id, onPick, label }: { id: string; onPick: (contact: string) => void; label: string }) {
  const { boot, t } = useBoard();
  const [chosen, setChosen] = useState(boot.library[0]?.id ?? "");
  if (boot.library.length === 0) return <span class="hint">{t("board.library_empty")}</span>;
  return (
    <span class="inject">
      <select id={id} aria-label={t("board.library")} value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
        {boot.library.map((x) => (
          <option value={x.id}>
            {x.customer} — {t(`channel.${x.channel}`)}{x.subject ? ` — ${x.subject}` : ""}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => onPick(chosen)}>
        {label}
      </button>
    </span>
  );
}

type ExamCommand = "start" | "pause" | "resume" | "stop";

export function Controls() {
  const board = useBoard();
  const { boot, t, examStatus, link } = board;
  const exam = async (kind: ExamCommand) => {
    if (kind === "stop" && !window.confirm(t("board.confirm_stop"))) return; // ends every attempt
    say(board, await board.act(null, kind, {}), t(`board.done.${kind}`));
  };
  const injectAll = async (contact: string) => {
    const reply = await board.act("all", "inject", { contact_id: contact });
    if (!reply.ok) return say(board, reply);
    const nameOf = (person: string) => board.people.value.find((p) => p.id === person)?.name ?? person;
    const refused = Object.entries("refused" in reply ? reply.refused : {});
    const injected = "injected" in reply ? reply.injected : [];
    const text = [t("board.injected", { n: injected.length }), ...refused.map(([who, why]) => `${nameOf(who)} : ${why}`)];
    board.tell(text.join(" · "), refused.length > 0);
  };
  const live = link.value === "online";
  return (
    <div class="board-controls">
      <span class="exam-status" data-status={examStatus.value}>
        {t(`board.exam.${examStatus.value}`)}
      </span>
      <span>{t("board.mode", { mode: t(`mode.${boot.mode}`) })}</span>
      <span>{t("board.pace", { factor: boot.time_factor })}</span>
      <button type="button" onClick={() => exam("start")}>{t("board.start_all")}</button>
      <button type="button" onClick={() => exam("pause")}>{t("board.pause_all")}</button>
      <button type="button" onClick={() => exam("resume")}>{t("board.resume_all")}</button>
      <button type="button" onClick={() => exam("stop")}>{t("board.stop_all")}</button>
      <LibraryPicker id="inject-all-contact" onPick={injectAll} label={t("board.inject_all")} />
      <span class={`link ${live ? "on" : "off"}`}>{t(live ? "board.live" : "board.reconnecting")}</span>
    </div>
  );
}
