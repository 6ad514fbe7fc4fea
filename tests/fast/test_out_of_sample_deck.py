"""The out-of-sample deck of issue 26's second pass (decks/mc_acvd_mutuelle), scored once at
the end of the round by bench/validity.py: this pins what that scoring found, so that a later
change that moves it is seen and reported (not tuned on silently).

Found at the single scoring: every proposal the software made agreed with the jury (53/53,
kappa 1.00), pass/fail right for the strong, mixed and weak candidates on MC ACVD and CCS-RC;
one criterion left to the jury (the mixed candidate sends no letter, so no variable is there
to check: MC ACVD C3.3 « Les variables correctes … », which the jury marked non acquis).

The deck of the first pass (mc_acvd_fibre) is in sample since: its disagreements were the
leniencies the second pass fixed by class.
"""

from __future__ import annotations

from bench.validity import load_goldens, run
from tests.conftest import ROOT

FOUND = {  # (candidate, grid): (criteria departing from the jury, criteria left to the jury)
    ("strong", "mc_acvd"): (set(), set()),
    ("strong", "ccs_rc"): (set(), set()),
    ("mixed", "mc_acvd"): (set(), {"mc.c3.variables"}),
    ("mixed", "ccs_rc"): (set(), set()),
    ("weak", "mc_acvd"): (set(), set()),
    ("weak", "ccs_rc"): (set(), set()),
}


def test_the_out_of_sample_deck_is_graded_as_at_its_single_scoring():
    goldens = [g for g in load_goldens(ROOT / "evalsets" / "golden") if g.out_of_sample]
    assert {g.deck for g in goldens} == {"mc_acvd_mutuelle"}
    results = run(goldens)
    assert {(g.candidate, c.grid) for g, c in results} == set(FOUND)
    for golden, c in results:
        departing, left = FOUND[(golden.candidate, c.grid)]
        assert c.passed == c.jury_passed, (golden.candidate, c.grid)  # pass/fail right
        assert {cid for cid, _, _ in c.disagreements} == departing
        judgeable = c.decided + len(left)
        assert c.decided / judgeable == c.coverage, (golden.candidate, c.grid)
