"""One way to translate: the code holds catalog keys and parameters, ``web/i18n`` the texts.

Scans the package's source (no import of the modules scanned) for the keys it uses,
the refusals it raises and the French sentences that would have crept back in.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest

from omnisim.i18n import Num, Text, catalog, format_clock, format_datetime, message

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "omnisim"
KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")

# A call's name -> the index of the positional argument that holds a catalog key.
KEY_ARGUMENT = {
    "SchemaError": 1,
    "ActionRefused": 1,
    "ExamRefused": 1,
    "message": 1,
    "refuse": 2,
    "Text": 0,
    "say": 0,
    "t": 0,
    "_t": 0,  # the command line's texts (cli.py, deck/commands.py, trainer_cli.py)
}
REFUSALS = ("SchemaError", "ActionRefused")
# Where every refusal must be a key, and where no French sentence may stay in the code.
REFUSING = [
    PACKAGE / "schema.py",
    PACKAGE / "protocol" / "actions.py",
    *sorted((PACKAGE / "engine").glob("*.py")),
    *sorted((PACKAGE / "measures").glob("*.py")),
    PACKAGE / "grading" / "verdicts.py",
    PACKAGE / "events" / "__init__.py",
    PACKAGE / "auth" / "passwords.py",
]
JUDGING = [
    *sorted(p for p in (PACKAGE / "measures").glob("*.py") if p.name != "__init__.py"),
    PACKAGE / "grading" / "verdicts.py",
]
FRENCH_LETTERS = re.compile(r"[àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊËÎÏÔÙÛÜŒÆ«»]")
FRENCH_WORDS = frozenset(
    {"le", "la", "les", "des", "du", "un", "une", "aucun", "aucune", "est", "sont", "pas"}
    | {"avec", "sans", "pour", "dans", "sur", "par", "et", "ou", "mais", "rien", "jamais"}
    | {"non", "mots", "juger", "attente", "fiche", "humeur", "manque", "critère", "tout"}
)


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _literals(node: ast.expr) -> Iterator[ast.expr]:
    """The alternatives of an argument: both branches of ``a if c else b``, or itself."""
    if isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    else:
        yield node


def _calls(path: Path) -> Iterator[tuple[ast.Call, str, ast.expr]]:
    """Each call that takes a key, with its name and the argument in the key's place."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Call) and _name(node) in KEY_ARGUMENT:
            index = KEY_ARGUMENT[_name(node)]
            if len(node.args) > index:
                yield node, _name(node), node.args[index]


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"


