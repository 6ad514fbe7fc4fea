"""The hand-written candidates of issue 26 (evalsets/golden/hand*: transcripts written by
people who read the référentiels and the decks, not our measures; evalsets/golden/TRANSCRIPTS.md).

Each round is scored once by the lead before any change made from it, then its disagreements
are fixed by class with labelled cases in phrasings of our own written first
(evalsets/golden/README.md says every figure):

- round 10 (hand_cqp_plateau_atlantique, hand_mc_acvd_cycles): first 103/136 = 0.76, pass/fail
  6/9; now 134/137 = 0.98, 9/9;
- round 11 (hand2_cqp_plateau_atlantique, hand_cp_ffp_energie, hand_mc_acvd_fibre): first
  146/183 = 0.80, pass/fail 8/12; now 176/184 = 0.96, 11/12;
- round 12 (hand3_cqp_plateau_atlantique, hand_mc_acvd_mutuelle, hand3_cp_ffp_energie), scored
  once after round 11's fixes: 153/183 = 0.84, pass/fail 10/12; after its class fixes (helpers
  r12fix_a, r12fix_b, r12fix_c): 177/183 = 0.97, 12/12; after the listening classes left
  pending (pending26) 178/183; now 179/183, 12/12;
- round 13 (hand_ccs_rc_services, hand_demo, hand_mc_acvd_boutique), scored once after round
  12's fixes: 87/100 = 0.87, pass/fail 7/9; after its class fixes (helpers r13fix_a,
  r13fix_b): 99/100, 9/9;
- round 14 (hand4_cqp_plateau_atlantique under CQP and CP FFP, hand2_mc_acvd_cycles,
  hand2_mc_acvd_fibre), scored once after round 13's fixes: 158/176 = 0.90, pass/fail 10/12;
  after its class fixes (helpers r14fix_a, r14fix_b, r14fix_c): 171/176 = 0.97, 12/12;
- round 15 (hand2_mc_acvd_boutique, hand2_mc_acvd_mutuelle under MC ACVD and CCS-RC,
  hand4_cp_ffp_energie under CP FFP and RNCP bloc 1), scored once after round 14's fixes:
  131/152 = 0.86, pass/fail 14/15; after its class fixes (helpers r15fix_a, r15fix_b,
  r15fix_c): 150/152 = 0.99, 15/15; with engine16 (the customer answers a restatement
  that also asks) 151/152;
- round 16 (hand_cqp_telesecretariat_sud: a deck written by its writer, nobody tuned on it;
  hand2_ccs_rc_services, hand5_cqp_plateau_atlantique, hand3_mc_acvd_cycles), scored once after
  round 15's fixes: 198/245 = 0.81, pass/fail 15/18; the new deck 65/94 = 0.69; after its
  class fixes (helpers r16fix_a, r16fix_b, r16fix_c, r16fix_d): 222/245 = 0.91, 18/18, the new
  deck 77/94 = 0.82 (85/94 after round 17's);
- round 17 (three new decks, each written with its candidates by a writer who never read the
  measures: hand_mc_acvd_literie, hand_cp_ffp_mobilite, hand_cqp_permanence_nord), scored once
  after round 16's fixes: 148/192 = 0.77, pass/fail 10/15; after its class fixes (helpers
  fmt17, r17w, r17a, r17b, r17c): 173/192 = 0.90, 13/15;
- round 18 (three new decks: hand_cqp_sante_vauban, hand_mc_acvd_voyages,
  hand_ccs_rc_habitat), scored once after round 17's fixes: 114/156 = 0.73, pass/fail 11/15;
  after its class fixes (r18a, r18b, r18c, r18d, fmt18): 141/156 = 0.90, 15/15;
- round 19 (three new decks: hand_cp_ffp_banque, hand_cqp_artisans_loire,
  hand_mc_acvd_electromenager), scored once after round 18's fixes: 163/206 = 0.79, kappa
  0.58, pass/fail 14/18 (the strong candidate fails a grid on each deck); after its class
  fixes (r19a, r19b, r19c): 179/207 = 0.86, 18/18;
- round 20 (three new decks: hand_mc_acvd_optique, hand_ccs_rc_location,
  hand_cqp_cabinets_dijon), scored once after round 19's fixes: 123/156 = 0.79, pass/fail
  11/15 (the strong candidate fails a grid on each deck); the optician's 31/35 first, 35/35
  and 3/3 after r20a; the rental deck's 42/58 first, 49/58 and 6/6 after r20b; the
  cabinets' 50/63 first, 59/63 and 6/6 after r20c;
- round 20's end (two more new decks: hand_cqp_cabinets_lyon, hand_mc_acvd_jardinerie),
  scored once after round 20's fixes: 102/144 = 0.71, pass/fail 8/12 (the strong candidate
  fails both grids of both decks); Lyon 63/94 → 64/94 once the player closes a contact whose
  code the desk does not list, 69/94 (5/6) once its deck books the Saturday viewings its
  instructions describe (hours without days meant Monday to Friday): the two 108/144, 9/12;
  after round 21's fixes (r21a-d, fmt21) Lyon 78/94 (5/6), the garden centre 48/50 (6/6);
- round 21 (three new decks: hand_ccs_rc_transports, hand_mc_acvd_animalerie,
  hand_cqp_permanence_montagne), scored once after round 20's: 142/182 = 0.78, pass/fail 13/18
  (the strong candidate fails a grid on each deck); after its class fixes (r21e, r21f, r21g)
  the transports 53/63 (6/6), the mountain 57/66 (6/6), the pet shop 47/53 (6/6); Lyon 82/94
  (6/6) after r21h;
- round 21's end (two more new decks: hand_mc_acvd_caviste, hand_cqp_permanence_littoral),
  scored once after round 21's fixes, as they came: 119/146 = 0.82, pass/fail 9/12 (the strong
  candidate fails a grid on both decks); the coast 80/96 (6/6) after r22b, the wine merchant
  43/50 (4/6) after r22a;
- round 22 (three new decks: hand_mc_acvd_parapharmacie, hand_mc_acvd_meubles,
  hand_cqp_permanence_juridique), scored once after round 21's end and r22b: 167/201 = 0.83,
  pass/fail 14/18 (the strong candidate fails a grid on each deck): the parapharmacy 46/53
  (4/6), the furniture shop 46/54 (5/6), the legal secretariat 75/94 (5/6); the legal
  secretariat 81/94 (6/6) after r22e, the wine merchant 44/50 (4/6) after r22f, the coast
  86/96 (6/6) after r22g (Dijon's mixed CQP C.1.11 lost: it now reads the hand-over), the
  parapharmacy 49/53 (6/6) after r22c, the furniture shop 48/54 (6/6) after r22d; the wine
  merchant 45/50 (5/6) once the player takes a live contact after the action under way
  (player22: its strong candidate passes CCS-RC as her jury); the furniture shop 50/54 after
  r22h; the legal secretariat and the coast one row more each after r22i;
- round 22's end (two more new decks: hand_mc_acvd_billetterie, hand_cqp_permanence_veterinaire),
  scored once after round 22's fixes, as they came: 132/155 = 0.85, pass/fail 9/12 (the strong
  candidate fails a grid on both decks): the ticketing desk 50/56 (4/6), the veterinary
  secretariat 82/99 (5/6).

Pinned as they stand, so a change that moves any of them is seen.
"""

