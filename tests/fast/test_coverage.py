"""What each deck can assess: every criterion of its grids against the contacts that give evidence.

The rules are read from the answer key; a played deck checks them: every contact a measure
cites as evidence, for the dry run's candidates, is one the rules name for that measure.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest

from omnisim.deck.key import AnswerPoint
from omnisim.grading import bundled_grids
from omnisim.measures import MEASURES, MeasureResult, compute_all
from omnisim.measures.owed import owed_nothing
from omnisim.rehearsal.candidate import DeckCandidate
from omnisim.rehearsal.player import play
from omnisim.scenario import Scenario, load_scenario
from omnisim.scenario.catalog import bundled_decks
from omnisim.scenario.coverage import coverage, warnings
from omnisim.scenario.occasion_rules import RULES, occasions
from omnisim.scenario.occasions import Occasions
from tests.conftest import ROOT

# What each bundled deck cannot fully assess of each grid it prepares, stated once here: a deck
# or a rule that changes it changes this table. Statuses: partial (some of the criterion's
# measures have no occasion), none (no contact), extra (library contacts only), jury (no measure).
GAPS: dict[tuple[str, str], dict[str, str]] = {
    ("ccs_rc_customer_desk", "ccs_rc"): {
        "ccs.c3": "partial",  # r20: no `forbidden` request or action in its key
        "ccs.c4": "partial",  # r22a: no upset customer whose key forbids a promise
        "ccs.c5": "partial",  # fmt21: no key.handover_points
    },
    ("ccs_rc_services", "ccs_rc"): {
        "ccs.c3": "partial",  # r20: no `forbidden` request or action in its key
        "ccs.c4": "partial",  # r22a: no upset customer whose key forbids a promise
        "ccs.c5": "partial",  # fmt21: no key.handover_points
    },
    ("cp_ffp_energie", "cp_ffp"): {
        "cp_ffp.recherche": "partial",  # no new record to create: duplicates cannot show
        # The company gives its chat no word count, and CP FFP counts none itself.
        "cp_ffp.canal_entrant": "partial",
        # fmt17: no key says what the desk must not promise, nor a question it imposes.
        "cp_ffp.reponse_redigee": "partial",
        "cp_ffp.script": "partial",
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
        "cp_ffp.crm": "partial",  # r20: no `forbidden` action in its key
    },
    ("cp_ffp_energie", "rncp_relation_client_bloc1"): {
        # No third party pressing for another's data: C13's confidentiality has no occasion
        # (round 17, r17b).
        "rncp1.c13": "partial",
        # No chat word count given by the company, and RNCP C15 counts none itself (round 15).
        "rncp1.c15": "partial",
    },
    ("cp_ffp_energy", "cp_ffp"): {
        "cp_ffp.recherche": "partial",
        "cp_ffp.canal_entrant": "partial",
        "cp_ffp.reponse_redigee": "partial",  # as the French deck (fmt17)
        "cp_ffp.script": "partial",
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
        "cp_ffp.crm": "partial",  # r20: no `forbidden` action in its key
    },
    ("cp_ffp_energy", "rncp_relation_client_bloc1"): {
        "rncp1.c13": "partial",
        "rncp1.c15": "partial",
    },
    ("cqp_plateau_atlantique", "cqp_telesecretaire"): {
        "cqp.c1_11": "partial",  # r22g: no key.handover_points (« Partager l'information du jour »)
        "cqp.c1_2": "partial",  # an urgent call ringing with an e-mail, but never two calls held
        # fmt17: no file with a namesake of the same surname (Renault / Renaud are two names),
        # no letter template.
        "cqp.c1_8": "partial",
        "cqp.c1_13": "partial",
        "cqp.c1_4": "partial",  # r20: no `forbidden` action in its key
        "cqp.c4_4": "partial",  # r20: no `forbidden` request (kind: ask) in its key
        "cqp.c1_14": "partial",  # r20c: no complaint whose procedure reserves a promise
        "cqp.c3_2": "partial",  # fmt21: no key.handover_points
    },
    ("cqp_plateau_atlantique", "cp_ffp"): {
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
        "cp_ffp.crm": "partial",  # r20: no `forbidden` action in its key
        "cp_ffp.script": "partial",  # r20: no `forbidden` request (kind: ask) in its key
    },
    # Written with its candidates by a writer who never read the measures (round 16).
    ("cqp_telesecretariat_sud", "cqp_telesecretaire"): {
        "cqp.c1_11": "partial",  # r22g: no key.handover_points (« Partager l'information du jour »)
        "cqp.c1_2": "partial",  # calls never held two at once
        "cqp.c1_4": "partial",  # r20: no `forbidden` action in its key
        "cqp.c4_4": "partial",  # r20: no `forbidden` request (kind: ask) in its key
        "cqp.c1_14": "partial",  # r20c: no complaint whose procedure reserves a promise
        "cqp.c3_2": "partial",  # fmt21: no key.handover_points
    },
    ("cqp_telesecretariat_sud", "cp_ffp"): {
        # No contact whose key asks an answer on another channel than the one it came by.
        "cp_ffp.canal_reponse": "none",
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
        "cp_ffp.crm": "partial",  # r20: no `forbidden` action in its key
        "cp_ffp.script": "partial",  # r20: no `forbidden` request (kind: ask) in its key
    },
    # Round 17's new decks, each written with its candidates by a writer who never read the
    # measures: what their contacts give no occasion for, as they came.
    ("cqp_permanence_nord", "cqp_telesecretaire"): {
        "cqp.c1_11": "partial",  # r22g: no key.handover_points (« Partager l'information du jour »)
        "cqp.c1_2": "partial",  # no colleague to consult (key.consult, fmt22b)
        # Its key says no `must_ask` and no `forbidden` (the medical tip, the compensation are
        # in its notes): those parts of C.1.4 and C.1.10 have no occasion.
        "cqp.c1_4": "partial",
        "cqp.c1_8": "partial",  # no record to create: duplicates cannot show
        "cqp.c1_10": "partial",
        "cqp.c4_4": "partial",  # r20: no `forbidden` request (kind: ask) in its key
        "cqp.c1_14": "partial",  # r20c: no complaint whose procedure reserves a promise
        "cqp.c3_2": "partial",  # fmt21: no key.handover_points
    },
    ("cqp_permanence_nord", "cp_ffp"): {
        "cp_ffp.recherche": "partial",
        "cp_ffp.reponse_redigee": "partial",  # no `forbidden` in its key
        "cp_ffp.script": "partial",  # no `must_ask`
        # No contact whose key asks an answer on another channel than the one it came by.
        "cp_ffp.canal_reponse": "none",
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
        "cp_ffp.crm": "partial",  # r20: no `forbidden` action in its key
    },
    ("cp_ffp_mobilite", "cp_ffp"): {
        "cp_ffp.recherche": "partial",
        "cp_ffp.canal_entrant": "partial",  # no chat word count given by the network
        "cp_ffp.reponse_redigee": "partial",  # no `forbidden` in its key (refunds: its notes)
        "cp_ffp.script": "partial",  # no `must_ask`
        "cp_ffp.natures_taches": "jury",
        # Its priority-1 contacts are no urgency the key declares (`urgent`): nothing to put
        # before the rest.
        "cp_ffp.urgence": "none",
        "cp_ffp.priorisation": "jury",
        "cp_ffp.crm": "partial",  # r20: no `forbidden` action in its key
    },
    ("cp_ffp_mobilite", "rncp_relation_client_bloc1"): {
        "rncp1.c15": "partial",
        "rncp1.c13": "partial",  # r20: no `forbidden` request or action in its key
    },
    # Round 18's new decks, as they came (each written with its candidates by a writer who
    # never read the measures).
    ("cqp_sante_vauban", "cqp_telesecretaire"): {
        "cqp.c1_2": "partial",  # no colleague to consult (key.consult, fmt22b)
        # The chest-pain call rings during the MRI booking (r19: an urgent call ringing while
        # another is on the line): C.1.2 « en surveillant le nouvel appel entrant » and C.1.6
        # « Appliquer l'ordre de traitement selon les priorités » covered.
        "cqp.c1_13": "partial",
        "cqp.c1_4": "partial",  # r20: no `forbidden` action in its key
        "cqp.c4_4": "partial",  # r20: no `forbidden` request (kind: ask) in its key
        "cqp.c1_14": "partial",  # r20c: no complaint whose procedure reserves a promise
    },
    ("cqp_sante_vauban", "cp_ffp"): {
        "cp_ffp.crm": "partial",
        "cp_ffp.canal_entrant": "partial",
        "cp_ffp.natures_taches": "jury",
        # urgence covered since r19: the chest-pain call during the booking is a priority to
        # choose (« en priorisant ses tâches au regard de leur degré d'urgence »).
        "cp_ffp.priorisation": "jury",
        "cp_ffp.script": "partial",  # r20: no `forbidden` request (kind: ask) in its key
    },
    # Round 19's new decks, as their writers set them (before any fix).
    ("cp_ffp_banque", "cp_ffp"): {
        "cp_ffp.recherche": "partial",
        "cp_ffp.canal_entrant": "partial",
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
    },
    ("cp_ffp_banque", "rncp_relation_client_bloc1"): {"rncp1.c15": "partial"},
    ("cqp_artisans_loire", "cqp_telesecretaire"): {
        "cqp.c1_2": "partial",  # no colleague to consult (key.consult, fmt22b)
        "cqp.c1_14": "partial",
        "cqp.c4_4": "partial",  # r20: no `forbidden` request (kind: ask) in its key
    },
    ("cqp_artisans_loire", "cp_ffp"): {
        "cp_ffp.canal_reponse": "none",
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
        "cp_ffp.script": "partial",  # r20: no `forbidden` request (kind: ask) in its key
    },
    ("mc_acvd_electromenager", "mc_acvd"): {
        "mc.c2.appels": "partial",  # no colleague to consult (key.consult, fmt22b)
        "mc.c1.accueil": "partial",
        "mc.c3.reponse_ecrite": "partial",
        "mc.c4.urgence": "none",
        "mc.c2.saisie": "partial",  # r20: no `forbidden` action in its key
    },
    ("mc_acvd_electromenager", "ccs_rc"): {
        "ccs.c3": "partial",  # r20: no `forbidden` request or action in its key
    },
    ("mc_acvd_voyages", "mc_acvd"): {
        "mc.c2.appels": "partial",  # no colleague to consult (key.consult, fmt22b)
        "mc.c2.saisie": "partial",
        "mc.c3.reponse_ecrite": "partial",
        "mc.c4.urgence": "none",
        "mc.c4.reactions": "partial",
        "mc.c1.accueil": "partial",  # r20: no `forbidden` request (kind: ask) in its key
    },
    ("ccs_rc_habitat", "ccs_rc"): {
        "ccs.c3": "partial",  # r20: no `forbidden` request or action in its key
    },
    ("ccs_rc_habitat", "rncp_relation_client_bloc1"): {
        "rncp1.c15": "partial",
        "rncp1.c13": "partial",  # r20: no `forbidden` request or action in its key
    },
    ("mc_acvd_literie", "mc_acvd"): {
        "mc.c1.accueil": "partial",  # its norms ask no self-introduction
        "mc.c2.appels": "partial",  # no call to transfer
        # « phrases courtes »: no word count per chat send, and MC ACVD sets none (r17a).
        "mc.c3.reponse_ecrite": "partial",
        "mc.c4.reactions": "partial",  # upset customers to report, but no hand-over asked
        "mc.c2.saisie": "partial",  # r20: no `forbidden` action in its key
    },
    ("demo", "cqp_telesecretaire"): {
        "cqp.c1_11": "partial",  # r22g: no key.handover_points (« Partager l'information du jour »)
        "cqp.c1_2": "partial",  # no colleague to consult (key.consult, fmt22b)
        # C.1.2 and C.1.6 covered since r19: the urgent call rings during the rescheduling
        # call (« en surveillant le nouvel appel entrant », « l'ordre de traitement »).
        "cqp.c1_4": "partial",  # fmt17: no question a procedure imposes (key.must_ask)
        # No written contact whose key says what its answer gives (Mme Roussel's e-mail asks an
        # acknowledgement): C.1.10 « répondre précisément à la demande particulière » has none.
        "cqp.c1_10": "partial",
        "cqp.c1_13": "partial",  # nor the first-level answer the file holds
        # No principal's instruction says « s'excuser »: « Respecter les consignes de
        # l'entreprise pour la prise en charge d'une réclamation » has no occasion here.
        "cqp.c1_14": "partial",
        "cqp.c4_4": "partial",  # r20: no `forbidden` request (kind: ask) in its key
        "cqp.c3_2": "partial",  # fmt21: no key.handover_points
    },
    ("english", "ccs_rc"): {
        "ccs.c3": "partial",  # r20: no `forbidden` request or action in its key
        "ccs.c4": "partial",  # r22a: no upset customer whose key forbids a promise
        "ccs.c5": "partial",  # fmt21: no key.handover_points
    },
    ("mc_acvd_boutique", "mc_acvd"): {
        # Its norms ask no self-introduction and no civility in an e-mail's salutation (round 14,
        # measures/norms.py): those parts of C1.1 « conformes aux procédures » have no occasion.
        "mc.c1.accueil": "partial",
        # No inbound call: its only live contact is a chat, no call to pick up (« réception …
        # des appels »).
        "mc.c2.appels": "partial",
        "mc.c2.saisie": "partial",
        "mc.c4.urgence": "none",  # no message to take for an urgent caller and for another
        "mc.c4.reactions": "partial",  # upset customers to report, but no message to hand over
    },
    ("mc_acvd_cycles", "mc_acvd"): {
        "mc.c2.appels": "partial",  # no colleague to consult (key.consult, fmt22b)
        "mc.c2.saisie": "partial",
        "mc.c1.accueil": "partial",  # r20: no `forbidden` request (kind: ask) in its key
    },
    # No call to place: C2.2 « de lancement » has no occasion (the outbound call of the shop
    # decks and mc_acvd_cycles gives one).
    ("mc_acvd_fibre", "mc_acvd"): {
        "mc.c1.accueil": "partial",  # as the boutique: no self-introduction or civility asked
        "mc.c2.appels": "partial",
        "mc.c2.saisie": "partial",
    },
    ("mc_acvd_fibre", "ccs_rc"): {
        "ccs.c3": "partial",  # r20: no `forbidden` request or action in its key
        "ccs.c4": "partial",  # r22a: no upset customer whose key forbids a promise
        "ccs.c5": "partial",  # fmt21: no key.handover_points
    },
    ("mc_acvd_mutuelle", "mc_acvd"): {
        "mc.c2.appels": "partial",
        "mc.c2.saisie": "partial",
        "mc.c1.accueil": "partial",  # r20: no `forbidden` request (kind: ask) in its key
    },
    ("mc_acvd_mutuelle", "ccs_rc"): {
        "ccs.c3": "partial",  # r20: no `forbidden` request or action in its key
        "ccs.c4": "partial",  # r22a: no upset customer whose key forbids a promise
        "ccs.c5": "partial",  # fmt21: no key.handover_points
    },
    ("mc_acvd_shop", "mc_acvd"): {
        "mc.c1.accueil": "partial",  # as the boutique: no self-introduction or civility asked
        "mc.c2.appels": "partial",  # as the boutique: a chat, no inbound call
        "mc.c2.saisie": "partial",
        "mc.c4.urgence": "none",
        "mc.c4.reactions": "partial",  # no message to hand over (handover_notes)
    },
    ("mini", "cp_ffp"): {
        "cp_ffp.accueil": "partial",
        "cp_ffp.ecoute": "none",
        "cp_ffp.recherche": "none",
        "cp_ffp.reponse": "none",
        "cp_ffp.reponse_redigee": "partial",  # no key says what a written answer gives
        "cp_ffp.synthese": "none",
        "cp_ffp.crm": "partial",
        "cp_ffp.canal_entrant": "partial",  # no e-mail: no letter to judge
        "cp_ffp.canal_reponse": "none",
        "cp_ffp.script": "none",
        "cp_ffp.reformulation": "none",
        "cp_ffp.validation": "none",
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.urgence": "none",
        "cp_ffp.priorisation": "jury",
    },
    # round 20's three new decks, as their writers keyed them
    ("ccs_rc_location", "ccs_rc"): {
        "ccs.c3": "partial",  # no `forbidden` request or action in its key
        "ccs.c5": "partial",  # no message to hand over (handover_notes)
    },
    ("ccs_rc_location", "cp_ffp"): {
        "cp_ffp.crm": "partial",  # no `forbidden` action in its key
        "cp_ffp.canal_entrant": "partial",  # no words per chat send instructed
        "cp_ffp.script": "partial",  # no `forbidden` request in its key
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.urgence": "partial",  # never two contacts waiting at once (priority_order)
        "cp_ffp.priorisation": "jury",
    },
    ("cqp_cabinets_dijon", "cqp_telesecretaire"): {
        "cqp.c1_2": "partial",  # no colleague to consult (key.consult, fmt22b)
        "cqp.c1_4": "partial",  # no `forbidden` action in its key
        "cqp.c1_14": "partial",  # no complaint to pass on to a principal (complaint_passed_on)
        "cqp.c4_4": "partial",  # no `forbidden` request in its key
    },
    ("cqp_cabinets_dijon", "rncp_relation_client_bloc1"): {
        "rncp1.c12": "partial",  # no reply asked on another channel (channel_justification)
        "rncp1.c13": "partial",  # no `forbidden` request or action in its key
    },
    ("mc_acvd_optique", "mc_acvd"): {
        "mc.c1.accueil": "partial",  # no `forbidden` request in its key
        "mc.c1.vente": "partial",  # its sale (key.sale) calls for no operation but the trace
        "mc.c2.appels": "partial",  # no transfer in its key
        "mc.c2.saisie": "partial",  # no spelling, duplicate or `forbidden` action to judge
        "mc.c3.reponse_ecrite": "partial",  # no words per chat send instructed
        "mc.c4.urgence": "none",  # no urgent contact, no manager asking for the urgencies
        "mc.c4.reactions": "partial",  # no message to hand over (handover_notes)
    },
    # round 20's end: two more new decks, as their writers keyed them
    ("cqp_cabinets_lyon", "cqp_telesecretaire"): {
        "cqp.c1_11": "partial",  # r22g: no key.handover_points (« Partager l'information du jour »)
        "cqp.c1_2": "partial",  # no two calls at once to hold one for the other
        "cqp.c1_4": "partial",  # no `forbidden` action in its key
        "cqp.c1_14": "partial",  # no complaint to pass on to a principal
        "cqp.c4_4": "partial",  # no `forbidden` request in its key
        "cqp.c3_2": "partial",  # fmt21: no key.handover_points
    },
    ("cqp_cabinets_lyon", "cp_ffp"): {
        "cp_ffp.crm": "partial",  # no `forbidden` action in its key
        "cp_ffp.script": "partial",  # no `forbidden` request in its key
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
    },
    ("mc_acvd_jardinerie", "mc_acvd"): {
        # no self-introduction asked, no `forbidden` request, no identity question imposed
        "mc.c1.accueil": "partial",
        "mc.c2.appels": "partial",  # no transfer in its key
        "mc.c3.reponse_ecrite": "partial",  # no words per chat send instructed
        "mc.c4.urgence": "none",  # no urgent message to hand over, no one asking for them
        "mc.c4.reactions": "partial",  # no message to hand over
    },
    ("mc_acvd_jardinerie", "ccs_rc"): {
        "ccs.c3": "partial",  # no `forbidden` request in its key
        "ccs.c4": "partial",  # no complaint to pass on to a principal
        "ccs.c5": "partial",  # no message to hand over
    },
    # round 21: three new decks, as their writers keyed them
    ("ccs_rc_transports", "ccs_rc"): {},  # fmt21b: the T2 news the hand-over carries, keyed
    ("ccs_rc_transports", "cp_ffp"): {
        "cp_ffp.recherche": "partial",  # no duplicate record to avoid
        "cp_ffp.canal_entrant": "partial",  # no words per chat send instructed
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
    },
    ("mc_acvd_animalerie", "mc_acvd"): {
        "mc.c2.appels": "partial",  # no transfer in its key
        "mc.c2.saisie": "partial",  # no duplicate record to avoid
    },
    ("mc_acvd_animalerie", "ccs_rc"): {
        "ccs.c4": "partial",  # no complaint to pass on to a principal
        "ccs.c5": "partial",  # fmt21: no key.handover_points
    },
    ("cqp_permanence_montagne", "cqp_telesecretaire"): {
        "cqp.c1_2": "partial",  # no colleague to consult (key.consult, fmt22b)
        # no apology instructed, no complaint to pass on, no procedure reserving a promise
        "cqp.c1_14": "partial",
        "cqp.c4_4": "partial",  # no `forbidden` request in its key
    },
    ("cqp_permanence_montagne", "rncp_relation_client_bloc1"): {
        "rncp1.c12": "partial",  # no reply on another channel to justify
        "rncp1.c13": "partial",  # no `forbidden` request in its key
    },
    # round 21's end: two more new decks, as their writers keyed them
    ("mc_acvd_caviste", "mc_acvd"): {
        "mc.c2.appels": "partial",  # no transfer in its key
        "mc.c2.saisie": "partial",  # no duplicate record to avoid
        "mc.c4.urgence": "none",  # no urgent message to hand over, no one asking for them
    },
    ("mc_acvd_caviste", "ccs_rc"): {
        "ccs.c3": "partial",
        "ccs.c4": "partial",
        "ccs.c5": "partial",
    },
    ("cqp_permanence_littoral", "cqp_telesecretaire"): {
        "cqp.c1_2": "partial",  # no colleague to consult (key.consult, fmt22b)
        "cqp.c1_14": "partial",
        "cqp.c4_4": "partial",
    },
    ("cqp_permanence_littoral", "cp_ffp"): {
        "cp_ffp.canal_reponse": "none",  # no reply asked on another channel
        "cp_ffp.script": "partial",
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
    },
    # round 22: three new decks, as their writers keyed them
    ("mc_acvd_parapharmacie", "mc_acvd"): {
        "mc.c2.appels": "partial",
        "mc.c2.saisie": "partial",
        "mc.c3.reponse_ecrite": "partial",
        "mc.c4.reactions": "partial",
    },
    ("mc_acvd_parapharmacie", "ccs_rc"): {
        "ccs.c3": "partial",
        "ccs.c4": "partial",
        "ccs.c5": "partial",
    },
    ("mc_acvd_meubles", "mc_acvd"): {
        "mc.c1.accueil": "partial",
        "mc.c2.appels": "partial",
        "mc.c2.saisie": "partial",
    },
    ("mc_acvd_meubles", "ccs_rc"): {
        "ccs.c3": "partial",
        "ccs.c4": "partial",
    },
    ("cqp_permanence_juridique", "cqp_telesecretaire"): {
        "cqp.c1_2": "partial",
        "cqp.c1_4": "partial",
        "cqp.c1_8": "partial",
        "cqp.c1_13": "partial",
        "cqp.c1_14": "partial",
        "cqp.c4_4": "partial",
    },
    ("cqp_permanence_juridique", "cp_ffp"): {
        "cp_ffp.recherche": "partial",
        "cp_ffp.crm": "partial",
        "cp_ffp.canal_entrant": "partial",
        "cp_ffp.script": "partial",
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
    },
    # round 22's end: two more new decks, as their writers keyed them
    ("mc_acvd_billetterie", "mc_acvd"): {
        "mc.c2.appels": "partial",
        "mc.c2.saisie": "partial",
    },
    ("mc_acvd_billetterie", "ccs_rc"): {
        "ccs.c3": "partial",
        "ccs.c4": "partial",
    },
    ("cqp_permanence_veterinaire", "cqp_telesecretaire"): {
        "cqp.c1_4": "partial",
        "cqp.c1_8": "partial",
        "cqp.c1_14": "partial",
        "cqp.c4_4": "partial",
    },
    ("cqp_permanence_veterinaire", "cp_ffp"): {
        "cp_ffp.recherche": "partial",
        "cp_ffp.crm": "partial",
        "cp_ffp.script": "partial",
        "cp_ffp.natures_taches": "jury",
        "cp_ffp.priorisation": "jury",
    },
}
# Occasions a careless candidate makes itself: customers it upsets (calming, acknowledging
# their upset, escalations the incident report and the hand-over must name) and contacts
# left ringing together. A careful one makes none.
MADE_BY_CONDUCT = {
    "calmed_customer",
    "calmed_by_proposal",
    "incident_report",
    "anomalies_signalled",
    "priority_order",
    "upset_acknowledged",
    "not_defensive",
    "defensive_stance",
    "complaint_passed_on",
    "complaint_within_remit",
    "instructed_apology",
    "handover_reactions",
}
CONTACT_PARAMS = ("contact", "fact", "first", "then")


@cache
def scenario(name: str) -> Scenario:
    return load_scenario(ROOT / "decks" / name)


@cache
def played(name: str, careful: bool) -> dict[str, MeasureResult]:
    """Every measure on the deck played by the scripted careful or careless candidate."""
    s = scenario(name)
    return compute_all(play(s, DeckCandidate(s.deck, s.scripts, careful)), s)


def with_key(s: Scenario, contact_id: str, **changes: object) -> Scenario:
    """``s`` with one contact's answer key changed."""
    deck = s.deck
    contacts = tuple(
        dataclasses.replace(c, key=dataclasses.replace(c.key, **changes))
        if c.id == contact_id
        else c
        for c in deck.contacts
    )
    return dataclasses.replace(s, deck=dataclasses.replace(deck, contacts=contacts))


