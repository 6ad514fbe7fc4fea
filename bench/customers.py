"""Milliseconds per candidate message through the engine (command + fold + customer's answer).

Run on demand: ``python bench/customers.py``. Each message is planned twice (the command
computes the mood, the fold books the lines): this prints what that costs, by kind of message.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from omnisim import events as ev  # noqa: E402
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
}


def main(rounds: int = 200) -> None:
    deck = load_deck(ROOT / "tests" / "decks" / "conversing")
    for kind, text in MESSAGES.items():
        sim = Sim(deck)
        sim.run(61)
        sim.act(ev.ContactPickedUp("appel"))
        start = time.perf_counter()
        for _ in range(rounds):
            sim.act(actions.Send("appel", text))
            sim.wait(10)
        per = (time.perf_counter() - start) / rounds * 1000
        print(f"{kind:14} {per:6.2f} ms per message (send, moods, fold, customer lines)")


if __name__ == "__main__":
    main()
