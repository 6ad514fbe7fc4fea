"""Time to open the jury's replay of a 90-minute attempt, in Chromium, on a local server.

Run on demand: ``python bench/replay.py [events]`` (default 5,000 events over 90 simulated
minutes, the size bench/measures.py takes for a 90-minute session). Prints the server's
answer times for the log and the measures, then the page's: from navigation to the replay
standing at the last event with the desk drawn, and one seek to the middle.
Loopback only.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

# Run as a script: this checkout's omnisim, not an installed one.
sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from measures import synthetic  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402

from omnisim import events as ev  # noqa: E402
from omnisim.events import Event  # noqa: E402
from omnisim.exams.roster import RosterEntry  # noqa: E402
from omnisim.scenario import load_scenario  # noqa: E402
from omnisim.settings import Settings  # noqa: E402
from omnisim.web.app import create_app  # noqa: E402
from omnisim.web.keys import ACCOUNTS, EXAMS, STORE  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
NINETY_MINUTES = 90 * 60.0


async def main(n_events: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="omnisim-bench-"))
    port = 8766
    app = create_app(
        Settings(store=str(folder / "events.db"), public_url=f"http://127.0.0.1:{port}")
    )
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    base = f"http://127.0.0.1:{port}"
    try:
        trainer = await app[ACCOUNTS].add_trainer("bench", "Bench", "mot-de-passe-de-bench")
        scenario = await asyncio.to_thread(load_scenario, ROOT / "decks" / "demo")
        exam, tokens = await app[EXAMS].create(
            trainer.id,
            scenario,
            [RosterEntry("Claire Roussel", number="0001")],
            [RosterEntry("Marc Dubois", evaluator="external")],
            mode="training",
        )
        stream = f"{exam.exam_id}-c1"
        played = synthetic(n_events)[1:]  # the attempt's own session.created is already there
        scale = NINETY_MINUTES / played[-1].sim_time
        body = [
            replace(e, session_id=stream, seq=n + 2, sim_time=e.sim_time * scale, wall_time=1e9 + n)
            for n, e in enumerate(played)
        ]
        end = ev.SessionEnded("duration_elapsed")
        body.append(Event(stream, len(body) + 2, 1e9 + len(body), NINETY_MINUTES, "system", end))
        for chunk in range(0, len(body), 1000):
            await app[STORE].append(body[chunk : chunk + 1000])
        last = body[-1].seq
        print(f"attempt: {last} events over {NINETY_MINUTES / 60:.0f} simulated minutes")

        async with aiohttp.ClientSession(base) as http:
            times, sizes = [], []
            for _ in range(3):  # the whole log, page after page, as the jury client reads it
                t0, after, sizes = time.perf_counter(), 0, []
                while True:
                    params = {"token": tokens["j1"], "after": str(after)}
                    async with http.get("/jury/log", params=params) as r:
                        raw = await r.read()
                        assert r.status == 200, (r.status, raw[:200])
                    sizes.append(len(raw))
                    page = json.loads(raw)
                    if not page["more"]:
                        break
                    after = page["upto"]
                times.append(time.perf_counter() - t0)
            median = statistics.median(times) * 1000
            print(
                f"GET /jury/log    {median:7.0f} ms  ({len(sizes)} pages, largest "
                f"{max(sizes) / 1024:.0f} KiB, total {sum(sizes) / 1024:.0f} KiB)"
            )
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                async with http.get("/jury/measures", params={"token": tokens["j1"]}) as r:
                    size = len(await r.read())
                    assert r.status == 200
                times.append(time.perf_counter() - t0)
            median = statistics.median(times) * 1000
            print(f"GET /jury/measures {median:5.0f} ms  ({size / 1024:.0f} KiB)")

        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            opens, seeks, inside = [], [], []
            for _ in range(3):
                page = await browser.new_page(
                    viewport={"width": 1600, "height": 1000}, bypass_csp=True
                )
                t0 = time.perf_counter()
                await page.goto(f"{base}/jury?token={tokens['j1']}")
                await page.wait_for_function(
                    f"document.body.dataset.replaySeq === '{last}'"
                    " && document.querySelector('#desk .contact')",
                    polling="raf",
                    timeout=60_000,
                )
                opens.append(time.perf_counter() - t0)
                ready = await page.evaluate(
                    "() => performance.getEntriesByName('jury-replay-ready')[0].startTime"
                )
                inside.append(ready / 1000)
                seeks.append(
                    await page.evaluate(
                        """(target) => new Promise((done) => {
                            const slider = document.querySelector('input[type=range]');
                            const t0 = performance.now();
                            slider.value = String(target);
                            slider.dispatchEvent(new Event('input', { bubbles: true }));
                            const drawn = () => done((performance.now() - t0) / 1000);
                            requestAnimationFrame(() => setTimeout(drawn));
                        })""",
                        int(NINETY_MINUTES / 2),
                    )
                )
                await page.close()
            await browser.close()
        ms = lambda values: f"{statistics.median(values) * 1000:.0f} ms"  # noqa: E731
        runs = [round(x * 1000) for x in opens]
        print(f"open the replay (page → desk at the last event): median {ms(opens)}, runs {runs}")
        print(f"  of which in the page, navigation start → replay drawn: median {ms(inside)}")
        print(f"seek to minute 45 (input → next frame drawn): median {ms(seeks)}")
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000))