def without(s: Scenario, *contact_ids: str) -> Scenario:
    deck = s.deck
    kept = tuple(c for c in deck.contacts if c.id not in contact_ids)
    assert len(kept) == len(deck.contacts) - len(contact_ids)
    return dataclasses.replace(s, deck=dataclasses.replace(deck, contacts=kept))


def test_every_measure_says_where_it_finds_an_occasion():
    assert set(RULES) == set(MEASURES)


def test_every_bundled_deck_states_what_it_cannot_assess_of_each_grid_it_prepares():
    assert {d for d, _ in GAPS} == set(bundled_decks())
    for name in bundled_decks():
        s = scenario(name)
        assert s.deck.grid_ids, name
        for grid_id in s.deck.grid_ids:
            grid = s.grids[grid_id]
            found = coverage(s, grid)
            assert found.prepared
            gaps = {c.criterion.id: c.status for c in found.criteria if c.status != "covered"}
            assert gaps == GAPS[(name, grid_id)], (name, grid_id)
            for c in found.criteria:
                said = c.sentence(grid, "fr").render("fr")
                assert c.criterion.reference in said and grid.label_for(c.criterion, "fr") in said
                if c.status == "covered":
                    assert all(c.by_measure.values()), (name, c.criterion.id)
                    continue
                assert said != c.sentence(grid, "en").render("en")  # in the reader's language
            # The exam form's warnings name exactly the criteria no contact can assess.
            said = [w.render("fr") for w in warnings(s, grid, "fr")]
            nothing = [c for c in found.criteria if c.status in ("none", "extra")]
            assert len(said) == len(nothing)
            assert all(c.criterion.reference in line for c, line in zip(nothing, said, strict=True))


