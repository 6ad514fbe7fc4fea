"""The deck studio on a deck of 200 contacts: check time per change, page weight, and how the
editor answers in Chromium (first render, a keystroke, a problem shown after a change).

Run on demand: ``python bench/studio.py [contacts]`` (after ``npm run build``). A real
server (``omnisim serve`` on SQLite) and Debian's Chromium; the deck is the demo's
contacts copied under new ids across the day, with as many CRM records.
"""

from __future__ import annotations

import copy
import gzip
import json
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's tests and server, not an installed one's

from omnisim.deck.document import document_of  # noqa: E402
from omnisim.deck.files import read_folder  # noqa: E402
from tests.conftest import TEST_PASSWORD, ServerProcess  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
APP = ROOT / "web" / "static" / "app" / "studio.js"
CSS = ROOT / "web" / "static" / "studio.css"


def big_deck(contacts: int) -> dict[str, Any]:
    """The demo deck grown to ``contacts`` contacts (no calls: four lines cannot take 200)."""
    files, _ = read_folder(ROOT / "decks" / "demo")
    doc = document_of(files).document
    assert doc is not None
    day = doc["settings"]["duration_minutes"] * 60
    models = [c for c in doc["contacts"] if c["channel"] != "phone" and not c.get("extra")]
    grown = []
    for n in range(contacts):
        contact = copy.deepcopy(models[n % len(models)])
        contact["id"] = f"c{n:03d}"
        contact["at"] = int(n * (day - 5400) / contacts)  # complaint deadlines end in the day
        name = f"{contact['customer']['name']} {n}"
        contact["customer"] = {**contact["customer"], "record": "", "name": name}
        contact["opening"] = f"{contact['opening']} (dossier {n * 7919 % 100000:05d})"
        contact["key"] = {k: v for k, v in contact.get("key", {}).items() if k != "crm"}
        grown.append(contact)
    records = [
        {**copy.deepcopy(doc["crm"][n % len(doc["crm"])]), "id": f"r{n:03d}"}
        for n in range(contacts // 2)
    ]
    return {**doc, "contacts": grown, "crm": records}


def call(url: str, token: str, method: str, body: Any = None) -> tuple[float, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise SystemExit(f"{method} {url}: {exc.code} {exc.read().decode()}") from exc
    return time.perf_counter() - started, answer


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def api_figures(proc: ServerProcess, doc: dict[str, Any]) -> str:
    token, api = proc.api_token, f"{proc.url}/api/decks"
    size = len(json.dumps(doc).encode())
    packed = len(gzip.compress(json.dumps(doc).encode()))
    print(
        f"deck: {len(doc['contacts'])} contacts, {len(doc['crm'])} CRM records, "
        f"document {size / 1024:.0f} KiB JSON ({packed / 1024:.0f} KiB gzip)"
    )
    cold, made = call(f"{api}/new", token, "POST", {"document": doc})
    print(
        f"create (first check, cold caches): {cold * 1000:.0f} ms, problems {len(made['problems'])}"
    )
    checks, saves = [], []
    version = made["version"]
    for n in range(20):
        doc["contacts"][n * 7 % len(doc["contacts"])]["opening"] += " Merci."
        spent, answer = call(f"{api}/check", token, "POST", {"document": doc})
        assert answer["problems"] == [], answer["problems"][:3]
        checks.append(spent)
    for n in range(10):
        doc["contacts"][n]["customer"]["mood"] = -0.1 * (n % 5)
        spent, answer = call(
            f"{api}/{made['deck']}", token, "PUT", {"base": version, "document": doc}
        )
        version = answer["version"]
        saves.append(spent)
    print(f"check after one change (round trip, server on loopback): {ms(checks)}")
    print(f"save after one change (check + diff + append): {ms(saves)}")
    return made["deck"]


def browser_figures(proc: ServerProcess, deck: str) -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{proc.url}/decks")
        page.get_by_label("Identifiant").fill("formateur")
        page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(f"{proc.url}/decks")
        served: dict[str, tuple[int, int]] = {}  # url -> (bytes sent, bytes once decoded)

        def seen(response: Any) -> None:
            if response.ok:
                body = len(response.body())
                sent = int(response.headers.get("content-length", body))
                served[response.url.split("?")[0]] = (sent, body)

        page.on("response", seen)
        started = time.perf_counter()
        page.goto(f"{proc.url}/decks/{deck}")
        page.locator(".toolbar").wait_for()
        rendered = time.perf_counter() - started
        for url, (sent, body) in served.items():
            name = url.removeprefix(proc.url)
            print(f"{name}: {sent / 1024:.0f} KiB sent, {body / 1024:.0f} KiB decoded")
        print(
            f"page weight: {sum(s for s, _ in served.values()) / 1024:.0f} KiB sent "
            f"({sum(b for _, b in served.values()) / 1024:.0f} KiB decoded); studio.js gzipped "
            f"would be {len(gzip.compress(APP.read_bytes())) / 1024:.0f} KiB (served as is)"
        )
        print(f"navigation → editor shown: {rendered * 1000:.0f} ms")

        page.get_by_role("navigation", name="Parties du deck").get_by_role(
            "button", name="Contacts"
        ).click()
        started = time.perf_counter()
        page.locator(".item-list button").nth(150).click()
        page.locator('[data-path="contacts[150].opening"]').wait_for()
        print(f"open contact 151 of the list: {(time.perf_counter() - started) * 1000:.0f} ms")
        keystrokes = page.evaluate(
            """async () => {
                const box = document.querySelector('[data-path="contacts[150].opening"]');
                const spent = [];
                for (let n = 0; n < 40; n++) {
                    const t0 = performance.now();
                    box.value += 'a';
                    box.dispatchEvent(new Event('input', {bubbles: true}));
                    await new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
                    spent.push(performance.now() - t0);
                }
                spent.sort((a, b) => a - b);
                return [spent[20], spent[38]];
            }"""
        )
        median, p95 = keystrokes
        print(f"keystroke → next frame painted: median {median:.0f} ms, p95 {p95:.0f} ms")
        field = page.locator('[data-path="contacts[150].at"]')
        started = time.perf_counter()
        field.fill("9:00:00")
        page.locator("#f-contacts-150-at-problems").wait_for()
        shown = (time.perf_counter() - started) * 1000
        print(f"mistake typed → named beside its field: {shown:.0f} ms (250 ms: the pause)")
        browser.close()


def main() -> None:
    contacts = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        proc = ServerProcess(Path(tmp) / "events.db")
        proc.add_trainer()
        proc.start(deck=False)
        try:
            deck = api_figures(proc, big_deck(contacts))
            browser_figures(proc, deck)
        finally:
            proc.stop()


if __name__ == "__main__":
    main()
