"""The hand-written candidates of issue 26 (evalsets/golden/hand_*: transcripts written by
people who read the référentiels and the decks, not our measures; evalsets/golden/TRANSCRIPTS.md).

Their single scoring, before any change made from it: 103/136 = 0.76, kappa 0.52, pass/fail
6/9, both strong candidates failed (evalsets/golden/README.md). Three classes of fixes followed
(conversation, actions and reports, manners and timing), each with labelled cases written first
in phrasings of our own; these candidates are in sample since. Pinned here as they stand, so a
later change that moves them is seen: 130/137 = 0.95, pass/fail 9/9 (128/137 before the desk
took a message with « numéro non communiqué » and the key said what a template's variables
hold), and the seven criteria still departing from the jury, each said in the README with why.
"""

from __future__ import annotations

from bench.validity import load_goldens, run
from tests.conftest import ROOT

DEPARTING = {  # (deck, candidate, grid): criteria where the software departs from the jury
    ("cqp_plateau_atlantique", "hand_strong", "cp_ffp"): set(),
    ("cqp_plateau_atlantique", "hand_strong", "cqp_telesecretaire"): set(),
    ("cqp_plateau_atlantique", "hand_mixed", "cp_ffp"): {
        "cp_ffp.ecoute",  # no question on the complaint: the golden's own reasons disagree
        "cp_ffp.conge",  # two contacts of four end with no check
        "cp_ffp.reponse_redigee",  # pertinence to the request is not read (only SMS language)
    },
    ("cqp_plateau_atlantique", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_5",  # as cp_ffp.ecoute
        "cqp.c1_8",  # M. Perrin's message without his number: he had one (the strong got it)
        "cqp.c1_10",  # a documents question unanswered: pertinence again
    },
    ("cqp_plateau_atlantique", "hand_weak", "cp_ffp"): set(),
    ("cqp_plateau_atlantique", "hand_weak", "cqp_telesecretaire"): {
        "cqp.c3_2",  # a hand-over without the numbers the messages carry
    },
    ("mc_acvd_cycles", "hand_strong", "mc_acvd"): set(),
    ("mc_acvd_cycles", "hand_mixed", "mc_acvd"): set(),
    ("mc_acvd_cycles", "hand_weak", "mc_acvd"): set(),
}


def test_the_hand_written_candidates_are_graded_as_pinned():
    goldens = [g for g in load_goldens(ROOT / "evalsets" / "golden") if g.hand_written]
    results = run(goldens)
    assert {(g.deck, g.candidate, c.grid) for g, c in results} == set(DEPARTING)
    for golden, c in results:
        key = (golden.deck, golden.candidate, c.grid)
        assert c.passed == c.jury_passed, key  # pass/fail right for every one
        assert {cid for cid, _, _ in c.disagreements} == DEPARTING[key], key
        assert c.coverage >= 0.9, key
