"""Hostile decks, uploaded: a scenario or located problems, in bounded time and memory.

Any trainer may upload a zip, so whatever it holds must cost little: alias bombs, nesting
thousands deep, numbers Python will not read, dates that do not exist, tens of thousands
of keys, megabytes of one scalar, Markdown that markdown-it reads in quadratic time,
hostile member names. Each example is checked as the upload form and ``POST /api/decks``
check it (``check_upload``), timed, with its peak memory traced. The fuzz found, before
its fixes: a 5,000-digit number and the 30th of February crashed the check (ValueError);
50,000 keys took 78 s and 87 MiB and listed 50,000 problems; 500 KB of one scalar took
11 s. ``python bench/yaml_bomb.py`` gives the bomb's figures.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from omnisim.deck.files import MAX_MARKDOWN_CHARS
from omnisim.live.library import MAX_PROBLEMS, check_upload
from tests.conftest import ROOT

DECK = (ROOT / "decks" / "mini" / "deck.yaml").read_text(encoding="utf-8")
# The worst an upload may cost here: traced by tracemalloc (about three times slower) on a
# two-core machine shared by several test runs; about 1.5 s untraced on an idle one.
SECONDS = 12.0
MIB = 48  # peak memory traced while checking one upload


def bomb(levels: int, width: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


HOSTILE_YAML = st.one_of(
    st.builds(bomb, st.integers(2, 9), st.integers(2, 10)),
    st.just("base: &b {x: 1}\nc:\n  <<: *b\n"),
    st.integers(40, 20_000).map(lambda n: "a: " + "[" * n + "]" * n + "\n"),
    st.integers(40, 5_000).map(lambda n: "a: " + "{a: " * n + "1" + "}" * n + "\n"),
    st.integers(41, 400).map(lambda n: "".join("  " * i + f"k{i}:\n" for i in range(n))),
    st.integers(1_000, 80_000).map(lambda n: "\n".join(f"k{i}: {i}" for i in range(n))),
    st.integers(1_000, 60_000).map(lambda n: "- x\n" * n),
    st.integers(10_000, 900_000).map(lambda n: "a: " + "x" * n + "\n"),
    st.integers(4_301, 50_000).map(lambda n: "at: " + "9" * n + "\n"),
    st.sampled_from(
        [
            "a: 2001-02-30\n",
            "at: 1e400\n",
            "a: !!python/object/apply:os.system ['true']\n",
            "a: !!binary '@@@'\n",
            "a: !!binary 'aGVsbG8='\n",
            "a: !!set {x, y}\n",
            "a: !perso 1\n",
            "%YAML 1.1\n---\na: 1\n",
            "a: 1\n---\nb: 2\n",
            "? [a, b]\n: c\n",
            "a: 0x" + "f" * 5000 + "\n",
            "a: 1_" + "0" * 5000 + "\n",
            "\ufeffa: 1\n",
            "a: \x85\u2028\n",
        ]
    ),
    st.text(max_size=400),
)
# Where in the deck the hostile text goes: the settings, a contact, the sections, a script.
YAML_PLACES = st.sampled_from(
    ["deck.yaml", "contacts/x.yaml", "principals.yaml", "crm.yaml", "scripts/x.yaml"]
)
HOSTILE_MARKDOWN = st.one_of(
    st.integers(100, 40_000).map(lambda n: "[" * n),
    st.integers(100, 10_000).map(lambda n: "*a **b " * n),
    st.integers(100, 10_000).map(lambda n: "---\n" + "k: " + "[" * n + "\n---\n"),
    st.text(max_size=400),
)
MARKDOWN_PLACES = st.sampled_from(["briefing.md", "knowledge/x.md", "templates/x.md"])
MEMBER_NAMES = st.one_of(
    st.sampled_from(["../evil.yaml", "/etc/x.yaml", "C:x.yaml", "contacts/../../x.yaml"]),
    st.integers(300, 5_000).map(lambda n: "contacts/" + "n" * n + ".yaml"),
    # zipfile cuts a name at its first NUL and cannot write what is left empty: not an upload
    st.text(min_size=1, max_size=60).filter(lambda n: n.split("\x00", 1)[0] != ""),
)


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    """The bundled data a check reads are loaded once per process: not the upload's cost."""
    upload = check_upload(zipped({"deck.yaml": DECK}), "mini.zip")
    assert upload.document is not None and not upload.problems, upload