def used_keys() -> list[tuple[str, str, frozenset[str] | None]]:
    """(key, where, keyword names given or None when ``**params`` hides them)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for call, _, argument in _calls(path):
            given = {k.arg for k in call.keywords}
            names = None if None in given else frozenset(str(k) for k in given)
            for option in _literals(argument):
                text = option.value if isinstance(option, ast.Constant) else None
                if isinstance(text, str) and KEY.fullmatch(text):
                    found.append((text, _where(path, call), names))
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_the_code_uses_is_in_both_catalogs_with_its_parameters():
    fr, en = catalog("fr"), catalog("en")
    used = used_keys()
    assert len(used) > 100  # the scan does find the keys (refusals, notes, details, cli)
    problems = []
    for key, where, given in used:
        if key not in fr or key not in en:
            problems.append(f"{where}: {key} missing from the {'fr' if key not in fr else 'en'}")
            continue
        if placeholders(fr[key]) != placeholders(en[key]):
            problems.append(f"{where}: {key}: fr and en placeholders differ")
        if given is not None and not placeholders(fr[key]) <= given:
            problems.append(f"{where}: {key} needs {sorted(placeholders(fr[key]) - given)}")
    assert problems == []


def test_keys_built_from_data_exist_for_every_value():
    """Channel names, roles, received types and proposals are looked up by a computed key."""
    from omnisim.events import Channel
    from omnisim.grading.verdicts import Proposal
    from omnisim.protocol.actions import ACTIONS

    fr, en = catalog("fr"), catalog("en")
    roles = {role for _, allowed in ACTIONS.values() for role in allowed}
    types = ("str", "int", "float", "bool", "list", "dict", "NoneType")
    computed = [
        *(f"note.channel.{c}" for c in get_args(Channel)),
        *(f"err.role.{r}" for r in roles),
        *(f"err.type.{t}" for t in types),
        *(f"verdict.{p}" for p in get_args(Proposal)),
    ]
    assert [k for k in computed if k not in fr or k not in en] == []


@pytest.mark.parametrize("path", REFUSING, ids=lambda p: str(p.relative_to(ROOT)))
def test_refusals_are_raised_with_a_key_never_a_sentence(path):
    fr = catalog("fr")
    sentences = []
    for call, name, argument in _calls(path):
        if name not in REFUSALS:
            continue
        for option in _literals(argument):
            literal = isinstance(option, ast.Constant) and isinstance(option.value, str)
            if not literal or option.value not in fr:
                sentences.append(f"{_where(path, call)}: {ast.unparse(option)}")
    assert sentences == []


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = body[0] if body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def french(text: str) -> bool:
    words = {w.lower() for w in re.findall(r"\w+", text)}
    return bool(FRENCH_LETTERS.search(text)) or bool(words & FRENCH_WORDS)


def test_french_detector():
    assert french("aucune mise en attente") and french("{c} : décroché") and french("« x »")
    assert not french("non_acquis") and not french("note.never_picked") and not french("phone")


@pytest.mark.parametrize("path", JUDGING, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_french_sentence_left_in_measures_and_grading(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skip = _docstrings(tree)
    left = [
        f"{_where(path, node)}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and french(node.value)
    ]
    assert left == []


def _both(text: Text) -> tuple[str, str]:
    fr, en = text.render("fr"), text.render("en")
    assert fr and en and fr != en, (text, fr, en)
    assert fr != text.key and en != text.key and "{" not in fr + en
    return fr, en


def test_a_measure_result_reads_in_french_and_in_english():
    from types import SimpleNamespace

    from omnisim.measures import timing
    from omnisim.measures.context import MeasureContext
    from omnisim.projection.workspace import ContactView, Hold, Moment, SessionView

    view = SessionView(time_factor=1.0, last=Moment(4, 30.0))
    view.contacts["c1"] = ContactView(
        "c1", "phone", Moment(1, 0.0), picked=Moment(2, 12.5), holds=[Hold(Moment(3, 20.0), "")]
    )
    phone = SimpleNamespace(pickup_seconds=15.0, max_lines_on_hold=3, max_hold_seconds=60.0)
    deck = SimpleNamespace(contact=lambda _id: None)  # no deck contact: an inbound call
    ctx = MeasureContext(view, deck, {"phone": phone}, {})  # type: ignore[arg-type]

    (picked,) = timing.pickup_time(ctx).evidence
    assert _both(picked.note) == ("c1 : décroché en 12,5 s", "c1: picked up in 12.5 s")
    assert picked.render("fr") == "c1 : décroché en 12,5 s"
    (unannounced,) = timing.hold_announced(ctx).evidence
    _both(unannounced.note)

    view.contacts.clear()
    nothing = timing.pickup_time(ctx)
    assert nothing.passed is None
    assert _both(nothing.detail) == ("aucun appel à décrocher", "no call to pick up")
    assert nothing.render("en") == "no call to pick up"


def test_the_pass_rule_shows_percentages_the_way_each_language_writes_them():
    from omnisim.grading import bundled_grids, evaluate

    grid = bundled_grids()["cp_ffp"]  # 70 % of the criteria
    outcome = evaluate(grid, {c.id: "acquis" for c in grid.criteria})
    fr, en = _both(outcome.reason)
    total = len(grid.criteria)
    assert fr.replace("\N{NO-BREAK SPACE}", " ") == (
        f"{total} critères acquis sur {total} (100 %), seuil de 70 % atteint."
    )
    assert en == f"{total} of {total} criteria acquired (100%), threshold of 70% reached."


def test_a_refusal_reads_in_french_and_in_english():
    from omnisim.protocol.actions import parse_action
    from omnisim.schema import SchemaError

    with pytest.raises(SchemaError) as refused:
        parse_action("pause", {}, "candidate")
    error = refused.value
    assert error.key == "err.role_may_not_send" and error.field == "type"
    assert error.reason == "a candidate may not send 'pause'" == error.render("en")
    assert error.render("fr") == "Un candidat ne peut pas envoyer « pause »."

    with pytest.raises(SchemaError) as refused:
        parse_action("pickup", {"contact_id": 12}, "candidate")
    assert refused.value.reason == "expected a string, got int"
    assert refused.value.render("fr") == "Un texte est attendu (reçu : un nombre entier)."


def test_numbers_dates_and_clock_times_follow_the_language():
    assert Text("note.hold_for", contact="c", seconds=1234.5).render("fr") == (
        "c : attente de 1\N{NARROW NO-BREAK SPACE}234,5 s"
    )
    assert Text("note.hold_for", contact="c", seconds=1234.5).render("en") == (
        "c: on hold for 1,234.5 s"
    )
    assert message("fr", "note.final_mood", contact="c", mood=Num(0.35, 2, "signed")) == (
        "c : humeur finale +0,35"
    )
    moment = 1795599240  # 2026-11-25 09:34 UTC, 10:34 in Paris
    assert format_datetime(moment, "fr") == "25 nov. 2026, 10:34"
    assert format_datetime(moment, "en").replace("\N{NARROW NO-BREAK SPACE}", " ") == (
        "Nov 25, 2026, 10:34 AM"
    )
    assert format_datetime(moment, "en", tz="UTC").startswith("Nov 25, 2026, 9:34")
    clock = 9 * 3600 + 41 * 60
    assert format_clock(clock, "fr") == format_clock(clock, "en") == "09:41"


def test_texts_are_hashable_values():
    a = Text("note.quote", contact="c", text="Bonjour")
    assert a == Text("note.quote", text="Bonjour", contact="c") and len({a, a}) == 1
    assert not Text() and Text().render("fr") == ""
    b = Text("note.quote", contact="c", text=2)
    assert sorted([b, a, Text()]) == [Text(), a, b] and a <= b
