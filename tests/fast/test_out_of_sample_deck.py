"""The out-of-sample decks of issue 26 (decks/mc_acvd_mutuelle, second pass;
decks/cqp_plateau_atlantique, third pass; decks/mc_acvd_cycles, sixth pass), each scored once at
the end of its round by bench/validity.py: this pins what the scoring found, so that a later
change that moves it is seen and reported (not tuned on silently).

mc_acvd_mutuelle, at its single scoring: every proposal agreed with the jury (53/53, kappa 1.00),
pass/fail right for the strong, mixed and weak candidates on MC ACVD and CCS-RC; one criterion
left to the jury (the mixed candidate sends no letter, so no variable is there to check: MC ACVD
C3.3 « Les variables correctes … », which the jury marked non acquis).

cqp_plateau_atlantique (CQP télésecrétaire, CP FFP), at its single scoring: 88/97 = 0.91, kappa
0.81, coverage 0.98, pass/fail 5/6 (the strong candidate failed on CQP C.1.5). Three classes were
then fixed in the measures, with labelled cases written first (evalsets/measures/*/order.yaml):
script order read from a restatement (strong: CP FFP C3 script, CQP C.1.5), an urgent call left
ringing 40 s excused by a pickup just after the other one (weak: CQP C.1.6), a reply the key needs
on another channel not counted as an expected action (mixed: CQP C.1.3, CP FFP réponse). Pinned
here as it stands after them (93/97): the four that remain are the mixed candidate's, where the
software is more lenient than the jury and an in-sample golden reads the same conduct as acquis
(evalsets/golden/README.md). A fourth pass read them by the référentiels' words: CP FFP synthèse (a
bare next step is the démarche without the synthèse; three in-sample goldens revised) and CQP
C.1.14 (the principal's instruction « s'excuser »: instructed_apology) now agree (95/97). A fifth
pass closed the last class, the e-mail answered as a chat (CP FFP canal entrant, CQP C.1.13): the
demo's careful and terse players now answer an e-mail in one letter and an SMS with what it asks,
so written_form and email_answer could join those criteria (97/97; two in-sample goldens revised).
Then written pertinence read against the key (key.answer_points, answer_pertinent, CP FFP C2 and CQP
C.1.10) moved one criterion, the mixed candidate's C.1.10 (96/97): pinned below with why.

mc_acvd_cycles (MC ACVD, sixth pass: a web shop of bicycles and outdoor gear), at its single
scoring: 37/38 = 0.97, kappa 0.95, coverage 0.97, pass/fail 3/3. The one disagreement: the mixed
candidate takes the outbound sales call as if it rang, and MC ACVD C2.2 (« de lancement ») was
proposed acquis; left to the jury, the mixed candidate's C3.3 variables (no letter sent). The
class was then fixed (a call the deck gives to place must be launched: outbound_placed, with
labelled cases written first, evalsets/measures/*/outbound.yaml); pinned here as it stands after
the fix, no longer out of sample: 38/38, kappa 1.00, pass/fail 3/3.
"""

from __future__ import annotations

from bench.validity import load_goldens, run
from tests.conftest import ROOT

FOUND = {  # (deck, candidate, grid): (criteria departing from the jury, criteria left to the jury)
    ("mc_acvd_mutuelle", "strong", "mc_acvd"): (set(), set()),
    ("mc_acvd_mutuelle", "strong", "ccs_rc"): (set(), set()),
    ("mc_acvd_mutuelle", "mixed", "mc_acvd"): (set(), {"mc.c3.variables"}),
    ("mc_acvd_mutuelle", "mixed", "ccs_rc"): (set(), set()),
    ("mc_acvd_mutuelle", "weak", "mc_acvd"): (set(), set()),
    ("mc_acvd_mutuelle", "weak", "ccs_rc"): (set(), set()),
    ("cqp_plateau_atlantique", "strong", "cqp_telesecretaire"): (set(), set()),
    ("cqp_plateau_atlantique", "strong", "cp_ffp"): (set(), set()),
    # CQP C.1.10 « répondre précisément à la demande particulière » (answer_pertinent, keyb): Mme
    # Bertin's « Faut-il d'autres documents ? » left unanswered; the jury's why reads C.1.10's
    # périmètre bullets only (its C.1.13 names the unanswered question), the hand-written jury
    # reads the same conduct non acquis under C.1.10.
    ("cqp_plateau_atlantique", "mixed", "cqp_telesecretaire"): ({"cqp.c1_10"}, set()),
    ("cqp_plateau_atlantique", "mixed", "cp_ffp"): (set(), set()),
    ("cqp_plateau_atlantique", "weak", "cqp_telesecretaire"): (set(), set()),
    ("cqp_plateau_atlantique", "weak", "cp_ffp"): (set(), {"cp_ffp.informer"}),
    ("mc_acvd_cycles", "strong", "mc_acvd"): (set(), set()),
    ("mc_acvd_cycles", "mixed", "mc_acvd"): (set(), {"mc.c3.variables"}),
    ("mc_acvd_cycles", "weak", "mc_acvd"): (set(), set()),
}


def test_the_out_of_sample_decks_are_graded_as_pinned():
    # The hand-written candidates (evalsets/golden/hand_*) are their own group, not pinned here.
    goldens = [
        g
        for g in load_goldens(ROOT / "evalsets" / "golden")
        if g.out_of_sample and not g.hand_written
    ]
    assert {g.deck for g in goldens} == {
        "mc_acvd_mutuelle",
        "cqp_plateau_atlantique",
        "mc_acvd_cycles",
    }
    results = run(goldens)
    assert {(g.deck, g.candidate, c.grid) for g, c in results} == set(FOUND)
    for golden, c in results:
        key = (golden.deck, golden.candidate, c.grid)
        departing, left = FOUND[key]
        assert c.passed == c.jury_passed, key  # pass/fail right
        assert {cid for cid, _, _ in c.disagreements} == departing, key
        judgeable = c.decided + len(left)
        assert c.decided / judgeable == c.coverage, key