def test_a_deck_stripped_of_its_message_taking_contacts_names_c_1_8():
    demo = scenario("demo")
    grid = demo.grids["cqp_telesecretaire"]
    takers = [c.id for c in demo.deck.contacts if any(x.action == "message" for x in c.key.crm)]
    assert takers == ["pression-confidentielle", "message-email", "tchat-honoraires"]
    before = {c.criterion.id: c for c in coverage(demo, grid).criteria}
    assert before["cqp.c1_8"].status == "covered"
    # fmt17: the SMS whose file has a namesake (Dupont / Dupond) is C.1.8's file to choose.
    assert set(before["cqp.c1_8"].by_contact) == {*takers, "sms-confirmation"}
    assert before["cqp.c1_8"].by_contact["message-email"] == ("message", "spelling")

    stripped = without(demo, *takers, "sms-confirmation")
    after = {c.criterion.id: c for c in coverage(stripped, grid).criteria}
    assert after["cqp.c1_8"].status == "none"
    assert after["cqp.c1_8"].sentence(grid, "fr").render("fr") == (
        "Aucun contact ne permet d'évaluer CQP C.1.8 (Prendre des messages)."
    )
    assert after["cqp.c1_8"].sentence(grid, "en").render("en") == (
        "No contact lets the jury assess CQP C.1.8 (Take messages (correct details, no duplicate "
        "records, correct spelling))."
    )
    said = [w.render("fr") for w in warnings(stripped, grid, "fr")]
    assert "Aucun contact ne permet d'évaluer CQP C.1.8 (Prendre des messages)." in said
    # The hand-over (C.3.2) had only those messages to hand over, the trap only that call.
    assert after["cqp.c3_2"].status == "none" and after["cqp.c4_4"].status == "none"
    # The appointment is still there; the day's instruction for the team (handover_points,
    # r22g) never was.
    assert after["cqp.c1_11"].status == "partial"


