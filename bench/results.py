"""Results at scale: the calibration over 500 graded exams of 20 candidates, and the cohort page.

Run on demand: ``python bench/results.py [--exams 500] [--candidates 20] [--keep FILE]``.
The exams are generated as tests/cohort_gen.py writes them (the demo deck's scripted
candidates, five styles played once; scripted jurors grading every sheet through the grading
stream's events) into one SQLite file, through the store's own ``append``. Then:

- the index folds every exam from the store, cold (the first page after a start);
- ``calibrate`` runs, pure, over every attempt (target: under 2 s);
- a served app (loopback) opens the cohort page and the calibration page signed in as the
  trainer, cold then warm (target for the cohort page: under 1 s).

Figures are printed; nothing is asserted (speed targets live here, never in unit tests).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from omnisim.live.accounts import Accounts  # noqa: E402
from omnisim.live.filing import Filing  # noqa: E402
from omnisim.live.index import ExamIndex  # noqa: E402
from omnisim.live.results import grids_for  # noqa: E402
from omnisim.results.calibration import calibrate  # noqa: E402
from omnisim.results.cohort import cohort  # noqa: E402
from omnisim.settings import Settings  # noqa: E402
from omnisim.store import open_store  # noqa: E402
from omnisim.web.app import create_app  # noqa: E402
from tests.cohort_gen import play_styles, write_exams  # noqa: E402

PASSWORD = "mot-de-passe-du-banc"
START = 1_767_225_600.0  # 1 January 2026: one exam every 17 hours through the year


async def generate(path: Path, exams: int, candidates: int) -> None:
    store = open_store(str(path))
    accounts = Accounts(store)
    trainer = await accounts.add_trainer("formateur", "Formatrice du banc", PASSWORD)
    t0 = time.perf_counter()
    scenario, played = await play_styles()
    print(f"5 styles played on the demo deck in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    await write_exams(
        store,
        trainer.id,
        scenario,
        played,
        exams=exams,
        candidates=candidates,
        start=START,
        people=120,
        every=17 * 3600.0,
    )
    print(f"{exams} exams × {candidates} candidates written in {time.perf_counter() - t0:.1f} s")
    await store.close()


async def pure(path: Path) -> None:
    store = open_store(str(path))
    index = ExamIndex(store, Filing(store, time.time))
    trainer = (await Accounts(store).refresh()).by_login("formateur")
    assert trainer is not None
    t0, c0 = time.perf_counter(), time.process_time()
    held = await index.results(trainer.id)
    cold, cpu = time.perf_counter() - t0, time.process_time() - c0
    grids = grids_for(held.attempts, held.grids)
    print(
        f"index, cold: {len(held.exams)} exams, {len(held.attempts)} attempts in {cold:.2f} s "
        f"(CPU {cpu:.2f} s)"
    )
    for name, run in (
        ("calibrate", lambda: calibrate(held.attempts, grids)),
        ("cohort", lambda: cohort(held.attempts, grids)),
    ):
        walls, cpus = [], []
        for _ in range(5):
            t0, c0 = time.perf_counter(), time.process_time()
            run()
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        print(
            f"{name} (pure) over {len(held.attempts)} attempts: "
            f"median {statistics.median(walls):.3f} s"
            f" (CPU {statistics.median(cpus):.3f} s), max {max(walls):.3f} s"
            + ("  (target < 2 s)" if name == "calibrate" else "")
        )
    cals = calibrate(held.attempts, grids)
    t0 = time.perf_counter()
    await index.results(trainer.id)  # not told of any append: every exam read again
    again = time.perf_counter() - t0
    print(f"index caught up, every exam read again (several workers): {again:.3f} s")
    index.exhaustive = True
    t0 = time.perf_counter()
    await index.results(trainer.id)
    print(f"index caught up, one process on the store: {time.perf_counter() - t0:.3f} s")
    for c in cals:
        warned = ", ".join(x.criterion_id for x in c.warnings) or "none"
        print(
            f"  {c.grid_id}: agreement {c.proposal.agreement:.3f}, kappa {c.proposal.kappa:.3f}, "
            f"warned: {warned}"
        )
    await store.close()


async def pages(path: Path) -> None:
    app = create_app(Settings(store=str(path), public_url="http://127.0.0.1:0"))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}"
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{url}/signin") as resp:
            token = re.search(r'name="csrf_token" value="([^"]+)"', await resp.text()).group(1)  # type: ignore[union-attr]
        form = {"login": "formateur", "password": PASSWORD, "csrf_token": token, "next": "/exams"}
        async with http.post(f"{url}/signin", data=form) as resp:
            assert resp.status == 200
        for name, path_ in (("cohort", "/results"), ("calibration", "/results/calibration")):
            times, size = [], 0
            for _ in range(6):
                t0 = time.perf_counter()
                async with http.get(url + path_) as resp:
                    body = await resp.read()
                    assert resp.status == 200, resp.status
                times.append(time.perf_counter() - t0)
                size = len(body)
            warm = times[1:]
            print(
                f"{name} page: first {times[0]:.3f} s, "
                f"then median {statistics.median(warm):.3f} s, "
                f"max {max(warm):.3f} s ({size / 1024:.0f} KiB)"
                + ("  (target < 1 s)" if name == "cohort" else "")
            )
    await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exams", type=int, default=500)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="the SQLite file to write (kept), or reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "results.db"
        if not path.exists():
            asyncio.run(generate(path, args.exams, args.candidates))
        load = os.getloadavg()[0]
        print(
            f"store: {path.stat().st_size / 1e6:.0f} MB; load {load:.1f} on {os.cpu_count()} cores"
        )
        asyncio.run(pure(path))
        asyncio.run(pages(path))


if __name__ == "__main__":
    main()