def zipped(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def checked_within_bounds(data: bytes) -> tuple[float, float, list]:
    """Check an upload: (seconds, MiB at peak, problems); it never raises."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        upload = check_upload(data, "fuzz.zip")
    finally:
        took = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    assert took < SECONDS, f"{took:.1f} s"
    assert peak < MIB, f"{peak:.0f} MiB"
    problems = upload.unreadable or upload.located  # by file and line
    if upload.document is None:
        assert upload.unreadable
    elif upload.problems:
        assert upload.located
    assert all(p.file and p.line >= 1 and p.message for p in problems)
    for listed in (upload.unreadable, upload.problems, upload.located):
        assert len(listed) <= MAX_PROBLEMS + 1
    return took, peak, problems


# A few seconds each; a failure is reported as found (shrinking a slow case takes minutes).
FUZZ = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
    phases=[Phase.explicit, Phase.generate],
)


@FUZZ
@given(text=HOSTILE_YAML, place=YAML_PLACES, stay=st.booleans())
def test_hostile_yaml_anywhere_in_a_deck(text: str, place: str, stay: bool):
    files: dict[str, str | bytes] = {"mon-deck/deck.yaml": DECK, f"mon-deck/{place}": text}
    if stay and place != "deck.yaml":
        files["mon-deck/contacts/y.yaml"] = text  # twice: the budget is the deck's
    checked_within_bounds(zipped(files))


@FUZZ
@given(text=HOSTILE_MARKDOWN, place=MARKDOWN_PLACES)
def test_hostile_markdown_is_refused_past_its_length(text: str, place: str):
    _took, _peak, problems = checked_within_bounds(
        zipped({"mon-deck/deck.yaml": DECK, f"mon-deck/{place}": text})
    )
    if len(text) > MAX_MARKDOWN_CHARS:
        assert any("split it" in p.message for p in problems)


@FUZZ
@given(name=MEMBER_NAMES, data=st.binary(max_size=200))
def test_hostile_members_and_bytes(name: str, data: bytes):
    checked_within_bounds(zipped({"deck.yaml": DECK, name: data}))
    checked_within_bounds(data)  # not a zip at all


def test_many_files_together_stay_within_the_deck_s_budget():
    """Twenty-five 700 KB contact files: each alone is under a file's limit, together they
    are far over the deck's, and are refused as soon as the budget is spent."""
    big = "\n".join(f"k{i}: {i}" for i in range(60_000))
    files: dict[str, str | bytes] = {"mon-deck/deck.yaml": DECK}
    files |= {f"mon-deck/contacts/c{n}.yaml": big for n in range(25)}
    took, peak, problems = checked_within_bounds(zipped(files))
    print(f"\n25 files of {len(big) // 1024} KB: {took:.2f} s, {peak:.0f} MiB, refused")
    assert any(p.text.key in ("deckerr.yaml_size", "deckerr.yaml_values") for p in problems)


def test_a_compressed_bomb_member_is_refused_without_inflating_it():
    files: dict[str, str | bytes] = {"mon-deck/deck.yaml": DECK}
    files["mon-deck/contacts/zeros.yaml"] = b"a: " + b"0" * (64 * 1024 * 1024)
    data = zipped(files)
    assert len(data) < 200_000
    took, peak, problems = checked_within_bounds(data)
    assert any("bytes" in p.message for p in problems)


@pytest.mark.parametrize("text", ["a: !!binary 'aGVsbG8='\n", "a: !!set {x, y}\n"])
@pytest.mark.parametrize("place", ["deck.yaml", "contacts/x.yaml", "principals.yaml", "crm.yaml"])
def test_values_no_deck_field_holds_are_located_not_a_crash(text: str, place: str):
    """Bytes and sets made the check's own JSON writing crash (the fuzz found it)."""
    _took, _peak, problems = checked_within_bounds(
        zipped({"mon-deck/deck.yaml": DECK, f"mon-deck/{place}": text})
    )
    assert any("has no place in a deck" in p.message for p in problems), problems


@pytest.mark.parametrize(
    "text",
    [
        "a: 0x" + "f" * 5000 + "\n",
        "- 0b" + "1" * 20000 + "\n",
        "records: [{id: 1" + ":59" * 3000 + "}]\n",
    ],
)
@pytest.mark.parametrize("place", ["deck.yaml", "contacts/x.yaml", "principals.yaml", "crm.yaml"])
def test_a_number_too_long_to_print_is_located_not_a_crash(text: str, place: str):
    """Python reads a 5,000-digit hex but cannot write it in decimal: the CRM's and the
    principals' checks printed it and crashed (the fuzz found it)."""
    _took, _peak, problems = checked_within_bounds(
        zipped({"mon-deck/deck.yaml": DECK, f"mon-deck/{place}": text})
    )
    assert any("no number or date holds it" in p.message for p in problems), problems
