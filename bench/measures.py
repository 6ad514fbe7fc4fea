"""Time to compute every measure for a synthetic session of 5,000 and 50,000 events.

Run on demand: ``python bench/measures.py``. Target (issue 6): under 100 ms for a
90-minute session of 5,000 events, growing no worse than linearly.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from omnisim import events as ev
from omnisim.events import Event
from omnisim.measures import measure_view
from omnisim.measures.context import text_analysis
from omnisim.projection.workspace import project
from omnisim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
PHRASES = [
    "Bonjour, Cabinet Martin, Julie à votre écoute.",
    "Si je comprends bien, vous souhaitez déplacer votre rendez-vous ?",
    "Un instant, je consulte votre dossier.",
    "Pour résumer, rendez-vous jeudi à 14h30.",
    "Ai-je répondu à votre demande ?",
    "Merci de votre appel, bonne journée.",
    "Je comprends votre mécontentement, je m'en occupe.",
    "Votre commande partira demain.",
]


def synthetic(n_events: int, seed: int = 1) -> list[Event]:
    """A 90-minute session: contacts arriving, conversations, holds, moods, CRM operations."""
    rng = random.Random(seed)
    created = ev.SessionCreated("demo", "Démo", "", 1, 6.0, "fr", "a", "b", "c")
    events = [Event("bench", 1, 0.0, 0.0, "system", created)]
    sim = 0.0
    contact = 0
    while len(events) < n_events:
        contact += 1
        cid = f"c{contact}"
        channel = rng.choice(["chat", "phone", "email", "sms"])
        sim += rng.uniform(1, 5)
        batch = [("system", ev.ContactOffered(cid, channel, f"Client {contact}"))]
        batch.append(("candidate", ev.ContactPickedUp(cid)))
        for turn in range(rng.randint(3, 12)):
            text = f"{rng.choice(PHRASES)} ({contact}-{turn})"  # unique texts: no cache help
            batch.append(("candidate", ev.MessageSent(cid, channel, text)))
            batch.append(
                ("customer", ev.CustomerMood(cid, rng.uniform(-1, 1), "tone", 0.1, "vader"))
            )
            batch.append(("customer", ev.MessageSent(cid, channel, "D'accord.", reason="reply")))
        if channel == "phone":
            batch.insert(3, ("candidate", ev.ContactHeld(cid, "Je vous mets en attente.")))
            batch.insert(4, ("candidate", ev.ContactResumed(cid)))
        batch.append(("candidate", ev.CrmTraced(cid, "r1", "Entretien tracé.")))
        batch.append(("candidate", ev.ContactClosed(cid)))
        for actor, payload in batch:
            sim += rng.uniform(0.5, 3)
            events.append(Event("bench", len(events) + 1, 0.0, sim, actor, payload))  # type: ignore[arg-type]
    return events[:n_events]


def run(n_events: int, repeats: int = 5) -> tuple[float, float]:
    deck = load_scenario(ROOT / "decks" / "demo")
    events = synthetic(n_events)
    project_times, measure_times = [], []
    for _ in range(repeats):
        text_analysis.cache_clear()  # measure cold: every message analysed again
        t0 = time.perf_counter()
        view = project(events)
        t1 = time.perf_counter()
        measure_view(view, deck)
        t2 = time.perf_counter()
        project_times.append(t1 - t0)
        measure_times.append(t2 - t1)
    return statistics.median(project_times) * 1000, statistics.median(measure_times) * 1000


if __name__ == "__main__":
    for n in (5_000, 50_000):
        fold, measures = run(n, repeats=5 if n <= 5_000 else 3)
        total = fold + measures
        print(
            f"{n:>6} events: fold {fold:7.1f} ms + measures {measures:7.1f} ms = {total:7.1f} ms "
            f"({total / n * 1000:.1f} µs/event)"
        )
