"""The hand-written candidates of issue 26 (evalsets/golden/hand_*: transcripts written by
people who read the référentiels and the decks, not our measures; evalsets/golden/TRANSCRIPTS.md).

Their single scoring, before any change made from it: 103/136 = 0.76, kappa 0.52, pass/fail
6/9, both strong candidates failed (evalsets/golden/README.md). Three classes of fixes followed
(conversation, actions and reports, manners and timing), each with labelled cases written first
in phrasings of our own; these candidates are in sample since. Pinned here as they stand, so a
later change that moves them is seen: 128/137 = 0.93, pass/fail 9/9, and the nine criteria
still departing from the jury, each said in the README with why it was left.

Round 11 (issue 26): three more sets by three new writers (hand2_cqp_plateau_atlantique,
hand_cp_ffp_energie, hand_mc_acvd_fibre), scored once before any change made from them:
146/183 = 0.80, pass/fail 8/12, the three strong candidates failed. Pinned as they stand.
"""

from __future__ import annotations

from bench.validity import load_goldens, run
from tests.conftest import ROOT

DEPARTING = {  # (set folder, candidate, grid): criteria where the software departs from the jury
    ("hand_cqp_plateau_atlantique", "hand_strong", "cp_ffp"): set(),
    ("hand_cqp_plateau_atlantique", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand_cqp_plateau_atlantique", "hand_mixed", "cp_ffp"): {
        "cp_ffp.ecoute",  # no question on the complaint: the golden's own reasons disagree
        "cp_ffp.recherche",  # a message the desk refused (« non communiqué » as the phone)
        "cp_ffp.conge",  # two contacts of four end with no check
        "cp_ffp.reponse_redigee",  # pertinence to the request is not read (only SMS language)
    },
    ("hand_cqp_plateau_atlantique", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_5",  # as cp_ffp.ecoute
        "cqp.c1_8",  # as cp_ffp.recherche: the refused message
        "cqp.c1_10",  # a documents question unanswered: pertinence again
    },
    ("hand_cqp_plateau_atlantique", "hand_weak", "cp_ffp"): set(),
    ("hand_cqp_plateau_atlantique", "hand_weak", "cqp_telesecretaire"): {
        "cqp.c3_2",  # a hand-over without the numbers the messages carry
    },
    ("hand_mc_acvd_cycles", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_cycles", "hand_mixed", "mc_acvd"): {
        "mc.c3.variables",  # the desk pre-fills the subject where the article is needed
    },
    ("hand_mc_acvd_cycles", "hand_weak", "mc_acvd"): set(),
    # Round 11, first scoring (the lead's, before any change made from them):
    ("hand2_cqp_plateau_atlantique", "hand_strong", "cp_ffp"): {
        "cp_ffp.ecoute",
        "cp_ffp.informer",
        "cp_ffp.synthese",
        "cp_ffp.script",
    },
    ("hand2_cqp_plateau_atlantique", "hand_strong", "cqp_telesecretaire"): {"cqp.c1_5", "cqp.c1_7"},
    ("hand2_cqp_plateau_atlantique", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.informer",
        "cp_ffp.conge",
        "cp_ffp.reponse_redigee",
    },
    ("hand2_cqp_plateau_atlantique", "hand_mixed", "cqp_telesecretaire"): {"cqp.c1_7", "cqp.c1_10"},
    ("hand2_cqp_plateau_atlantique", "hand_weak", "cp_ffp"): set(),
    ("hand2_cqp_plateau_atlantique", "hand_weak", "cqp_telesecretaire"): {
        "cqp.c3_2",
        "cqp.c4_4",
    },
    ("hand_cp_ffp_energie", "hand_strong", "cp_ffp"): {
        "cp_ffp.informer",
        "cp_ffp.conge",
        "cp_ffp.script",
    },
    ("hand_cp_ffp_energie", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.recherche",
        "cp_ffp.informer",
        "cp_ffp.canal_entrant",
        "cp_ffp.validation",
    },
    ("hand_cp_ffp_energie", "hand_weak", "cp_ffp"): set(),
    ("hand_mc_acvd_fibre", "hand_strong", "mc_acvd"): {
        "mc.c3.reponse_ecrite",
        "mc.c4.reactions",
    },
    ("hand_mc_acvd_fibre", "hand_mixed", "mc_acvd"): {
        "mc.c1.reformulation",
        "mc.c1.attitude",
        "mc.c3.reponse_ecrite",
        "mc.c4.reactions",
    },
    ("hand_mc_acvd_fibre", "hand_weak", "mc_acvd"): {"mc.c3.lettre_type"},
}


FIRST_SCORED = {"hand2_cqp_plateau_atlantique", "hand_cp_ffp_energie", "hand_mc_acvd_fibre"}
WRONG_PASS = {  # round 11's pass/fail, wrong at the first scoring
    ("hand2_cqp_plateau_atlantique", "hand_strong", "cp_ffp"),
    ("hand2_cqp_plateau_atlantique", "hand_strong", "cqp_telesecretaire"),
    ("hand_mc_acvd_fibre", "hand_strong", "mc_acvd"),
}


def test_the_hand_written_candidates_are_graded_as_pinned():
    goldens = [g for g in load_goldens(ROOT / "evalsets" / "golden") if g.hand_written]
    results = run(goldens)
    assert {(g.path.parent.name, g.candidate, c.grid) for g, c in results} == set(DEPARTING)
    for golden, c in results:
        key = (golden.path.parent.name, golden.candidate, c.grid)
        if key[0] in FIRST_SCORED:  # not fixed yet: their pass/fail as it came
            assert (c.passed == c.jury_passed) is not (key in WRONG_PASS), key
        else:
            assert c.passed == c.jury_passed, key  # pass/fail right for every one
        assert {cid for cid, _, _ in c.disagreements} == DEPARTING[key], key
        assert c.coverage >= 0.9, key
