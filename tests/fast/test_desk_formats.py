"""One date and time format per locale on the whole desk (issue 22): the browser writes the
scenario's moments with Babel's patterns and names (web/src/workspace/formats.ts) exactly as
the server does (omnisim/i18n.py format_when, used in refusals), in French and in English."""

from __future__ import annotations

import json
import subprocess

import pytest

from omnisim.i18n import When, desk_formats, format_when, message
from tests.conftest import ROOT
from tests.fast.test_client_reducer import golden_js  # noqa: F401  (builds the client's tests)

FORMATS_JS = ROOT / "web" / "build-tests" / "workspace" / "formats_golden.js"
MOMENTS = [
    "2026-03-13T14:30",
    "2026-03-12T09:05",
    "2026-01-01T00:00",
    "2026-12-31T23:59",
    "2026-09-07T12:00",
    "2026-03-13",
    "2026-02-10",
    "mardi matin",  # not a calendar date: shown as the deck wrote it
]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_browser_writes_moments_as_babel_does(lang, golden_js, tmp_path):  # noqa: F811
    source = tmp_path / "moments.json"
    source.write_text(json.dumps({"formats": desk_formats(lang), "moments": MOMENTS}))
    out = subprocess.run(
        ["node", str(FORMATS_JS), str(source)], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [format_when(m, lang) for m in MOMENTS]


def test_one_format_per_locale_in_the_desks_refusals_too():
    assert format_when("2026-03-13T14:30", "fr") == "vendredi 13 mars 2026, 14:30"
    assert format_when("2026-03-13T14:30", "en") == "Friday, March 13, 2026, 2:30\u202fPM"
    said = message("fr", "err.agenda_slot_busy", start=When("2026-03-12T10:00"))
    assert "jeudi 12 mars 2026, 10:00" in said
