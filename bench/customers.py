"""CPU per candidate line through the simulated customer, by kind of line.

Run on demand: ``python bench/customers.py [--rounds 300]``. Prints figures, asserts nothing.

Two figures per kind, in CPU microseconds (``time.process_time``, steadier than wall time on
a shared machine), each the best of five runs over lines never seen before (a word of its
own is added to each, so that no per-text cache answers for the engine):

* **reaction**: what the customer's reaction costs on its own, ``customer.respond`` called
  twice as the engine calls it for every line (once by the command, for the mood; once by
  the fold, for the lines). The tone (sentiment, markers) is not in it;
* **whole line**: the candidate's line through the engine: the command (the tone and the
  reaction), the fold of its events and the customer's lines said when due.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from omnisim import events as ev  # noqa: E402
from omnisim.engine import customer  # noqa: E402
from omnisim.language import warm  # noqa: E402
from omnisim.protocol import actions  # noqa: E402
from omnisim.scenario.check import load_deck  # noqa: E402
from tests.fast.customer_sim import Sim  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args().rounds
    warm()
    deck = load_deck(ROOT / "tests" / "decks" / "conversing")
    counter = iter(range(10**9))
    print(f"{'line':14} {'reaction':>10} {'whole line':>12}   (CPU µs per line, best of {RUNS})")
    totals = [0.0, 0.0]
    for kind, text in MESSAGES.items():

        def reaction(_: int, text: str = text) -> float:
            sim = Sim(deck)
            sim.run(61)
            sim.act(ev.ContactPickedUp("appel"))
            sim.wait(2)
            contact, c = deck.contact("appel"), sim.engine.state.contacts["appel"]
            lines = [fresh(text, next(counter)) for _ in range(rounds)]
            began = time.process_time()
            for line in lines:
                customer.respond(deck, contact, c, line, deck.seed, channel="phone")
                customer.respond(deck, contact, c, line, deck.seed, channel="phone")
            return (time.process_time() - began) / rounds

        def whole(_: int, text: str = text) -> float:
            sim = Sim(deck)
            sim.run(61)
            sim.act(ev.ContactPickedUp("appel"))
            lines = [fresh(text, next(counter)) for _ in range(rounds // 3)]
            began = time.process_time()
            for line in lines:
                sim.act(actions.Send("appel", line))
                sim.wait(10)
            return (time.process_time() - began) / len(lines)

        figures = (best(reaction), best(whole))
        totals = [t + f for t, f in zip(totals, figures, strict=True)]
        print(f"{kind:14} {figures[0] * 1e6:8.0f} µs {figures[1] * 1e6:10.0f} µs")
    mean = [t / len(MESSAGES) * 1e6 for t in totals]
    print(f"{'mean':14} {mean[0]:8.0f} µs {mean[1]:10.0f} µs")


if __name__ == "__main__":
    main()