def test_a_criterion_only_library_contacts_assess_says_to_inject_them():
    demo = scenario("demo")
    grid = demo.grids["cqp_telesecretaire"]
    urgent = demo.deck.contact("urgence-cabinet")
    assert urgent is not None and urgent.key.urgent
    moved = dataclasses.replace(urgent, extra=True)
    contacts = tuple(moved if c.id == urgent.id else c for c in demo.deck.contacts)
    s = dataclasses.replace(demo, deck=dataclasses.replace(demo.deck, contacts=contacts))
    c1_7 = next(c for c in coverage(s, grid).criteria if c.criterion.id == "cqp.c1_7")
    assert c1_7.status == "extra" and c1_7.extras == ("urgence-cabinet",)
    assert c1_7.sentence(grid, "fr").render("fr") == (
        "Seuls des contacts de la bibliothèque (urgence-cabinet) permettent d'évaluer "
        "CQP C.1.7 (Détecter les urgences) : injectez-les pendant l'examen."
    )


def test_two_contacts_of_different_rank_ringing_together_let_priorities_be_judged():
    demo = scenario("demo")
    grid = demo.grids["cqp_telesecretaire"]
    urgent = demo.deck.contact("urgence-cabinet")
    assert urgent is not None
    # The confidentiality call rings 20 s (active) after the urgent one: make it 10 s.
    closer = [
        dataclasses.replace(c, at=urgent.at + 60) if c.id == "pression-confidentielle" else c
        for c in demo.deck.contacts
    ]
    s = dataclasses.replace(demo, deck=dataclasses.replace(demo.deck, contacts=tuple(closer)))
    # (The urgent call also rings during the rescheduling call: r19, an urgent call during one.)
    together = {"urgence-cabinet", "pression-confidentielle", "deplacer-rdv"}
    assert Occasions.of(s).ringing_together == together
    c1_6 = next(c for c in coverage(s, grid).criteria if c.criterion.id == "cqp.c1_6")
    assert c1_6.status == "covered"
    assert c1_6.by_contact == {c: ("priority",) for c in together}


