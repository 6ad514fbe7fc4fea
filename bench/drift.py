"""Drift of the simulated clock over a long session: one candidate on a real worker.

    .venv/bin/python bench/drift.py [--minutes 90] [--pace 1] [--report-every 10]
                                    [--contact-every 2] [--load 0]

On demand, loopback only; prints figures, asserts nothing. A fresh ``omnisim serve``
(temporary SQLite file, as in bench/load.py) gets a trainer; the script writes a
temporary deck, a copy of decks/demo whose ``duration_minutes`` covers the run at the
chosen pace and which gains a contact every ``--contact-every`` simulated minutes
(copies of the demo's chat, e-mail, SMS and complaint contacts under new ids), uploads
it through ``POST /api/decks`` (the normal deck checks: a refused deck stops the run
with its problems), creates a training exam on it at the pace, connects one candidate
(python-socketio), joins and starts. It never acts again: everything that follows is
the engine's own schedule (arrivals, customer lines, chases, deadlines, the end).

For each event received it keeps ``sim_time``, ``wall_time`` and the local receipt
time, and prints every ``--report-every`` minutes and at the end, for the scheduled
events (those no action caused), in wall milliseconds:
- commit drift = |(wall_time − start wall) × pace − (sim_time − start sim)| / pace:
  how late the worker logged a step against the time its clock said it was due;
- receipt drift = the same with the receipt time instead of ``wall_time`` (what the
  candidate sees, push latency included);
  Response and complaint deadlines are cut to end before the session does (the deck
  check refuses a deadline beyond the end); the script runs
  ``omnisim deck check`` on the generated deck and prints its verdict.
- due-time lateness of arrivals: an offered contact's ``sim_time`` against the deck's
  ``at``, and the end against ``duration_minutes`` (sim seconds; 0 unless a step was
  stamped later than it was due).
``--load N`` also runs bench/load.py's Node generator with N candidates on other exams
of the same worker (×60 demo, which lasts 4.5 minutes: keep ``--minutes`` under 4
with it) to see the drift under load.
Every event also goes, one JSON line each, to
test-artifacts/bench/drift-events-<minutes>min-load<N>.jsonl.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import math
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import socketio
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402  (bench/load.py: the worker and the Node generator)

ROOT = load.ROOT
ARTIFACTS = ROOT / "test-artifacts" / "bench"
COPIED_CHANNELS = ("chat", "email", "sms", "complaint")
WINDOW = 600.0  # wall seconds per window of the drift's floor


def hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


def long_deck(where: Path, sim_minutes: float, pace: float, every: float) -> dict[str, float]:
    """A copy of decks/demo lasting ``sim_minutes``; returns each contact's due sim second."""
    deck = where / "drift-deck"
    shutil.copytree(ROOT / "decks" / "demo", deck)
    settings = (deck / "deck.yaml").read_text(encoding="utf-8")
    lines = []
    for line in settings.splitlines():
        key = line.split(":", 1)[0]
        if key == "duration_minutes":
            line = f"duration_minutes: {math.ceil(sim_minutes)}"
        elif key == "time_factor":
            line = f"time_factor: {pace:g}"
        elif key == "id":
            line = "id: demo-drift"
        lines.append(line)
    (deck / "deck.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    due: dict[str, float] = {}
    models = []
    end = math.ceil(sim_minutes) * 60
    for path in sorted((deck / "contacts").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        contact = yaml.safe_load(text)
        if contact.get("extra"):
            continue
        at = _seconds(contact["at"])
        if contact["channel"] in COPIED_CHANNELS:
            models.append(text)
        fitted = capped(text, at, end)
        if at >= end - 60 or fitted is None:  # the original falls after the shortened end
            path.unlink()
            continue
        path.write_text(fitted, encoding="utf-8")
        due[contact.get("id", path.stem)] = at
    n, at = 0, 30.0
    while at < end - 60:
        contact_id = f"banc-{n:03d}"
        for turn in range(len(models)):
            fitted = capped(models[(n + turn) % len(models)], at, end)
            if fitted is not None:
                break
        if fitted is None:
            break
        out = []
        for line in fitted.splitlines():
            if line.startswith("id:"):
                line = f"id: {contact_id}"
            elif line.startswith("at:"):
                line = f'at: "{hms(at)}"'
            out.append(line)
        (deck / "contacts" / f"95-{contact_id}.yaml").write_text(
            "\n".join(out) + "\n", encoding="utf-8"
        )
        due[contact_id] = at
        n += 1
        at += every * 60
    return due


def capped(text: str, at: float, end: float) -> str | None:
    """The contact with its response and complaint deadlines cut to end before the session
    does (the deck check refuses a deadline beyond the end); None when none can fit."""
    cap = min(int(end // 180), int((end - at) // 60) - 1)
    out = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("sla_minutes", "complaint_deadline_minutes") and value.strip():
            if cap < 1:
                return None
            line = f"{key}: {min(int(value.split('#')[0]), cap)}"
        out.append(line)
    return "\n".join(out) + "\n"


def _seconds(at: Any) -> float:
    if isinstance(at, (int, float)):
        return float(at)
    parts = [int(p) for p in str(at).split(":")]
    total = 0
    for p in parts:
        total = total * 60 + p
    return float(total)


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def api(url: str, token: str, path: str, body: bytes, kind: str) -> dict[str, Any]:
    request = urllib.request.Request(
        url + path,
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": kind},
        method="POST",
    )
    try:
        answer: dict[str, Any] = json.loads(urllib.request.urlopen(request, timeout=120).read())
    except urllib.error.HTTPError as exc:
        raise SystemExit(f"{path} refused: {exc.read().decode()}") from exc
    return answer


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def ms(value: float | None) -> str:
    return "   -   " if value is None else f"{value * 1000:7.2f}"


class Recorder:
    """The candidate's received events, applied by their positions, and the figures."""

    def __init__(self, pace: float, due: dict[str, float], duration: float, log: Path) -> None:
        self.pace, self.due, self.duration = pace, due, duration
        self.pos = 0
        self.started: dict[str, Any] | None = None
        self.rows: list[tuple[str, float, float, float, bool]] = []  # type, sim, wall, recv, ours
        self.offered: list[tuple[str, float]] = []  # contact id, sim_time
        self.gaps = self.dups = 0
        self.log = log.open("w", encoding="utf-8")
        self.ended = asyncio.Event()

    def take(self, batch: dict[str, Any], received: float) -> None:
        if batch["upto"] <= self.pos:
            self.dups += 1
            return
        if batch["after"] != self.pos:
            self.gaps += 1  # the join below fetches what is missing
            return
        for e in batch["events"]:
            self.rows.append(
                (e["type"], e["sim_time"], e["wall_time"], received, bool(e["action_id"]))
            )
            self.log.write(json.dumps({"recv": received} | e, ensure_ascii=False) + "\n")
            if e["type"] == "session.started":
                self.started = e
            if e["type"] == "contact.offered":
                self.offered.append((e["payload"]["contact_id"], e["sim_time"]))
            if e["type"] == "session.ended":
                self.ended.set()
        self.log.flush()
        self.pos = batch["upto"]

    def report(self, title: str, now: float | None = None) -> None:
        if self.started is None:
            print(f"{title}: not started yet", flush=True)
            return
        w0, s0 = self.started["wall_time"], self.started["sim_time"]
        scheduled = [r for r in self.rows if not r[4] and r[2] > w0]
        commit = [
            abs((w - w0) * self.pace - (s - s0)) / self.pace for _t, s, w, _r, _o in scheduled
        ]
        receipt = [
            abs((r - w0) * self.pace - (s - s0)) / self.pace for _t, s, _w, r, _o in scheduled
        ]
        signed = [((w - w0) * self.pace - (s - s0)) / self.pace for _t, s, w, _r, _o in scheduled]
        # A candidate's desk names contacts by handle (c1, c2… in order of arrival): the
        # k-th arrival is the k-th contact due.
        late = [
            sim - s0 - at
            for (_handle, sim), at in zip(self.offered, sorted(self.due.values()), strict=False)
        ]
        ended = [sim for _t, sim, _w, _r, _o in self.rows if _t == "session.ended"]
        elapsed = ((time.time() if now is None else now) - w0) / 60
        print(
            f"{title}: {elapsed:5.1f} min wall, {len(self.rows)} events received, "
            f"{len(scheduled)} scheduled, {len(self.offered)} arrivals; "
            f"gaps {self.gaps} dups {self.dups}",
            flush=True,
        )
        if commit:
            print(
                f"  commit drift  ms: max {ms(max(commit))}  p99 {ms(pct(commit, 0.99))}  "
                f"p50 {ms(pct(commit, 0.5))}  last {ms(commit[-1])}  "
                f"(signed: min {ms(min(signed))} max {ms(max(signed))})",
                flush=True,
            )
            print(
                f"  receipt drift ms: max {ms(max(receipt))}  p99 {ms(pct(receipt, 0.99))}  "
                f"p50 {ms(pct(receipt, 0.5))}  last {ms(receipt[-1])}",
                flush=True,
            )
        if signed:
            # The least late step of each window: a clock that drifts moves this floor, a
            # busy event loop only the steps above it.
            floors: dict[int, float] = {}
            for (_t, _s, w, _r, _o), d in zip(scheduled, signed, strict=True):
                window = int((w - w0) // WINDOW)
                floors[window] = min(floors.get(window, d), d)
            print(
                f"  floor of the signed commit drift per {WINDOW / 60:g} wall min (ms): "
                + " ".join(f"{floors[k] * 1000:.2f}" for k in sorted(floors)),
                flush=True,
            )
        if late:
            print(
                f"  arrival lateness vs the deck's `at` (sim s): max {max(late):.3f} "
                f"min {min(late):.3f} over {len(late)}",
                flush=True,
            )
        if ended:
            print(
                f"  end at sim {ended[0] - s0:.3f} s, deck duration {self.duration:.0f} s",
                flush=True,
            )


def run(args: argparse.Namespace) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    wall_minutes = args.minutes
    sim_minutes = wall_minutes * args.pace + 1  # the end comes just after the last report
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        due = long_deck(tmp, sim_minutes, args.pace, args.contact_every)
        check = subprocess.run(
            [sys.executable, "-m", "omnisim", "deck", "check", str(tmp / "drift-deck")],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        print(
            f"deck: decks/demo copied, {math.ceil(sim_minutes)} sim min at ×{args.pace:g} "
            f"({sim_minutes / args.pace:.1f} wall min), {len(due)} scheduled arrivals "
            f"(one every {args.contact_every:g} sim min); `omnisim deck check` exit "
            f"{check.returncode}: {(check.stdout or check.stderr).strip().splitlines()[-1:]}",
            flush=True,
        )
        procs, urls, token = load.omnisim_server(tmp)
        proc, url = procs[0], urls[0]
        load_proc = None
        try:
            uploaded = api(
                url,
                token,
                "/api/decks?name=drift.zip",
                zipped(tmp / "drift-deck"),
                "application/zip",
            )
            print(f"deck uploaded and validated by the server: {uploaded['deck']}", flush=True)
            body = {
                "deck": uploaded["deck"],
                "mode": "training",
                "time_factor": args.pace,
                "candidates": [{"name": "Candidat Dérive", "number": "1"}],
            }
            made = api(url, token, "/api/exams", json.dumps(body).encode(), "application/json")
            candidate = next(
                link["url"].split("token=", 1)[1]
                for link in made["links"]
                if link["role"] == "candidate" and link["url"]
            )
            if args.load:
                tokens = load.make_exams(url, token, args.load)
                tokens_file = tmp / "tokens.json"
                tokens_file.write_text(json.dumps(tokens))
                load_proc = subprocess.Popen(
                    load.pinned(
                        1,
                        [
                            "node",
                            str(load.NODE / "generator.js"),
                            url,
                            str(tokens_file),
                            str(wall_minutes * 60 + 60),
                            str(max(3.0, args.load / 100)),
                        ],
                    ),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                print(f"load: {args.load} Node candidates on other exams (×60 demo)", flush=True)
            asyncio.run(follow(url, candidate, args, due, sim_minutes * 60))
        finally:
            if load_proc is not None:
                load_proc.terminate()
                load_proc.wait(timeout=20)
            proc.terminate()
            proc.wait(timeout=20)


async def follow(
    url: str, token: str, args: argparse.Namespace, due: dict[str, float], duration: float
) -> None:
    log = ARTIFACTS / f"drift-events-{args.minutes:g}min-load{args.load}.jsonl"
    rec = Recorder(args.pace, due, duration, log)
    sio = socketio.AsyncClient(reconnection=True)
    reconnects = 0

    def received(batch: dict[str, Any]) -> None:
        rec.take(batch, time.time())

    async def join() -> None:
        reply = await sio.call("join", {"last_seq": rec.pos}, timeout=30)
        if reply.get("ok"):
            received(reply)

    @sio.on("events")
    async def on_events(batch: dict[str, Any]) -> None:
        gaps = rec.gaps
        received(batch)
        if rec.gaps != gaps:
            await join()

    @sio.event
    async def connect() -> None:
        nonlocal reconnects
        reconnects += 1
        asyncio.get_running_loop().create_task(join())

    await sio.connect(url, auth={"token": token}, transports=["websocket"])
    await asyncio.sleep(0.5)
    reply = await sio.call("start", {"action_id": "drift-start"}, timeout=30)
    if not reply.get("ok"):
        raise SystemExit(f"start refused: {reply}")
    began = time.monotonic()
    every = args.report_every * 60
    next_report = every
    end_at = args.minutes * 60 + 90  # the deck ends a minute after; some slack
    while time.monotonic() - began < end_at and not rec.ended.is_set():
        await asyncio.sleep(min(5.0, max(0.1, next_report - (time.monotonic() - began))))
        if time.monotonic() - began >= next_report:
            rec.report(f"after {next_report / 60:g} min")
            next_report += every
    await asyncio.sleep(1.0)
    rec.report("end")
    print(f"socket connections: {reconnects} (1 = never reconnected)", flush=True)
    await sio.disconnect()


def replay(path: Path, pace: float) -> None:
    """The figures of a finished (or running) run, from its events log (no due times)."""
    rec = Recorder(pace, {}, 0.0, Path(tempfile.mkdtemp()) / "unused.jsonl")
    last = 0.0
    for line in path.read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        rec.rows.append((e["type"], e["sim_time"], e["wall_time"], e["recv"], bool(e["action_id"])))
        if e["type"] == "session.started":
            rec.started = e
        if e["type"] == "contact.offered":
            rec.offered.append((e["payload"]["contact_id"], e["sim_time"]))
        last = e["recv"]
    rec.report(f"from {path.name}", now=last)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=90, help="wall minutes to run")
    parser.add_argument("--pace", type=float, default=1, help="the exam's time factor")
    parser.add_argument("--report-every", type=float, default=10, help="wall minutes")
    parser.add_argument("--contact-every", type=float, default=2, help="sim minutes")
    parser.add_argument("--load", type=int, default=0, help="Node candidates alongside")
    parser.add_argument("--from-log", type=Path, help="recompute from a saved events log")
    args = parser.parse_args()
    if args.from_log:
        replay(args.from_log, args.pace)
        return
    print(f"drift run started {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC", flush=True)
    run(args)


if __name__ == "__main__":
    main()
