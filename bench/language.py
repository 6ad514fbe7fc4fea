"""Messages per second through analyse() (sentiment, SMS language, words, markers).

Run on demand: ``python bench/language.py``.
"""

from __future__ import annotations

import random
import time

from omnisim.language import analyse

FR = [
    "Bonjour, Cabinet Martin, Julie à votre écoute.",
    "Je n'aime pas du tout votre service.",
    "Si je comprends bien, vous souhaitez déplacer votre rendez-vous ?",
    "slt c bon pr vous",
    "Toujours pas de remboursement après 3 semaines.",
    "Un instant, je consulte votre dossier.",
]
EN = [
    "Good morning, how can I help?",
    "This is unacceptable, I want to speak to a manager.",
    "thx u r gr8",
    "Let me check, one moment please.",
    "I understand, I'm sorry for the delay.",
]

if __name__ == "__main__":
    rng = random.Random(1)
    messages = [
        (f"{rng.choice(FR)} ({n})", "fr") if n % 2 else (f"{rng.choice(EN)} ({n})", "en")
        for n in range(2000)
    ]
    analyse("warm up", "fr"), analyse("warm up", "en")
    t0 = time.perf_counter()
    for text, lang in messages:
        analyse(text, lang)
    elapsed = time.perf_counter() - t0
    rate = len(messages) / elapsed
    per = elapsed / len(messages) * 1e6
    print(f"{len(messages)} messages in {elapsed * 1000:.0f} ms: {rate:.0f}/s ({per:.0f} µs each)")
