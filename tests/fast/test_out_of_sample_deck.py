"""The out-of-sample deck of issue 26 (decks/mc_acvd_fibre), scored once at the end of the
round by bench/validity.py: this pins what that scoring found, disagreements included, so
that a later change that moves them is seen and reported (not tuned on silently).

Found at the single scoring: the strong and weak candidates graded as the jury did on both
grids; the mixed one (scripted:hurried) failed as the jury says, but the measures are more
lenient than the jury on six criteria a desk's log shows only in part (the company's
greeting, a positive attitude, the e-mails' company form, the supervisor left without the
urgent point, no customer reactions in the hand-over, a script run without checking the need).

Moved since (reported, not tuned): issue 22 put ``principal_named`` in MC ACVD C1.1, so the
mixed candidate's greeting without the company (« Bonjour, Julie. ») now fails as the jury
said: five departures are left.
"""

from __future__ import annotations

from bench.validity import load_goldens, run
from tests.conftest import ROOT

FOUND = {  # (candidate, grid): the criteria where the proposal departed from the jury
    ("strong", "mc_acvd"): set(),
    ("strong", "ccs_rc"): set(),
    ("mixed", "mc_acvd"): {
        "mc.c1.attitude",
        "mc.c3.reponse_ecrite",
        "mc.c4.urgence",
        "mc.c4.reactions",
    },
    ("mixed", "ccs_rc"): {"ccs.c3"},
    ("weak", "mc_acvd"): set(),
    ("weak", "ccs_rc"): set(),
}


def test_the_out_of_sample_deck_is_graded_as_at_its_single_scoring():
    goldens = [g for g in load_goldens(ROOT / "evalsets" / "golden") if g.out_of_sample]
    assert {g.deck for g in goldens} == {"mc_acvd_fibre"}
    results = run(goldens)
    assert {(g.candidate, c.grid) for g, c in results} == set(FOUND)
    for golden, c in results:
        assert c.passed == c.jury_passed, (golden.candidate, c.grid)  # pass/fail right
        assert {cid for cid, _, _ in c.disagreements} == FOUND[(golden.candidate, c.grid)]
