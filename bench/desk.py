"""The desk's figures: bundle size (minified, gzip) and the delay from a contact being due to
its appearance on the candidate's page, through a real server and Chromium.

Run on demand: ``python bench/desk.py`` (after ``npm run build``).
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's tests and server, not an installed one's

from tests.conftest import ServerProcess  # noqa: E402

BUNDLE = ROOT / "web" / "static" / "app" / "workspace.js"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WATCH = """() => {
  window.seen = {};
  new MutationObserver(() => {
    for (const li of document.querySelectorAll(".queue li[data-contact]")) {
      const id = li.dataset.contact;
      if (!(id in window.seen)) window.seen[id] = Date.now() / 1000;
    }
  }).observe(document.body, {childList: true, subtree: true});
}"""


def bundle() -> None:
    raw = BUNDLE.read_bytes()
    print(
        f"bundle {BUNDLE.name}: {len(raw) / 1024:.1f} KiB minified, "
        f"{len(gzip.compress(raw, 9)) / 1024:.1f} KiB gzip"
    )


def latency(runs: int = 3) -> None:
    delays: list[float] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                proc = ServerProcess(Path(tmp) / "events.db", ROOT / "decks" / "mini").start()
                try:
                    page = browser.new_page(viewport={"width": 1366, "height": 768})
                    page.goto(proc.links["candidate"])
                    page.get_by_role("status").filter(has_text="connecté").wait_for()
                    page.evaluate(WATCH)
                    page.get_by_role("button", name="Commencer l'exercice").click()
                    page.locator(".queue li[data-contact]").first.wait_for(timeout=60_000)
                    seen = page.evaluate("window.seen")
                    with sqlite3.connect(proc.store) as db:
                        rows = [json.loads(b) for (b,) in db.execute("SELECT body FROM events")]
                    started = next(e for e in rows if e["type"] == "session.started")
                    factor = next(e for e in rows if e["type"] == "session.created")["payload"][
                        "time_factor"
                    ]
                    # The page names contacts by handle, c1, c2… in order of arrival.
                    offered = [e for e in rows if e["type"] == "contact.offered"]
                    for n, e in enumerate(offered, start=1):
                        if f"c{n}" in seen:
                            due = (
                                started["wall_time"]
                                + (e["sim_time"] - started["sim_time"]) / factor
                            )
                            shown = seen[f"c{n}"] - due
                            logged = e["wall_time"] - due
                            delays.append(shown)
                            print(
                                f"{e['payload']['contact_id']}: logged {logged * 1000:.0f} ms "
                                f"after due, shown {shown * 1000:.0f} ms after due"
                            )
                    page.close()
                finally:
                    proc.stop()
        browser.close()
    print(
        f"due → on the page: median {statistics.median(delays) * 1000:.0f} ms, "
        f"max {max(delays) * 1000:.0f} ms over {len(delays)} contacts"
    )


if __name__ == "__main__":
    bundle()
    latency()
