"""The hand-written candidates of issue 26 (evalsets/golden/hand_*: transcripts written by
people who read the référentiels and the decks, not our measures; evalsets/golden/TRANSCRIPTS.md).

Their single scoring, before any change made from it: 103/136 = 0.76, kappa 0.52, pass/fail
6/9, both strong candidates failed (evalsets/golden/README.md). Three classes of fixes followed
(conversation, actions and reports, manners and timing), each with labelled cases written first
in phrasings of our own; these candidates are in sample since. Pinned here as they stand, so a
later change that moves them is seen: 130/137 = 0.95, pass/fail 9/9, and the seven criteria
still departing from the jury, each said in the README with why it was left (the plateau mixed
candidate's réponse rédigée and C.1.10 agree since the key says what a written answer must give:
key.answer_points, measure answer_pertinent).

Round 11 (issue 26): three more sets by three new writers (hand2_cqp_plateau_atlantique,
hand_cp_ffp_energie, hand_mc_acvd_fibre), scored once before any change made from them:
146/183 = 0.80, pass/fail 8/12, the three strong candidates failed. After the conversation
measures' fixes (r11fix_a: steps asked in one's own words, information around a search,
checking questions, recaps): 160/183 = 0.87, pass/fail 11/12. Pinned as they stand.
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
    },
    ("hand_cqp_plateau_atlantique", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_5",  # as cp_ffp.ecoute
        "cqp.c1_8",  # as cp_ffp.recherche: the refused message
    },
    ("hand_cqp_plateau_atlantique", "hand_weak", "cp_ffp"): set(),
    ("hand_cqp_plateau_atlantique", "hand_weak", "cqp_telesecretaire"): set(),
    ("hand_mc_acvd_cycles", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_cycles", "hand_mixed", "mc_acvd"): {
        "mc.c3.variables",  # the desk pre-fills the subject where the article is needed
    },
    ("hand_mc_acvd_cycles", "hand_weak", "mc_acvd"): set(),
    # Round 11: first scoring (the lead's), then the conversation measures' fixes (r11fix_a):
    ("hand2_cqp_plateau_atlantique", "hand_strong", "cp_ffp"): set(),
    ("hand2_cqp_plateau_atlantique", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand2_cqp_plateau_atlantique", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",  # « Mais bien sûr Madame » validates no motive (golden lenient?)
        # Created by the fix of listening (the customer's silence no longer fails the urgent
        # call): the jury's reason is making customers repeat, which the in-sample goldens
        # grant (evalsets/measures/pending/listening_repeat.yaml).
        "cp_ffp.ecoute",
        "cp_ffp.informer",  # two announced searches of three: all are asked up to three
        "cp_ffp.conge",  # one slot check in four calls (golden lenient?)
        "cp_ffp.reponse_redigee",
    },
    ("hand2_cqp_plateau_atlantique", "hand_mixed", "cqp_telesecretaire"): {"cqp.c1_10"},
    ("hand2_cqp_plateau_atlantique", "hand_weak", "cp_ffp"): set(),
    ("hand2_cqp_plateau_atlantique", "hand_weak", "cqp_telesecretaire"): {
        "cqp.c1_2",
        "cqp.c1_6",
    },
    ("hand_cp_ffp_energie", "hand_strong", "cp_ffp"): {"cp_ffp.accueil"},
    ("hand_cp_ffp_energie", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.canal_entrant",
        "cp_ffp.urgence",
    },
    ("hand_cp_ffp_energie", "hand_weak", "cp_ffp"): {"cp_ffp.presentation"},
    ("hand_mc_acvd_fibre", "hand_strong", "mc_acvd"): {
        "mc.c1.attitude",
        "mc.c3.reponse_ecrite",
    },
    ("hand_mc_acvd_fibre", "hand_mixed", "mc_acvd"): {
        "mc.c1.attitude",
        "mc.c3.reponse_ecrite",
    },
    # Issue 26: her right template sent with « {{ client.adresse }} » left now reaches the log
    # (the desk warns, she sends anyway): C3 lettre-type acquis, variables non acquis, as the jury.
    ("hand_mc_acvd_fibre", "hand_weak", "mc_acvd"): set(),
}


FIRST_SCORED = {"hand2_cqp_plateau_atlantique", "hand_cp_ffp_energie", "hand_mc_acvd_fibre"}
WRONG_PASS = {  # round 11's pass/fail still wrong (four at the first scoring)
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
