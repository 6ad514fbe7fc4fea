"""Equivalence harness for the line analysis: what the tone and the customer's reaction read of
every line we hold, written as a stable dump, so that a change of mechanism (how a line is
scanned, not what is found) can be shown to change nothing.

    python bench/analysis_dump.py OUT               # write the dump
    python bench/analysis_dump.py OUT --compare OLD # write it, then fail on any difference

The lines: every line of evalsets/language/*.csv (in its language), every candidate line of
evalsets/golden/**/transcripts (in its deck's language) and generated chat lines and e-mails
(bench/lines.py, fixed seed). For each: the sentiment as each speaker reads it (agent,
customer, unknown), the analysis the measures read (language.analyse: SMS tokens, words,
markers), the register, the mood's tone (customer.tone_shift), and the customer's reaction
(customer.respond: the whole Turn) on a few decks of its language, each at two points of a
conversation (just picked up: a copy of that state; and after two exchanges). Run with
PYTHONHASHSEED=0 (the script re-executes itself so): a few readings follow set order.
"""

from __future__ import annotations

import argparse
import copy
import csv
import difflib
import json
import os
import random
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if os.environ.get("PYTHONHASHSEED") != "0":  # set orders must not differ between two dumps
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from lines import chat_line, email  # noqa: E402

from omnisim import events as ev  # noqa: E402
from omnisim.engine import customer  # noqa: E402
from omnisim.language import analyse, sentiment, warm  # noqa: E402
from omnisim.language.markers import register  # noqa: E402
from omnisim.protocol import actions  # noqa: E402
from omnisim.scenario.check import load_deck  # noqa: E402
from tests.fast.customer_sim import Sim  # noqa: E402

GENERATED = 3000  # chat lines; a third as many e-mails
# (deck folder, contact id or None for its first phone contact) per language
DECKS = {
    "fr": (
        ("tests/decks/conversing", "appel"),
        ("tests/decks/conversing", "tchat"),
        ("decks/cqp_cabinets_lyon", None),
    ),
    "en": (("tests/decks/conversing-en", "chat"), ("decks/english", None)),
}


def language_lines() -> list[tuple[str, str, str]]:
    out = []
    for path in sorted((ROOT / "evalsets" / "language").glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out.append((path.name, row.get("lang") or "fr", row["text"]))
    return out


def _texts(node: Any) -> list[str]:
    """The candidate's texts in a transcript's actions (send, call_say, notes...)."""
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k in ("text", "body") and isinstance(v, str)]
        return found + [t for v in node.values() for t in _texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v)]
    return []


def transcript_lines() -> list[tuple[str, str, str]]:
    out = []
    golden = ROOT / "evalsets" / "golden"
    for path in sorted(golden.glob("**/transcripts/*.yaml")):
        folder = path.parent.parent.name
        deck = ROOT / "decks" / folder.split("_", 1)[1] if folder.startswith("hand") else None
        lang = "fr"
        if deck is not None and (deck / "deck.yaml").exists():
            lang = yaml.safe_load((deck / "deck.yaml").read_text(encoding="utf-8")).get(
                "language", "fr"
            )
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for turn in data.get("turns", []):
            for text in _texts(turn.get("do", [])):
                out.append((str(path.relative_to(golden)), lang, text))
    return out


def generated_lines() -> list[tuple[str, str, str]]:
    rng = random.Random(32)
    chats = [("chat", "fr", chat_line(rng)) for _ in range(GENERATED)]
    return chats + [("email", "fr", email(rng)) for _ in range(GENERATED // 3)]


SECOND = {
    "fr": "Pouvez-vous me rappeler votre nom et votre numéro de dossier ?",
    "en": "Could you give me your name and your file number?",
}


def conversations() -> dict[str, list[tuple[str, Any, Any, Any]]]:
    """Per language, (name, deck, contact, state) at two points of each conversation."""
    out: dict[str, list[tuple[str, Any, Any, Any]]] = {}
    for lang, decks in DECKS.items():
        for folder, contact_id in decks:
            deck = load_deck(ROOT / folder)
            contact = next(
                c
                for c in deck.contacts
                if (c.id == contact_id if contact_id else c.channel == "phone" and not c.extra)
            )
            sim = Sim(deck)
            sim.run(contact.at + 1)
            sim.act(ev.ContactPickedUp(contact.id))
            sim.wait(2)
            name = f"{folder}#{contact.id}"
            out.setdefault(lang, []).append(
                (
                    f"{name}@start",
                    deck,
                    contact,
                    copy.deepcopy(sim.engine.state.contacts[contact.id]),
                )
            )
            first = (
                "Bonjour, que puis-je faire pour vous ?"
                if lang == "fr"
                else "Hello, how can I help?"
            )
            sim.act(actions.Send(contact.id, first))
            sim.wait(60)
            sim.act(actions.Send(contact.id, SECOND[lang]))
            sim.wait(60)
            out[lang].append(
                (f"{name}@asked", deck, contact, sim.engine.state.contacts[contact.id])
            )
    return out


def reading(text: str, lang: str, talks: list[tuple[str, Any, Any, Any]]) -> dict[str, Any]:
    moods = {
        who or "unknown": list(asdict(sentiment(text, lang, speaker=who)).values())
        for who in ("agent", "customer", None)
    }
    analysis = asdict(analyse(text, lang, speaker="agent"))
    del analysis["text"]
    out: dict[str, Any] = {
        "sentiment": moods,
        "analyse": analysis,
        "register": sorted(register(text, lang)),
        "tone": list(customer.tone_shift(text, lang)),
    }
    for name, deck, contact, state in talks:
        turn = customer.respond(deck, contact, state, text, deck.seed, channel=contact.channel)
        out[name] = [asdict(turn), turn.conduct_delta]
    return out


def dump(out: Path) -> None:
    warm()
    talks = conversations()
    lines = language_lines() + transcript_lines() + generated_lines()
    with out.open("w", encoding="utf-8") as f:
        for source, lang, text in lines:
            lang = lang if lang in talks else "fr"
            record = {"source": source, "lang": lang, "text": text}
            record.update(reading(text, lang, talks[lang]))
            f.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(lines)} lines -> {out}")


def compare(new: Path, old: Path) -> int:
    a = old.read_text(encoding="utf-8").splitlines()
    b = new.read_text(encoding="utf-8").splitlines()
    if a == b:
        print(f"identical: {len(b)} lines")
        return 0
    differing = sum(1 for x, y in zip(a, b, strict=False) if x != y) + abs(len(a) - len(b))
    print(f"DIFFERENT: {differing} of {len(a)} lines")
    for line in list(difflib.unified_diff(a, b, str(old), str(new), n=0, lineterm=""))[:40]:
        print(line[:600])
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, help="an earlier dump: fail on any difference")
    args = parser.parse_args()
    dump(args.out)
    return compare(args.out, args.compare) if args.compare else 0


if __name__ == "__main__":
    sys.exit(main())