def test_an_urgent_call_ringing_while_another_is_on_the_line_lets_priorities_be_judged():
    """The occasion of handling.py ``_urgent_during_call``: said exactly when the urgent call
    rings within the other's expected duration (CQP C.1.6, C.1.2 « en surveillant le nouvel
    appel entrant »)."""
    demo = scenario("demo")
    grid = demo.grids["cqp_telesecretaire"]
    during = {"urgence-cabinet", "deplacer-rdv"}  # rings 1380 s into a call planned for 1800 s
    assert Occasions.of(demo).ringing_together == during
    c1_6 = next(c for c in coverage(demo, grid).criteria if c.criterion.id == "cqp.c1_6")
    assert c1_6.status == "covered" and c1_6.by_contact == {c: ("priority",) for c in during}
    # The rescheduling call planned to end before the urgent one rings: no choice to make.
    shorter = [
        dataclasses.replace(c, expected_duration=1200.0) if c.id == "deplacer-rdv" else c
        for c in demo.deck.contacts
    ]
    s = dataclasses.replace(demo, deck=dataclasses.replace(demo.deck, contacts=tuple(shorter)))
    assert Occasions.of(s).ringing_together == frozenset()
    c1_6 = next(c for c in coverage(s, grid).criteria if c.criterion.id == "cqp.c1_6")
    assert c1_6.status == "none" and c1_6.missing == ("priority_order",)
    # The routine call ringing once the urgent one is on the line is no such pair.
    swapped = [
        dataclasses.replace(c, at=1800.0) if c.id == "deplacer-rdv" else c
        for c in demo.deck.contacts
    ]
    s = dataclasses.replace(demo, deck=dataclasses.replace(demo.deck, contacts=tuple(swapped)))
    assert Occasions.of(s).ringing_together == frozenset()


