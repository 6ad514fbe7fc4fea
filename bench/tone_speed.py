"""CPU per analysed candidate line (the tone read on the event loop for every message sent).

    .venv/bin/python bench/tone_speed.py [--repeat 300]

On demand; prints figures, asserts nothing. For a few typical lines (the load bench's
line, a chat answer, a long e-mail), the CPU time (``time.process_time``, which holds
better than wall time on a shared machine) of ``omnisim.language.analyse`` as the engine
calls it (speaker "agent"), with the phrase families narrowed to the alternatives the
text leaves possible (omnisim/language/alternation.py), then run in full as before.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from omnisim.language import analyse, warm  # noqa: E402
from omnisim.language.alternation import Alternation  # noqa: E402

LINES = {
    "bench line": "Bien reçu, je regarde votre dossier (12).",
    "chat answer": (
        "Bonjour Madame, je comprends tout à fait votre inquiétude, je vais vérifier votre "
        "dossier et je vous rappelle avant midi pour vous confirmer le rendez-vous de demain "
        "à 10 h 30."
    ),
    "e-mail (≈1,100 chars)": (
        "Madame, Suite à votre message de ce matin concernant la fenêtre posée la semaine "
        "dernière, je vous confirme que nous avons bien enregistré votre réclamation. Je suis "
        "sincèrement désolée pour la gêne occasionnée. Un technicien de la société Menuiseries "
        "Garnier passera chez vous jeudi 13 mars entre 14 h et 16 h afin de vérifier le joint "
        "et le mécanisme d'ouverture ; l'intervention est prise en charge au titre de la "
        "garantie. Si ce créneau ne vous convient pas, vous pouvez me répondre directement ou "
        "appeler le standard au 01 23 45 67 89 du lundi au vendredi de 9 h à 18 h. Je reste à "
        "votre disposition pour toute information complémentaire et vous prie d'agréer, "
        "Madame, l'expression de mes salutations distinguées. Nous vous remercions de votre "
        "patience et de votre compréhension. Le rendez-vous vous sera confirmé par SMS la "
        "veille, avec le nom du technicien. En cas d'empêchement de sa part, nous vous "
        "appellerons pour convenir d'une nouvelle date. Cordialement, Claire, pour "
        "OmniSecrétariat."
    ),
}


def cpu_per_call(text: str, repeat: int) -> float:
    analyse(text, "fr", speaker="agent")
    began = time.process_time()
    for _ in range(repeat):
        analyse(text, "fr", speaker="agent")
    return (time.process_time() - began) / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    warm()
    print(f"{'line':24} {'narrowed':>10} {'full':>10}   (CPU per analyse, speaker agent)")
    for name, text in LINES.items():
        narrowed = cpu_per_call(text, args.repeat)
        with mock.patch.object(Alternation, "pattern_for", lambda self, text: self.full):
            full = cpu_per_call(text, args.repeat)
        print(f"{name:24} {narrowed * 1e6:8.0f} µs {full * 1e6:8.0f} µs   ×{full / narrowed:.1f}")


if __name__ == "__main__":
    main()