from __future__ import annotations

from bench.validity import load_goldens, run
from tests.conftest import ROOT

DEPARTING = {  # (set folder, candidate, grid): criteria where the software departs from the jury
    ("hand_cqp_plateau_atlantique", "hand_strong", "cp_ffp"): set(),
    ("hand_cqp_plateau_atlantique", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand_cqp_plateau_atlantique", "hand_mixed", "cp_ffp"): {
        "cp_ffp.ecoute",  # no question on the complaint: the golden's own reasons disagree
    },
    ("hand_cqp_plateau_atlantique", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_5",  # as cp_ffp.ecoute
        "cqp.c1_8",  # M. Perrin's message without his number: he had one (the strong got it)
    },
    ("hand_cqp_plateau_atlantique", "hand_weak", "cp_ffp"): set(),
    ("hand_cqp_plateau_atlantique", "hand_weak", "cqp_telesecretaire"): set(),
    ("hand_mc_acvd_cycles", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_cycles", "hand_mixed", "mc_acvd"): set(),
    ("hand_mc_acvd_cycles", "hand_weak", "mc_acvd"): set(),
    # Round 11: first scored by the lead (146/183), then fixed by class (conversation; manners
    # and timing; actions and reports; written pertinence; the message without a number):
    ("hand2_cqp_plateau_atlantique", "hand_strong", "cp_ffp"): set(),
    ("hand2_cqp_plateau_atlantique", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand2_cqp_plateau_atlantique", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",  # « Mais bien sûr Madame » validates no motive (golden lenient?)
        # Created by the fix of listening (the customer's silence no longer fails the urgent
        # call): the jury's reason is making customers repeat, which the in-sample goldens
        # grant (evalsets/measures/pending/listening_repeat.yaml).
        "cp_ffp.ecoute",
    },
    ("hand2_cqp_plateau_atlantique", "hand_mixed", "cqp_telesecretaire"): set(),
    ("hand2_cqp_plateau_atlantique", "hand_weak", "cp_ffp"): set(),
    ("hand2_cqp_plateau_atlantique", "hand_weak", "cqp_telesecretaire"): set(),
    ("hand_cp_ffp_energie", "hand_strong", "cp_ffp"): set(),
    ("hand_cp_ffp_energie", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",  # no company named on the chat and e-mails: does « accueille » ask it?
        "cp_ffp.canal_entrant",  # email_answer (content words per question) misses his reply
    },
    ("hand_cp_ffp_energie", "hand_weak", "cp_ffp"): set(),
    ("hand_mc_acvd_fibre", "hand_strong", "mc_acvd"): {
        # Chat sends of 16 to 34 words, four of seven: sentences, not the « 4 à 5 mots » with
        # a word or two over that round 12's juries accepted (golden lenient?).
        "mc.c3.reponse_ecrite",
    },
    ("hand_mc_acvd_fibre", "hand_mixed", "mc_acvd"): {
        "mc.c1.attitude",  # selling to upset customers: no measure reads it yet
        "mc.c3.reponse_ecrite",  # as the strong's
    },
    ("hand_mc_acvd_fibre", "hand_weak", "mc_acvd"): set(),  # the desk warns, she sends anyway
    # Round 12 (three more writers), scored once after round 11's fixes; pinned as it came,
    # less what the fixes by class made agree:
    ("hand3_cp_ffp_energie", "hand_strong", "cp_ffp"): set(),
    ("hand3_cp_ffp_energie", "hand_mixed", "cp_ffp"): {"cp_ffp.recherche"},
    ("hand3_cp_ffp_energie", "hand_weak", "cp_ffp"): set(),
    ("hand3_cqp_plateau_atlantique", "hand_strong", "cp_ffp"): set(),
    ("hand3_cqp_plateau_atlantique", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand3_cqp_plateau_atlantique", "hand_mixed", "cp_ffp"): set(),
    ("hand3_cqp_plateau_atlantique", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_4",  # one call-centre welcome everywhere: no measure reads sector adaptation
        # Chat sends of 13-24 words, against C.1.9's own « 4-5 mots maximum par envoi »; her
        # restitution to Dr Morel is right (the golden judges only that; golden lenient?).
        "cqp.c1_9",
    },
    ("hand3_cqp_plateau_atlantique", "hand_weak", "cp_ffp"): set(),
    ("hand3_cqp_plateau_atlantique", "hand_weak", "cqp_telesecretaire"): {
        # One question per contact, half the facts unheard, nothing restated: C.1.5 asks
        # « systématiquement les questions binaires … entonnoir », « vérifications » (golden
        # lenient).
        "cqp.c1_5",
    },
    ("hand_mc_acvd_mutuelle", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_mutuelle", "hand_mixed", "mc_acvd"): set(),
    ("hand_mc_acvd_mutuelle", "hand_weak", "mc_acvd"): set(),
    # Round 13 (three more writers: a grid never hand-tested, CCS-RC; the demo deck; the
    # boutique), scored once after round 12's fixes; pinned as it came, less what the fixes
    # by class made agree (r13fix_a: CCS-RC C2, CQP C.1.14, MC ACVD C1 attitude and calmer;
    # r13fix_b: CQP C.1.4, C.1.5, C.1.7, C.3.2, MC ACVD C1 reformulation):
    ("hand_ccs_rc_services", "hand_strong", "ccs_rc"): set(),
    ("hand_ccs_rc_services", "hand_mixed", "ccs_rc"): set(),
    ("hand_ccs_rc_services", "hand_weak", "ccs_rc"): set(),
    ("hand_demo", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand_demo", "hand_mixed", "cqp_telesecretaire"): set(),
    ("hand_demo", "hand_weak", "cqp_telesecretaire"): set(),
    ("hand_mc_acvd_boutique", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_boutique", "hand_mixed", "mc_acvd"): {
        # one check in two conversations: « à deux, les deux » (round 12's technique_one_slip)
        "mc.c1.comprehension",
    },
    ("hand_mc_acvd_boutique", "hand_weak", "mc_acvd"): set(),
    # Round 14 (three more writers: telesales veterans on the plateau under both grids, young
    # sports-shop sellers on the cycles deck, former bank staff on the fibre deck), scored once
    # after round 13's fixes; pinned as it came, less what the fixes by class made agree
    # (r14fix_a: MC ACVD C4.3 urgence, C1.1 accueil; r14fix_b: CP FFP informer, synthèse,
    # accueil, congé; CQP C.1.12; r14fix_c: MC ACVD C1 reformulation, calmer):
    ("hand4_cqp_plateau_atlantique", "hand_strong", "cp_ffp"): set(),
    ("hand4_cqp_plateau_atlantique", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand4_cqp_plateau_atlantique", "hand_mixed", "cp_ffp"): {
        # The Perrin call (a refused confidential request) counted as a request needing a
        # look-up; leaving it out makes round 11's plateau mixed « recherche » depart
        # (evalsets/measures/pending/r14_refused_lookup_*.yaml).
        "cp_ffp.recherche",
    },
    ("hand4_cqp_plateau_atlantique", "hand_mixed", "cqp_telesecretaire"): set(),
    ("hand4_cqp_plateau_atlantique", "hand_weak", "cp_ffp"): set(),
    ("hand4_cqp_plateau_atlantique", "hand_weak", "cqp_telesecretaire"): set(),
    ("hand2_mc_acvd_cycles", "hand_strong", "mc_acvd"): set(),
    ("hand2_mc_acvd_cycles", "hand_mixed", "mc_acvd"): {
        "mc.c1.attitude",
    },
    # An order's contents told to a third party under C2.2 « procédures de traitement
    # spécifiques »: round 10's jury of the same deck put the same conduct elsewhere
    # (evalsets/measures/pending/r14_calls_procedure*.yaml).
    ("hand2_mc_acvd_cycles", "hand_weak", "mc_acvd"): {"mc.c2.appels"},
    ("hand2_mc_acvd_fibre", "hand_strong", "mc_acvd"): set(),
    ("hand2_mc_acvd_fibre", "hand_mixed", "mc_acvd"): set(),
    ("hand2_mc_acvd_fibre", "hand_weak", "mc_acvd"): {"mc.c2.appels"},  # as the cycles weak
    # Round 15 (three more writers: newcomers from Québec, Belgium and West Africa on the
    # boutique deck, former care workers on the mutuelle deck under both grids, people back to
    # work at 50-62 on the energy deck under both grids), scored once after round 14's fixes;
    # pinned as it came:
    ("hand2_mc_acvd_boutique", "hand_strong", "mc_acvd"): set(),
    ("hand2_mc_acvd_boutique", "hand_mixed", "mc_acvd"): set(),
    ("hand2_mc_acvd_boutique", "hand_weak", "mc_acvd"): {
        "mc.c4.anomalies",
    },
    ("hand2_mc_acvd_mutuelle", "hand_strong", "ccs_rc"): set(),
    ("hand2_mc_acvd_mutuelle", "hand_strong", "mc_acvd"): set(),
    ("hand2_mc_acvd_mutuelle", "hand_mixed", "ccs_rc"): set(),
    ("hand2_mc_acvd_mutuelle", "hand_mixed", "mc_acvd"): {
        # mc.c1.comprehension agrees since the pharmacist hears « Vous avez les numéros de
        # ces lots ? » and gives them (#26 class 5): the candidate's read-back follows
        "mc.c2.appels",  # round 10's juries read the same conduct the other way: pending
    },
    ("hand2_mc_acvd_mutuelle", "hand_weak", "ccs_rc"): set(),
    ("hand2_mc_acvd_mutuelle", "hand_weak", "mc_acvd"): set(),
    ("hand4_cp_ffp_energie", "hand_strong", "cp_ffp"): set(),
    ("hand4_cp_ffp_energie", "hand_strong", "rncp_relation_client_bloc1"): set(),
    ("hand4_cp_ffp_energie", "hand_mixed", "cp_ffp"): set(),
    ("hand4_cp_ffp_energie", "hand_mixed", "rncp_relation_client_bloc1"): set(),
    ("hand4_cp_ffp_energie", "hand_weak", "cp_ffp"): set(),
    ("hand4_cp_ffp_energie", "hand_weak", "rncp_relation_client_bloc1"): set(),
    # Round 16 (a new deck and three more writers: career changers from hospitality on
    # cqp_telesecretariat_sud, a deck its writer made and nobody tuned on, under CQP and CP FFP;
    # former army and gendarmerie NCOs on the services deck; young law and language graduates on
    # the plateau under both grids; former pharmacy counter assistants on the cycles deck),
    # scored once after round 15's fixes; pinned as it came:
    ("hand2_ccs_rc_services", "hand_strong", "ccs_rc"): set(),
    ("hand2_ccs_rc_services", "hand_mixed", "ccs_rc"): {"ccs.c3"},
    ("hand2_ccs_rc_services", "hand_weak", "ccs_rc"): set(),
    ("hand3_mc_acvd_cycles", "hand_strong", "mc_acvd"): set(),
    ("hand3_mc_acvd_cycles", "hand_mixed", "mc_acvd"): set(),
    ("hand3_mc_acvd_cycles", "hand_weak", "mc_acvd"): {"mc.c1.calmer"},
    ("hand5_cqp_plateau_atlantique", "hand_strong", "cp_ffp"): set(),
    ("hand5_cqp_plateau_atlantique", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand5_cqp_plateau_atlantique", "hand_mixed", "cp_ffp"): {
        "cp_ffp.informer",
        "cp_ffp.synthese",
    },
    ("hand5_cqp_plateau_atlantique", "hand_mixed", "cqp_telesecretaire"): {"cqp.c1_10"},
    ("hand5_cqp_plateau_atlantique", "hand_weak", "cp_ffp"): {"cp_ffp.ecoute"},
    ("hand5_cqp_plateau_atlantique", "hand_weak", "cqp_telesecretaire"): set(),
    ("hand_cqp_telesecretariat_sud", "hand_strong", "cp_ffp"): {
        "cp_ffp.urgence",
    },
    # r16fix_a: a leak kept to whom it is kept from, a recap over short sends, an argued
    # complementary channel, no complaint's apology asked of an urgency, a hand-over item
    # pointing to the message left with its échéance.
    ("hand_cqp_telesecretariat_sud", "hand_strong", "cqp_telesecretaire"): set(),
    # fmt17: a promise out of the desk's remit (key.forbidden), a question the procedure imposes
    # (key.must_ask), a booking on a namesake's file, an answer off the key's letter template.
    ("hand_cqp_telesecretariat_sud", "hand_mixed", "cp_ffp"): {
        "cp_ffp.reformulation",
        "cp_ffp.urgence",
        "cp_ffp.validation",
    },
    ("hand_cqp_telesecretariat_sud", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c3_2",
    },
    # r17w: her congé (never thanks anyone: thanks_given) and informer (the booking of a slot
    # she had put and the caller accepted is no search) agree. Left, each read the other way by
    # another jury on the same conduct: accueil (« Oui pas de souci ! Vous êtes disponible
    # quand ? » as the motive validated; hand3 energie's jury refuses « pas de souci » without
    # the request taken up), écoute (letting callers talk and « Oh la pauvre… »; hand3 plateau's
    # jury refuses the same « Oh la la » with nothing taken up), recherche (her one CRM search
    # fed a leak; round 10 plateau's jury grants such a search, pending/r17_search_leak_*);
    # urgence, which her writer leaves to the interview and every other CP FFP jury grades from
    # the log (36 decisions of 36 agree: kept proposed, evalsets/measures/README.md round 17).
    ("hand_cqp_telesecretariat_sud", "hand_weak", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.ecoute",
        "cp_ffp.recherche",
        "cp_ffp.urgence",
    },
    # C.1.1: a phone-only reading was tried and reverted by r16fix_a (the plateau juries fault
    # truncated phone greetings it grants: their e-mails without the principal keep those
    # right); C.1.2 and C.1.6: the e-mail goes out 0.3 s of real time after the urgent call
    # rings, which is picked up in 14.2 s (within « moins de 15 secondes »).
    ("hand_cqp_telesecretariat_sud", "hand_weak", "cqp_telesecretaire"): {
        "cqp.c1_1",
        "cqp.c1_2",
        "cqp.c1_6",
    },
    # Round 17 (new decks written with their candidates by writers who never read the
    # measures, nobody tuned on them): retail staff on mc_acvd_literie (distance selling of
    # bedding, MC ACVD); former hospitality and tourism workers on cp_ffp_mobilite (a transport
    # network's customer centre, CP FFP and RNCP bloc 1); former public-administration clerks on
    # cqp_permanence_nord (an answering service for a vet, a notary and an IT firm, CQP and CP
    # FFP); scored once after round 16's fixes, pinned as they came; r17c's classes made the
    # strong candidate's five and the mixed one's seven agree (C.1.8 is fmt17's namesake file):
    ("hand_cqp_permanence_nord", "hand_mixed", "cp_ffp"): {
        "cp_ffp.conge",
        "cp_ffp.recherche",
        "cp_ffp.script",
    },
    ("hand_cqp_permanence_nord", "hand_mixed", "cqp_telesecretaire"): {
        # C.1.13: her SMS off the template the key names, which fmt17 reads as off « les
        # supports dédiés » and the sud deck's jury fails; this jury grants it.
        "cqp.c1_13",
        "cqp.c1_4",
        "cqp.c1_5",
    },
    ("hand_cqp_permanence_nord", "hand_strong", "cp_ffp"): set(),
    ("hand_cqp_permanence_nord", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand_cqp_permanence_nord", "hand_weak", "cp_ffp"): {
        "cp_ffp.recherche",
        "cp_ffp.script",
    },
    ("hand_cqp_permanence_nord", "hand_weak", "cqp_telesecretaire"): {"cqp.c1_11"},
    ("hand_cp_ffp_mobilite", "hand_mixed", "cp_ffp"): {
        "cp_ffp.canal_reponse",
        "cp_ffp.urgence",
    },
    # r17b: the strong's four CP FFP criteria and C10, the mixed's C13 agree.
    ("hand_cp_ffp_mobilite", "hand_mixed", "rncp_relation_client_bloc1"): {
        "rncp1.c12",
        "rncp1.c9",
    },
    ("hand_cp_ffp_mobilite", "hand_strong", "cp_ffp"): set(),
    ("hand_cp_ffp_mobilite", "hand_strong", "rncp_relation_client_bloc1"): set(),
    ("hand_cp_ffp_mobilite", "hand_weak", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.ecoute",
        "cp_ffp.informer",
    },
    ("hand_cp_ffp_mobilite", "hand_weak", "rncp_relation_client_bloc1"): set(),
    # round 17, r17a: accueil, attitude, calmer, réponse écrite, urgence agree; round 18: the
    # strong's lettre-type agrees since the desk no longer refuses an unargued e-mail after a call
    ("hand_mc_acvd_literie", "hand_mixed", "mc_acvd"): {
        "mc.c1.reformulation",
    },
    ("hand_mc_acvd_literie", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_literie", "hand_weak", "mc_acvd"): set(),
    # Round 18 (three more writers, nobody tuned on their decks: former cashiers on a medical
    # télésecrétariat under CQP and CP FFP, tourism graduates on a travel agency under MC ACVD,
    # former bank staff on a social landlord under CCS-RC and RNCP bloc 1), scored once after
    # round 17"s fixes and the desk"s change on unargued channels; pinned as they came:
    # habitat after r18d: the strong passes both grids; the mixed's C3 (a restatement on two
    # conversations of five) and C4 (a tone the deck cannot key), the weak's C12 (answer
    # points, fmt18) left departing
    ("hand_ccs_rc_habitat", "hand_mixed", "ccs_rc"): {
        "ccs.c3",
        "ccs.c4",
    },
    ("hand_ccs_rc_habitat", "hand_mixed", "rncp_relation_client_bloc1"): set(),
    ("hand_ccs_rc_habitat", "hand_strong", "ccs_rc"): set(),
    ("hand_ccs_rc_habitat", "hand_strong", "rncp_relation_client_bloc1"): set(),
    ("hand_ccs_rc_habitat", "hand_weak", "ccs_rc"): set(),
    ("hand_ccs_rc_habitat", "hand_weak", "rncp_relation_client_bloc1"): {
        "rncp1.c12",
    },
    ("hand_cqp_sante_vauban", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.ecoute",
        "cp_ffp.recherche",
        "cp_ffp.reformulation",
        "cp_ffp.synthese",
        "cp_ffp.urgence",
        "cp_ffp.validation",
    },
    ("hand_cqp_sante_vauban", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_11",
        "cqp.c1_5",
        "cqp.c3_1",
    },
    ("hand_cqp_sante_vauban", "hand_strong", "cp_ffp"): {
        "cp_ffp.urgence",
    },
    ("hand_cqp_sante_vauban", "hand_strong", "cqp_telesecretaire"): {
        # C.3.1: the writer marked it « jury » (« Echanges/entretien »); every other CQP golden
        # grades it from the incident report, as the grid does (r18a).
        "cqp.c3_1",
    },
    ("hand_cqp_sante_vauban", "hand_weak", "cp_ffp"): {
        "cp_ffp.recherche",
        "cp_ffp.urgence",
    },
    ("hand_cqp_sante_vauban", "hand_weak", "cqp_telesecretaire"): {
        "cqp.c1_1",
        "cqp.c1_2",
        "cqp.c3_1",
    },
    ("hand_mc_acvd_voyages", "hand_mixed", "mc_acvd"): set(),
    ("hand_mc_acvd_voyages", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_voyages", "hand_weak", "mc_acvd"): set(),
    # round 19, as it came (scored once on main 2afa4bc + the three decks)
    ("hand_cp_ffp_banque", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.canal_entrant",
        "cp_ffp.ecoute",
        "cp_ffp.informer",
    },
    ("hand_cp_ffp_banque", "hand_mixed", "rncp_relation_client_bloc1"): {
        "rncp1.c12",
        "rncp1.c13",
    },
    ("hand_cp_ffp_banque", "hand_strong", "cp_ffp"): {
        "cp_ffp.urgence",  # r19a: the player answers the e-mail while the card call waits
    },
    ("hand_cp_ffp_banque", "hand_strong", "rncp_relation_client_bloc1"): set(),
    ("hand_cp_ffp_banque", "hand_weak", "cp_ffp"): {
        "cp_ffp.ecoute",
        "cp_ffp.presentation",
        "cp_ffp.recherche",
    },
    ("hand_cp_ffp_banque", "hand_weak", "rncp_relation_client_bloc1"): set(),
    ("hand_cqp_artisans_loire", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.ecoute",
        "cp_ffp.presentation",
        "cp_ffp.recherche",
        "cp_ffp.synthese",
        "cp_ffp.validation",
    },
    ("hand_cqp_artisans_loire", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_1",
        "cqp.c1_10",
        "cqp.c1_11",
        "cqp.c1_13",
        "cqp.c1_5",
        "cqp.c1_7",
    },
    ("hand_cqp_artisans_loire", "hand_strong", "cp_ffp"): set(),  # r19b
    ("hand_cqp_artisans_loire", "hand_strong", "cqp_telesecretaire"): set(),  # r19b
    ("hand_cqp_artisans_loire", "hand_weak", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.informer",
        "cp_ffp.validation",
    },
    ("hand_cqp_artisans_loire", "hand_weak", "cqp_telesecretaire"): set(),
    ("hand_mc_acvd_electromenager", "hand_mixed", "ccs_rc"): set(),
    ("hand_mc_acvd_electromenager", "hand_mixed", "mc_acvd"): {
        "mc.c1.attitude",
    },
    ("hand_mc_acvd_electromenager", "hand_strong", "ccs_rc"): set(),
    ("hand_mc_acvd_electromenager", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_electromenager", "hand_weak", "ccs_rc"): set(),
    ("hand_mc_acvd_electromenager", "hand_weak", "mc_acvd"): {
        "mc.c2.appels",
    },
    # round 20, as it came (scored once on main 74d7058); r20b: the strong agrees throughout
    # (CP FFP urgence is the writer's « jury », proposed from the log since round 17), the
    # weak's presentation, the mixed's synthèse; left with why in the README (round 20)
    ("hand_ccs_rc_location", "hand_mixed", "ccs_rc"): {
        "ccs.c3",
    },
    ("hand_ccs_rc_location", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.canal_entrant",
        "cp_ffp.recherche",
        "cp_ffp.reponse",
        "cp_ffp.script",
        "cp_ffp.urgence",
        "cp_ffp.validation",
    },
    ("hand_ccs_rc_location", "hand_strong", "ccs_rc"): set(),
    ("hand_ccs_rc_location", "hand_strong", "cp_ffp"): {
        "cp_ffp.urgence",
    },
    ("hand_ccs_rc_location", "hand_weak", "ccs_rc"): set(),
    ("hand_ccs_rc_location", "hand_weak", "cp_ffp"): {
        "cp_ffp.canal_entrant",
        "cp_ffp.informer",
        "cp_ffp.urgence",
    },
    ("hand_cqp_cabinets_dijon", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_11",
        "cqp.c1_5",
        "cqp.c3_1",
    },
    ("hand_cqp_cabinets_dijon", "hand_mixed", "rncp_relation_client_bloc1"): {
        "rncp1.c10",  # no follow-up the key asks, no reformulation on three calls of four
        "rncp1.c9",  # no check question on two of four: the jury grades the urgency solved
    },
    ("hand_cqp_cabinets_dijon", "hand_strong", "cqp_telesecretaire"): set(),  # r20c
    ("hand_cqp_cabinets_dijon", "hand_strong", "rncp_relation_client_bloc1"): set(),  # r20c
    ("hand_cqp_cabinets_dijon", "hand_weak", "cqp_telesecretaire"): set(),  # r20c
    ("hand_cqp_cabinets_dijon", "hand_weak", "rncp_relation_client_bloc1"): set(),  # r20c
    ("hand_mc_acvd_optique", "hand_mixed", "mc_acvd"): set(),
    ("hand_mc_acvd_optique", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_optique", "hand_weak", "mc_acvd"): set(),
    # round 20's end: two more new decks, scored once after round 20's fixes, as they came
    # (Lyon after its deck's one fix: the estate agency's Saturday hours its instructions give)
    ("hand_cqp_cabinets_lyon", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.ecoute",
        "cp_ffp.reponse",
        "cp_ffp.urgence",
        "cp_ffp.validation",
    },
    ("hand_cqp_cabinets_lyon", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_1",
        "cqp.c1_14",
        "cqp.c1_3",
        "cqp.c3_1",
        "cqp.c3_2",
    },
    ("hand_cqp_cabinets_lyon", "hand_strong", "cp_ffp"): {
        "cp_ffp.urgence",
    },
    ("hand_cqp_cabinets_lyon", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand_cqp_cabinets_lyon", "hand_weak", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.urgence",
        "cp_ffp.validation",
    },
    ("hand_cqp_cabinets_lyon", "hand_weak", "cqp_telesecretaire"): {
        "cqp.c1_1",
    },
    ("hand_mc_acvd_jardinerie", "hand_mixed", "ccs_rc"): {
        "ccs.c2",
    },
    ("hand_mc_acvd_jardinerie", "hand_mixed", "mc_acvd"): {
        "mc.c1.comprehension",
    },
    ("hand_mc_acvd_jardinerie", "hand_strong", "ccs_rc"): set(),
    ("hand_mc_acvd_jardinerie", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_jardinerie", "hand_weak", "ccs_rc"): set(),
    ("hand_mc_acvd_jardinerie", "hand_weak", "mc_acvd"): set(),
    # round 21: three new decks (transports, pet shop, mountain), first 142/182 = 0.78,
    # pass/fail 13/18; as they stand after the round's class fixes
    ("hand_ccs_rc_transports", "hand_mixed", "ccs_rc"): {
        "ccs.c1",
        "ccs.c5",
    },
    ("hand_ccs_rc_transports", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.canal_reponse",
        "cp_ffp.crm",
        "cp_ffp.ecoute",
        "cp_ffp.informer",
        "cp_ffp.urgence",
    },
    ("hand_ccs_rc_transports", "hand_strong", "ccs_rc"): set(),
    ("hand_ccs_rc_transports", "hand_strong", "cp_ffp"): set(),
    ("hand_ccs_rc_transports", "hand_weak", "ccs_rc"): set(),
    ("hand_ccs_rc_transports", "hand_weak", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.conge",
    },
    ("hand_cqp_permanence_montagne", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_12",
        "cqp.c1_14",
        "cqp.c3_2",
    },
    ("hand_cqp_permanence_montagne", "hand_mixed", "rncp_relation_client_bloc1"): {
        "rncp1.c10",
        "rncp1.c12",
        "rncp1.c15",
        "rncp1.c9",
    },
    ("hand_cqp_permanence_montagne", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand_cqp_permanence_montagne", "hand_strong", "rncp_relation_client_bloc1"): set(),
    ("hand_cqp_permanence_montagne", "hand_weak", "cqp_telesecretaire"): {
        "cqp.c1_6",
    },
    ("hand_cqp_permanence_montagne", "hand_weak", "rncp_relation_client_bloc1"): {
        "rncp1.c12",
    },
    ("hand_mc_acvd_animalerie", "hand_mixed", "ccs_rc"): {
        "ccs.c1",
        "ccs.c3",
        "ccs.c5",
    },
    ("hand_mc_acvd_animalerie", "hand_mixed", "mc_acvd"): {
        "mc.c1.calmer",
        "mc.c1.comprehension",
        "mc.c1.reformulation",
    },
    ("hand_mc_acvd_animalerie", "hand_strong", "ccs_rc"): set(),
    ("hand_mc_acvd_animalerie", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_animalerie", "hand_weak", "ccs_rc"): set(),
    ("hand_mc_acvd_animalerie", "hand_weak", "mc_acvd"): set(),
    # round 21's end: two more new decks (a wine merchant, a coastal télésecrétariat), scored once
    # after round 21's fixes, as they came: 119/146 = 0.82, pass/fail 9/12
    ("hand_cqp_permanence_littoral", "hand_mixed", "cp_ffp"): {
        "cp_ffp.conge",
        "cp_ffp.ecoute",
        "cp_ffp.recherche",
    },
    ("hand_cqp_permanence_littoral", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_5",
        "cqp.c1_7",
    },
    ("hand_cqp_permanence_littoral", "hand_strong", "cp_ffp"): set(),
    ("hand_cqp_permanence_littoral", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand_cqp_permanence_littoral", "hand_weak", "cp_ffp"): {
        "cp_ffp.ecoute",
        "cp_ffp.validation",
    },
    ("hand_cqp_permanence_littoral", "hand_weak", "cqp_telesecretaire"): {
        "cqp.c1_6",
    },
    ("hand_mc_acvd_caviste", "hand_mixed", "ccs_rc"): {
        "ccs.c2",
    },
    ("hand_mc_acvd_caviste", "hand_mixed", "mc_acvd"): {
        "mc.c1.accueil",
        "mc.c1.calmer",
        "mc.c1.comprehension",
    },
    ("hand_mc_acvd_caviste", "hand_strong", "ccs_rc"): set(),
    ("hand_mc_acvd_caviste", "hand_strong", "mc_acvd"): {
        "mc.c2.saisie",
    },
    ("hand_mc_acvd_caviste", "hand_weak", "ccs_rc"): set(),
    ("hand_mc_acvd_caviste", "hand_weak", "mc_acvd"): set(),
    # round 22, as they came
    ("hand_cqp_permanence_juridique", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.canal_reponse",
        "cp_ffp.conge",
        "cp_ffp.synthese",
        "cp_ffp.urgence",
    },
    ("hand_cqp_permanence_juridique", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_10",
        "cqp.c1_12",
        "cqp.c1_13",
        "cqp.c1_3",
        "cqp.c1_5",
        "cqp.c1_7",
    },
    ("hand_cqp_permanence_juridique", "hand_strong", "cp_ffp"): {
        "cp_ffp.urgence",
    },
    ("hand_cqp_permanence_juridique", "hand_strong", "cqp_telesecretaire"): set(),
    ("hand_cqp_permanence_juridique", "hand_weak", "cp_ffp"): {
        "cp_ffp.recherche",
        "cp_ffp.urgence",
        "cp_ffp.validation",
    },
    ("hand_cqp_permanence_juridique", "hand_weak", "cqp_telesecretaire"): set(),
    ("hand_mc_acvd_meubles", "hand_mixed", "ccs_rc"): set(),
    ("hand_mc_acvd_meubles", "hand_mixed", "mc_acvd"): {
        "mc.c1.reformulation",
        "mc.c4.anomalies",
    },
    ("hand_mc_acvd_meubles", "hand_strong", "ccs_rc"): set(),
    ("hand_mc_acvd_meubles", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_meubles", "hand_weak", "ccs_rc"): {
        "ccs.c1",
    },
    ("hand_mc_acvd_meubles", "hand_weak", "mc_acvd"): {
        "mc.c1.attitude",
    },
    ("hand_mc_acvd_parapharmacie", "hand_mixed", "ccs_rc"): {
        "ccs.c3",
        "ccs.c4",
    },
    ("hand_mc_acvd_parapharmacie", "hand_mixed", "mc_acvd"): {
        "mc.c1.calmer",
        "mc.c1.comprehension",
    },
    ("hand_mc_acvd_parapharmacie", "hand_strong", "ccs_rc"): set(),
    ("hand_mc_acvd_parapharmacie", "hand_strong", "mc_acvd"): set(),
    ("hand_mc_acvd_parapharmacie", "hand_weak", "ccs_rc"): set(),
    ("hand_mc_acvd_parapharmacie", "hand_weak", "mc_acvd"): set(),
    # round 22's end, as they came
    ("hand_cqp_permanence_veterinaire", "hand_mixed", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.conge",
        "cp_ffp.reformulation",
        "cp_ffp.script",
        "cp_ffp.urgence",
        "cp_ffp.validation",
    },
    ("hand_cqp_permanence_veterinaire", "hand_mixed", "cqp_telesecretaire"): {
        "cqp.c1_1",
        "cqp.c1_13",
        "cqp.c1_14",
        "cqp.c1_5",
        "cqp.c4_4",
    },
    ("hand_cqp_permanence_veterinaire", "hand_strong", "cp_ffp"): {
        "cp_ffp.accueil",
        "cp_ffp.reformulation",
    },
    ("hand_cqp_permanence_veterinaire", "hand_strong", "cqp_telesecretaire"): {
        "cqp.c1_5",
    },
    ("hand_cqp_permanence_veterinaire", "hand_weak", "cp_ffp"): {
        "cp_ffp.ecoute",
        "cp_ffp.informer",
        "cp_ffp.recherche",
    },
    ("hand_cqp_permanence_veterinaire", "hand_weak", "cqp_telesecretaire"): set(),
    ("hand_mc_acvd_billetterie", "hand_mixed", "ccs_rc"): {
        "ccs.c5",
    },
    ("hand_mc_acvd_billetterie", "hand_mixed", "mc_acvd"): {
        "mc.c1.comprehension",
        "mc.c4.reactions",
    },
    ("hand_mc_acvd_billetterie", "hand_strong", "ccs_rc"): {
        "ccs.c4",
    },
    ("hand_mc_acvd_billetterie", "hand_strong", "mc_acvd"): {
        "mc.c1.attitude",
        "mc.c3.reponse_ecrite",
    },
    ("hand_mc_acvd_billetterie", "hand_weak", "ccs_rc"): set(),
    ("hand_mc_acvd_billetterie", "hand_weak", "mc_acvd"): set(),
}


FIRST_SCORED = {  # their pass/fail not all right yet
    "hand_mc_acvd_fibre",
    "hand_ccs_rc_services",
    "hand_demo",
    "hand_mc_acvd_boutique",
    "hand4_cqp_plateau_atlantique",
    "hand2_mc_acvd_cycles",
    "hand2_mc_acvd_fibre",
    "hand2_mc_acvd_boutique",
    "hand2_mc_acvd_mutuelle",
    "hand4_cp_ffp_energie",
    "hand_cqp_telesecretariat_sud",
    "hand2_ccs_rc_services",
    "hand3_mc_acvd_cycles",
    "hand_mc_acvd_literie",
    "hand_cp_ffp_mobilite",
    "hand_cqp_permanence_nord",
    "hand_cqp_sante_vauban",
    "hand_mc_acvd_voyages",
    "hand_ccs_rc_habitat",
    "hand_mc_acvd_caviste",
    "hand_mc_acvd_billetterie",
    "hand_cqp_permanence_veterinaire",
}
WRONG_PASS = {  # pass/fail still wrong (round 11: one left of four; round 14: two at first, 0 now)
    ("hand_mc_acvd_fibre", "hand_strong", "mc_acvd"),
    # round 16: three strong candidates failed at first; all three right now
    # round 17, as it came: three strong candidates failed or left undecided, a mixed
    # undecided; the permanence strong passes since r17c, the literie strong since round 18
    ("hand_cp_ffp_mobilite", "hand_mixed", "cp_ffp"),
    # round 17, r17c: the nord deck's strong candidate passes CQP, as its jury
    # round 18, as it came: the strong candidate failed on all three new decks; habitat's
    # passes both grids since r18d, voyages' since r18c, santé's CQP since r18a
    # round 19, as it came: the strong candidate fails one grid on each of the three new decks;
    # the bank's passes RNCP bloc 1 since r19a, électroménager's both since r19c, the artisans'
    # CQP since r19b: every pass/fail of round 19 right (the sets out of FIRST_SCORED)
    # round 20, as it came: the strong candidate fails a grid on each of the three new decks;
    # the rental deck's passes CCS-RC since r20b, the optician's MC ACVD since r20a, the
    # cabinets' both grids since r20c: every pass/fail of round 20 right
    # round 20's end, as they came: the strong candidate fails both grids of both decks (Lyon's
    # CP FFP passes since its deck's Saturday hours)
    # round 21: the garden centre's strong passes both grids since r21b and fmt21 (no_crm), the
    # Lyon strong CQP since r21h; the three new decks' strong candidates pass every grid since
    # r21e, r21f and r21i
    # round 21's end, as they came: the strong candidate fails a grid on both decks; the
    # coast's passes CQP since r22b, the wine merchant's CCS-RC since player22
    # round 22, as they came: the strong candidate fails a grid on each of the three new decks
    # the legal secretariat's strong passes CQP since r22e, the parapharmacy's both since r22c,
    # the furniture shop's MC ACVD since r22d: every pass/fail of round 22's three right
    # round 22's end, as they came: the strong candidate fails a grid on both decks
    ("hand_mc_acvd_billetterie", "hand_strong", "ccs_rc"),
    ("hand_mc_acvd_billetterie", "hand_strong", "mc_acvd"),
    ("hand_cqp_permanence_veterinaire", "hand_strong", "cqp_telesecretaire"),
    ("hand_mc_acvd_caviste", "hand_strong", "mc_acvd"),
}

LOW_COVERAGE = {  # fewer than 9 in 10 criteria proposed at all, as it came
    # round 19: two of the weak candidate's MC ACVD criteria get no proposal (11 of 13)
    ("hand_mc_acvd_electromenager", "hand_weak", "mc_acvd"),
    # round 20: the optician's weak candidate, 11 of 13
    ("hand_mc_acvd_optique", "hand_weak", "mc_acvd"),
    ("hand_mc_acvd_jardinerie", "hand_weak", "mc_acvd"),  # round 20's end: 11 of 13
    ("hand_mc_acvd_caviste", "hand_weak", "mc_acvd"),  # round 21's end: 11 of 13
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
        assert (c.coverage >= 0.9) is not (key in LOW_COVERAGE), key