def test_a_grid_the_deck_does_not_prepare_is_said_and_judged_all_the_same():
    demo = scenario("demo")
    grid = bundled_grids()["mc_acvd"]
    found = coverage(demo, grid)
    assert not found.prepared and len(found.criteria) == len(grid.criteria)
    said = [w.render("fr") for w in warnings(demo, grid, "fr")]
    assert said[0] == (
        "Ce deck ne prépare pas à la grille « Mention complémentaire assistance, conseil, vente à "
        "distance » : il prépare à Télésecrétaire qualifié(e)."
    )


@pytest.mark.parametrize("name", sorted(bundled_decks()))
def test_every_contact_a_measure_cites_is_one_the_rules_name(name):
    s = scenario(name)
    found = Occasions.of(s)
    ids = {c.id for c in s.deck.contacts}
    for careful in (True, False):
        results = played(name, careful)
        cited = 0
        for measure, result in results.items():
            if result.passed is None or (not careful and measure in MADE_BY_CONDUCT):
                continue
            for evidence in result.evidence:
                for key, value in evidence.note.params:
                    if key in CONTACT_PARAMS and value in ids:
                        cited += 1
                        contact = s.deck.contact(value)
                        assert contact is not None
                        assert occasions(found, contact, measure), (careful, measure, value)
        assert cited or name == "mini"  # the rules were put to the test


