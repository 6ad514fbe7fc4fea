"""CPU per candidate line through the simulated customer, by kind of line.

Run on demand: ``python bench/customers.py [--rounds 300]``. Prints figures, asserts nothing.

Figures per kind, in CPU microseconds (``time.process_time``, steadier than wall time on
a shared machine), each the best of five runs over lines never seen before (a word of its
own is added to each, so that no per-text cache answers for the engine):

* **sentiment**: the tone's sentiment on its own (``language.sentiment``, as the mood asks it);
* **tone**: the whole tone the mood reads (``customer.tone_shift``: sentiment, markers, SMS);
* **reaction**: what the customer's reaction costs on its own, one ``customer.respond``
  call. The tone (sentiment, markers) is not in it, the SMS reading is (both read it, once);
* **calls**: how many times the engine calls ``customer.respond`` per line (counted in an
  untimed pass): 2 before the command's turn was kept for the fold (engine/reaction.py), 1
  since;
* **whole line**: the candidate's line through the engine: the command (the tone and the
  reaction), the fold of its events and the customer's lines said when due.

The eleven kinds are short lines of each sort; after their mean, the same figures for the
load bench's realistic lines (bench/lines.py): chat lines of 10-20 words of any kind, and
e-mail replies of 100-200 words.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from omnisim import events as ev  # noqa: E402
from omnisim.engine import customer  # noqa: E402
from omnisim.language import sentiment, warm  # noqa: E402
from omnisim.protocol import actions  # noqa: E402
from omnisim.scenario.check import load_deck  # noqa: E402
from tests.fast.customer_sim import Sim  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from lines import chat_line, email  # noqa: E402

MESSAGES = {
    "greeting": "Bonjour, Cabinet Martin, Julie à votre écoute.",
    "fact question": "Quelle était la date du rendez-vous ?",
    "identity": "Quel est votre numéro de dossier ?",
    "recap": "Je récapitule : lundi 16 mars à 10 h 30, à la place du vendredi 13 mars 9 h 30.",
    "evasion": "Quelle est la couleur de votre voiture ?",
    "goodbye": "Merci, bonne journée, au revoir.",
    "apology": (
        "Je suis vraiment désolée pour l'attente, je vous prie de bien vouloir m'excuser "
        "pour ce contretemps, madame."
    ),
    "insult": "Vous êtes vraiment pénible, madame.",
    "sms": "slt c koi ton pb stp",
    "statement": "Le docteur consulte jusqu'à 18 h aujourd'hui.",
    "refusal": "Je ne peux pas communiquer cette information.",
}
RUNS = 5


def fresh(text: str, n: int) -> str:
    """``text`` with a word of its own (letters only: no detail, no SMS token)."""
    letters, word = "bcdfghjklmnprstv", ""
    n += 1
    while n:
        n, r = divmod(n, len(letters))
        word += letters[r] + "a"
    return f"{text} Ca{word}"


def best(run: Callable[[int], float]) -> float:
    return min(run(i) for i in range(RUNS))


def calls_per_line(deck: Any, line: Callable[[int], str]) -> float:
    """How many times the engine calls customer.respond for one line (untimed)."""
    counted = [0]
    respond = customer.respond

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted[0] += 1
        return respond(*args, **kwargs)

    sim = Sim(deck)
    sim.run(61)
    sim.act(ev.ContactPickedUp("appel"))
    customer.respond = counting  # type: ignore[assignment]
    try:
        for n in range(10):
            sim.act(actions.Send("appel", line(n)))
            sim.wait(10)
    finally:
        customer.respond = respond  # type: ignore[assignment]
    return counted[0] / 10


Figures = tuple[float, float, float, float, float]


def figures(deck: Any, line: Callable[[int], str], rounds: int) -> Figures:
    """(sentiment, tone, reaction, calls per line, whole line) for lines drawn from ``line``."""
    counter = iter(range(10**9))

    def timed(step: Callable[[str], object]) -> Callable[[int], float]:
        def run(_: int) -> float:
            lines = [line(next(counter)) for _ in range(rounds)]
            began = time.process_time()
            for text in lines:
                step(text)
            return (time.process_time() - began) / rounds

        return run

    def reaction(_: int) -> float:
        sim = Sim(deck)
        sim.run(61)
        sim.act(ev.ContactPickedUp("appel"))
        sim.wait(2)
        contact, c = deck.contact("appel"), sim.engine.state.contacts["appel"]
        lines = [line(next(counter)) for _ in range(rounds)]
        began = time.process_time()
        for text in lines:
            customer.respond(deck, contact, c, text, deck.seed, channel="phone")
        return (time.process_time() - began) / rounds

    def whole(_: int) -> float:
        sim = Sim(deck)
        sim.run(61)
        sim.act(ev.ContactPickedUp("appel"))
        lines = [line(next(counter)) for _ in range(rounds // 3)]
        began = time.process_time()
        for text in lines:
            sim.act(actions.Send("appel", text))
            sim.wait(10)
        return (time.process_time() - began) / len(lines)

    mood = best(timed(lambda text: sentiment(text, "fr", speaker="agent")))
    tone = best(timed(lambda text: customer.tone_shift(text, "fr")))
    return mood, tone, best(reaction), calls_per_line(deck, line), best(whole)


def show(kind: str, f: Figures) -> None:
    µs = [f"{x * 1e6:8.0f} µs" for x in (f[0], f[1], f[2])]
    print(f"{kind:14} {' '.join(µs)} {f[3]:11.1f} {f[4] * 1e6:8.0f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args().rounds
    warm()
    deck = load_deck(ROOT / "tests" / "decks" / "conversing")
    heads = ("sentiment", "tone", "reaction", "calls", "whole line")
    print(f"{'line':14} {' '.join(f'{h:>11}' for h in heads)}   (CPU µs, best of {RUNS})")
    totals = [0.0] * 5
    for kind, text in MESSAGES.items():
        f = figures(deck, lambda n, text=text: fresh(text, n), rounds)
        totals = [t + x for t, x in zip(totals, f, strict=True)]
        show(kind, f)
    mean = tuple(t / len(MESSAGES) for t in totals)
    show("mean", (mean[0], mean[1], mean[2], mean[3], mean[4]))
    rng = random.Random(25)
    show("realistic chat", figures(deck, lambda n: fresh(chat_line(rng), n), rounds))
    show("e-mail", figures(deck, lambda n: fresh(email(rng), n), rounds // 3))


if __name__ == "__main__":
    main()
