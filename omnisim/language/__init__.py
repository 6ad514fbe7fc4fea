"""French and English language toolkit: sentiment, SMS language, word counts, markers.

Pure functions over one message (bundled data is loaded once). The engine uses it
for customer moods, the measures for grading, and ``omnisim text`` for trainers
checking deck lines.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from typing import IO

from omnisim.language.markers import VERSION as MARKERS_VERSION
from omnisim.language.markers import markers
from omnisim.language.sentiment import Sentiment, Speaker, analyser_name, label_of, sentiment
from omnisim.language.sms import analyser_name as sms_analyser_name
from omnisim.language.sms import sms_tokens
from omnisim.language.words import count_words

__all__ = [
    "Sentiment",
    "Speaker",
    "TextAnalysis",
    "analyse",
    "analysers",
    "count_words",
    "label_of",
    "markers",
    "run_text_cli",
    "sentiment",
    "sms_tokens",
]


@dataclass(frozen=True)
class TextAnalysis:
    text: str
    sentiment: float
    label: str
    analyser: str
    sms_speak: bool
    sms_tokens: tuple[str, ...]
    words: int
    markers: tuple[str, ...]


def analyse(
    text: str,
    lang: str = "fr",
    *,
    company: str | None = None,
    agent_name: str | None = None,
    speaker: Speaker | None = None,
) -> TextAnalysis:
    """Everything about one message; ``speaker="agent"`` for a candidate's line (see sentiment)."""
    lang = lang if lang in ("fr", "en") else "fr"
    mood = sentiment(text, lang, speaker=speaker)
    tokens = sms_tokens(text, lang)
    return TextAnalysis(
        text=text,
        sentiment=mood.score,
        label=mood.label,
        analyser=mood.analyser,
        sms_speak=bool(tokens),
        sms_tokens=tokens,
        words=count_words(text),
        markers=markers(text, lang, company=company, agent_name=agent_name),
    )


def analysers() -> dict[str, str]:
    """Name and version of every analyser a grading rests on: an exam records them at creation."""
    from importlib import metadata

    return {
        "sentiment.fr": analyser_name("fr"),
        "sentiment.en": analyser_name("en"),
        "sms_language": sms_analyser_name(),
        "markers": MARKERS_VERSION,
        "words": "omnisim-words-1",
        "omnisim": metadata.version("omnisim"),
    }


def run_text_cli(lang: str, stdin: IO[str], stdout: IO[str]) -> int:
    """One message per input line → one JSON object per output line (blank lines skipped)."""
    for line in stdin:
        text = line.rstrip("\n").rstrip("\r")
        if not text.strip():
            continue
        result = asdict(analyse(text, lang))
        out = {
            k: result[k]
            for k in ("text", "sentiment", "label", "sms_speak", "sms_tokens", "words", "markers")
        }
        out["sms_tokens"], out["markers"] = list(out["sms_tokens"]), list(out["markers"])
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    stdout.flush()
    return 0


def warm() -> None:
    """Build the lexicons, patterns and spelling lists now rather than on a first message."""
    for lang in ("fr", "en"):
        sentiment("ok", lang)
        sms_tokens("ok", lang)


# Messages are analysed on the event loop: the data (a few tenths of a second to build) is
# loaded by a background thread, so that neither the importer nor a first message waits. It
# starts a moment after the import, not to slow the rest of the importer's start-up (an
# app importing its modules inside a running loop).
WARM_DELAY = 0.5
_warming = threading.Timer(WARM_DELAY, warm)
_warming.name, _warming.daemon = "omnisim-language-warm", True
_warming.start()