def test_a_declared_anomaly_lets_the_incident_report_be_assessed():
    shop = scenario("mc_acvd_boutique")
    grid = shop.grids["mc_acvd"]
    damaged = shop.deck.contact("03-reclamation-colis")
    assert damaged is not None and damaged.key.anomalies

    def c4_anomalies(s: Scenario):
        return next(c for c in coverage(s, grid).criteria if c.criterion.id == "mc.c4.anomalies")

    assert c4_anomalies(shop).by_contact == {"03-reclamation-colis": ("anomaly",)}
    # Without it, the measure would look for an urgent contact, a complaint or an escalation
    # to a manager: the complaint itself is one.
    plain = dataclasses.replace(damaged, key=dataclasses.replace(damaged.key, anomalies=()))
    contacts = tuple(plain if c.id == damaged.id else c for c in shop.deck.contacts)
    s = dataclasses.replace(shop, deck=dataclasses.replace(shop.deck, contacts=contacts))
    assert c4_anomalies(s).by_contact == {"03-reclamation-colis": ("complaint",)}
    # An e-mail passed to no manager: nothing to report, named in words.
    quiet = dataclasses.replace(
        plain, channel="email", key=dataclasses.replace(plain.key, transfer_to="")
    )
    contacts = tuple(quiet if c.id == damaged.id else c for c in shop.deck.contacts)
    s = dataclasses.replace(shop, deck=dataclasses.replace(shop.deck, contacts=contacts))
    assert c4_anomalies(s).status == "none"
    assert c4_anomalies(s).sentence(grid, "fr").render("fr") == (
        "Aucun contact ne permet d'évaluer MC ACVD C4.3 (Les anomalies sont repérées et signalées)."
    )


# Measures whose occasion the key states in full: the careful candidate takes every scheduled
# contact, so the conversations each judges are exactly those its rule names (the rules read the
# measures' own predicates, omnisim/scenario/occasion_rules.py). satisfaction_check is left out:
# it reads a call the candidate closed, and a call the careful candidate transfers is not.
KEY_STATED = (
    "reformulation",
    "motive_validated",
    "validation_question",
    "summary",
    "crm_traced",
    "restitution",
    "answer_pertinent",
    "handover_reactions",
    "facts_gathered",
)


@pytest.mark.parametrize("name", sorted(bundled_decks()))
def test_the_rules_name_no_contact_the_measure_leaves_unjudged(name):
    s = scenario(name)
    found = Occasions.of(s)
    results = played(name, True)
    for measure in KEY_STATED:
        named = {c.id for c in s.deck.contacts if not c.extra and occasions(found, c, measure)}
        assert set(results[measure].value) == named, measure


def test_an_urgent_call_passed_on_gives_nothing_to_restate_or_check():
    demo = scenario("demo")
    urgent = demo.deck.contact("urgence-cabinet")
    assert urgent is not None and urgent.key.urgent and urgent.key.transfer_to

    def named(s: Scenario) -> dict[str, set[str]]:
        """The contacts each measure finds an occasion in, over CP FFP's grid and the CQP's."""
        by: dict[str, set[str]] = {}
        for grid in (s.grids["cp_ffp"], s.grids["cqp_telesecretaire"]):
            for c in coverage(s, grid).criteria:
                for measure, ids in c.by_measure.items():
                    by.setdefault(measure, set()).update(ids)
        return by

    checking = ("reformulation", "motive_validated", "validation_question")
    before = named(demo)
    # Owed nothing there, the urgency handed on still counts where the candidate restates or
    # checks (omnisim/measures/owed.py, round 22): named, as the urgency sent to the 15 is.
    assert owed_nothing(demo.deck, urgent, urgent.channel)
    for measure in checking:  # never held against the candidate who does not
        assert played("demo", False)[measure].value.get("urgence-cabinet") is not False
    for measure in checking:
        assert "urgence-cabinet" in before[measure], measure
        # Not the caller pressing for a patient's file, refused: nothing else asked for him.
        assert "pression-confidentielle" not in before[measure], measure
        assert "deplacer-rdv" in before[measure]
    assert "urgence-cabinet" in before["summary"]  # the démarche is still told
    # That caller's key asks a message for the principal, no trace: none is counted.
    assert "pression-confidentielle" not in before["crm_traced"]
    assert "sms-confirmation" in before["crm_traced"]
    # The same urgency settled by the candidate (no one to pass it to) is judged.
    settled = named(with_key(demo, "urgence-cabinet", transfer_to=""))
    for measure in checking:
        assert "urgence-cabinet" in settled[measure], measure


def test_the_restitution_is_assessable_where_the_key_says_what_to_give_back():
    demo = scenario("demo")
    grid = demo.grids["cqp_telesecretaire"]
    collecting = demo.deck.contact("restitution-messages")
    assert collecting is not None and len(collecting.key.answer_points) == 3

    def criterion(s: Scenario, cid: str):
        return next(c for c in coverage(s, grid).criteria if c.criterion.id == cid)

    # Dr Martin collects her messages and the key lists what to give back (Mme Petit, M. Roche,
    # M. Dupont): « Résumer un message reçu au respect du message initial » is assessed.
    c1_9 = criterion(demo, "cqp.c1_9")
    assert c1_9.status == "covered"
    assert c1_9.by_measure["restitution"] == ("restitution-messages",)
    assert c1_9.by_contact["restitution-messages"] == ("answer",)
    # The same contact with a silent key: not assessed, read on the chat alone.
    silent = with_key(demo, "restitution-messages", answer_points=())
    c1_9 = criterion(silent, "cqp.c1_9")
    assert c1_9.status == "partial" and c1_9.missing == ("restitution",)
    points = (AnswerPoint("Mme Lefèvre a rappelé", ("Lefèvre",)),)
    # Points on a customer's e-mail are a written answer's (C.1.10), no restitution.
    answered = with_key(silent, "message-email", answer_points=points)
    assert criterion(answered, "cqp.c1_9").missing == ("restitution",)
    assert criterion(answered, "cqp.c1_10").by_measure["answer_pertinent"] == ("message-email",)


def test_every_occasion_a_deck_shows_is_named_in_both_languages():
    """The coverage matrix names each contact's occasions (« message », « piège »): a tag a
    rule gives must have its words, or the trainer reads « cover.tag.agenda »."""
    from omnisim.i18n import catalog

    tags = set()
    for name in bundled_decks():
        s = scenario(name)
        for grid in s.grids.values():
            for c in coverage(s, grid).criteria:
                tags |= {t for found in c.by_contact.values() for t in found}
    assert {"message", "trap", "agenda", "letter"} <= tags
    for lang in ("fr", "en"):
        missing = sorted(t for t in tags if f"cover.tag.{t}" not in catalog(lang))
        assert not missing, (lang, missing)
