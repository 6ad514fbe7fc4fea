"""Issue 13's failure classes, measure by measure, on hand-built logs with their edge cases:
courtesy as register, reformulation where a request was made, information only while
searching, synthesis/validation/leave-taking by structure, calming by what the candidate
does, and the measures read from the answer key."""

from __future__ import annotations

from omnisim import events as ev
from omnisim.measures import checking, conversation, mood, principal, requests, synthesis, urgency
from tests.fast.measure_log import CrmExpectation, Log, contact, deck

CONTENT_LINES = [  # read as negative by a sentiment score; the register is faultless
    "Avez-vous coupé l'eau ?",
    "Le rendez-vous de 14 h est annulé.",
    "Il s'agit d'un dégât des eaux.",
    "Fermez le robinet, cela arrêtera la fuite.",
    "Appelez immédiatement le 15.",
    "Je suis désolée, je ne peux pas communiquer d'informations confidentielles.",
]


def one_conversation(lines: list[str], cid: str = "c", channel: str = "chat", **key) -> Log:
    log = Log()
    log.offer(0, cid, channel)
    log.pick(1, cid)
    for n, text in enumerate(lines):
        log.say(2 + n, cid, text, channel)
    return log


# -- 1. courtesy is register, over the session ---------------------------------------------


def test_content_words_do_not_make_a_line_discourteous():
    log = one_conversation(["Bonjour, Cabinet Martin, Julie.", *CONTENT_LINES, "Merci, au revoir."])
    result = conversation.courtesy(log.context(deck(contact("c"))))
    assert result.passed is True
    assert result.value == {"c": 0}
    assert any("Bonjour" in e.render("fr") for e in result.evidence)  # the evidence cited


def test_one_slip_is_tolerated_a_habit_is_not():
    polite = ["Bonjour, Cabinet Martin.", "Je vérifie votre dossier, merci."] * 6
    slip = one_conversation([*polite, "Bon, c'est comme ça.", "Merci, au revoir."])
    assert conversation.courtesy(slip.context(deck(contact("c")))).passed is True
    habit = one_conversation(
        [*polite, "C'est pas mon problème.", "Débrouillez-vous.", "Vous auriez dû vérifier."]
    )
    result = conversation.courtesy(habit.context(deck(contact("c"))))
    assert result.passed is False and result.value == {"c": 3} and result.threshold == 1
    notes = [e.render("fr") for e in result.evidence]
    assert any("renvoi de la responsabilité" in n for n in notes)
    assert any("reproche au client" in n for n in notes)


def test_familiarity_and_aggressiveness_are_register_faults():
    log = one_conversation(["Salut, tu veux quoi ?", "Ouais, calmez-vous.", "Tu rappelles demain."])
    result = conversation.courtesy(log.context(deck(contact("c"))))
    assert result.passed is False
    assert any("familiarité" in e.render("fr") for e in result.evidence)
    assert any("aggressiveness" in e.render("en") for e in result.evidence)


def test_most_conversations_without_a_politeness_formula_fail():
    log = Log()
    for n, cid in enumerate(("a", "b", "c")):
        log.offer(10 * n, cid)
        log.pick(10 * n + 1, cid)
        log.say(10 * n + 2, cid, "Votre numéro de dossier ?")
        log.say(10 * n + 3, cid, "C'est fait.")
    result = conversation.courtesy(log.context(deck(contact("a"), contact("b"), contact("c"))))
    assert result.passed is False and result.value == {"a": 0, "b": 0, "c": 0}
    assert sum("aucune formule de politesse" in e.render("fr") for e in result.evidence) == 3


def test_english_register():
    good = one_conversation(
        ["Hello, Martin surgery, Julie speaking.", "Please turn off the water.", "Thank you."]
    )
    en = contact("c")
    en = en.__class__(
        **{**en.__dict__, "customer": en.customer.__class__(name="Ann", language="en")}
    )
    assert conversation.courtesy(good.context(deck(en))).passed is True
    bad = one_conversation(["Not my problem, mate.", "Deal with it.", "Whatever."])
    assert conversation.courtesy(bad.context(deck(en))).passed is False


# -- 2. reformulation only where a request could be misunderstood -------------------------


def test_a_principal_calling_for_her_messages_needs_no_reformulation():
    log = one_conversation(
        ["Bonjour docteur.", "Trois messages : Mme Petit, M. Roche, M. Dupont.", "Au revoir."],
        channel="phone",
    )
    ctx = log.context(deck(contact("c", "phone")))  # no request in the key: a hand-over
    for fn in (checking.reformulation, synthesis.summary, checking.validation_question):
        assert fn(ctx).passed is None


def test_a_five_word_chat_restating_question_is_a_reformulation():
    log = Log()
    log.offer(0, "c")
    log.pick(1, "c")
    log.hear(2, "c", "Ma fenêtre posée la semaine dernière ne ferme plus !")
    log.say(3, "c", "Date de pose ?")  # asks something new: not a restatement
    log.say(4, "c", "Quelle fenêtre ?")
    ctx = log.context(deck(contact("c", expected_facts=("fenetre",))))
    assert checking.reformulation(ctx).passed is False
    log.say(5, "c", "Fenêtre qui ne ferme plus ?")
    ctx = log.context(deck(contact("c", expected_facts=("fenetre",))))
    result = checking.reformulation(ctx)
    assert result.passed is True
    assert any("ne ferme plus" in e.render("fr") for e in result.evidence)


def test_si_je_comprends_bien_is_a_reformulation_and_with_the_next_step_a_synthesis():
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(1, "c")
    log.hear(2, "c", "Je voudrais déplacer mon rendez-vous.", channel="phone")
    log.say(3, "c", "Si je comprends bien, vous voulez le déplacer à vendredi ?", "phone")
    log.say(4, "c", "Vendredi 10 h 30 avec le docteur, c'est noté.", "phone")
    key = {"crm": (CrmExpectation("appointment", slot="2026-03-13T10:30"),)}
    ctx = log.context(deck(contact("c", "phone", **key)))
    assert checking.reformulation(ctx).passed is True
    assert synthesis.summary(ctx).passed is True
    assert checking.validation_question(ctx).passed is True  # the restating question


# -- 3. information during searches, only when the candidate searched ---------------------


def test_no_search_no_information_required():
    log = one_conversation(["Bonjour.", "Votre nom ?", "Merci.", "Au revoir."], channel="phone")
    result = checking.keep_informed(log.context(deck(contact("c", "phone"))))
    assert (
        result.passed is None
        and result.render("fr") == "aucune recherche pendant un appel ou un tchat"
    )


def test_a_silent_look_up_during_a_call_fails_an_announced_one_passes():
    def run(words: str) -> bool | None:
        log = Log()
        log.offer(0, "c", "phone")
        log.pick(1, "c")
        log.say(2, "c", "Bonjour.", "phone")
        log.say(3, "c", words, "phone")
        log.add(4, "candidate", ev.CrmRecordUpdated("r1", {"phone": "06"}, contact_id="c"))
        log.say(5, "c", "C'est fait.", "phone")
        log.add(6, "candidate", ev.ContactClosed("c"))
        return checking.keep_informed(log.context(deck(contact("c", "phone")))).passed

    assert run("D'accord.") is False
    assert run("Je vérifie votre dossier.") is True
    assert run("Un instant.") is True


def test_an_update_after_the_call_or_on_an_email_is_no_search_while_waiting():
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(1, "c")
    log.say(2, "c", "Bonjour.", "phone")
    log.add(3, "candidate", ev.ContactClosed("c"))
    log.add(4, "candidate", ev.CrmRecordUpdated("r1", {"phone": "06"}, contact_id="c"))
    log.offer(5, "m", "email")
    log.pick(6, "m")
    log.say(7, "m", "Bonjour, c'est noté.", "email")
    log.add(8, "candidate", ev.CrmRecordUpdated("r2", {"phone": "07"}, contact_id="m"))
    ctx = log.context(deck(contact("c", "phone"), contact("m", "email")))
    assert checking.keep_informed(ctx).passed is None


def test_an_announced_hold_is_information():
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(1, "c")
    log.say(2, "c", "Bonjour.", "phone")
    log.add(3, "candidate", ev.ContactHeld("c", "je consulte l'agenda du docteur"))
    log.add(9, "candidate", ev.ContactResumed("c"))
    log.add(10, "candidate", ev.ContactClosed("c"))
    assert checking.keep_informed(log.context(deck(contact("c", "phone")))).passed is True


# -- 4. synthesis, validation and leave-taking: families and structure --------------------


def request_log(lines: list[str], channel: str = "phone", lang_en: bool = False) -> Log:
    log = Log()
    log.offer(0, "c", channel)
    log.pick(1, "c")
    log.hear(
        2,
        "c",
        "I would like to move my appointment." if lang_en else "Je voudrais un rendez-vous.",
        channel=channel,
    )
    for n, text in enumerate(lines):
        log.say(3 + n, "c", text, channel)
    log.add(3 + len(lines), "candidate", ev.ContactClosed("c"))
    return log


KEY = {"crm": (CrmExpectation("appointment", slot="2026-03-13T10:30"),)}


def test_est_ce_clair_and_avez_vous_besoin_d_autre_chose():
    log = request_log(
        [
            "Bonjour.",
            "Le docteur vous reçoit vendredi.",
            "Est-ce clair pour vous ?",
            "Avez-vous besoin d'autre chose ?",
            "Bonne journée.",
        ]
    )
    ctx = log.context(deck(contact("c", "phone", **KEY)))
    assert checking.validation_question(ctx).passed is True
    assert checking.satisfaction_check(ctx).passed is True
    assert conversation.closing(ctx).passed is True
    # The statement the candidate then has checked is the synthesis.
    result = synthesis.summary(ctx)
    assert result.passed is True
    assert any("vendredi" in e.render("fr") for e in result.evidence)


def test_a_bare_check_without_a_statement_is_no_synthesis():
    log = request_log(["Bonjour.", "D'accord.", "Autre chose ?", "Au revoir."])
    ctx = log.context(deck(contact("c", "phone", **KEY)))
    assert synthesis.summary(ctx).passed is False
    assert checking.satisfaction_check(ctx).passed is True


def test_closing_after_the_last_answer():
    """The leave-taking may come before the candidate's last words, as long as it follows
    the customer's last answer; one said before the customer's last answer is no closing."""
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(1, "c")
    log.say(2, "c", "Bonjour, au revoir.", "phone")
    log.hear(3, "c", "Le 06 45 32 10 98.", channel="phone")
    log.say(4, "c", "Merci de votre appel, bonne journée.", "phone")
    log.say(5, "c", "Je note tout dans votre dossier.", "phone")
    log.say(6, "c", "C'est fait.", "phone")
    log.add(7, "candidate", ev.ContactClosed("c"))
    assert conversation.closing(log.context(deck(contact("c", "phone")))).passed is True
    early = Log()
    early.offer(0, "c", "phone")
    early.pick(1, "c")
    early.say(2, "c", "Bonjour, au revoir.", "phone")
    early.hear(3, "c", "Le 06 45 32 10 98.", channel="phone")
    early.say(4, "c", "Je note.", "phone")
    early.say(5, "c", "C'est fait.", "phone")
    early.add(6, "candidate", ev.ContactClosed("c"))
    assert conversation.closing(early.context(deck(contact("c", "phone")))).passed is False


def test_english_families():
    log = request_log(
        [
            "Hello.",
            "So you need a new slot on Friday?",
            "Your appointment is on Friday at 10:30.",
            "Is that clear?",
            "Do you need anything else?",
            "Kind regards.",
        ],
        lang_en=True,
    )
    c = contact("c", "phone", **KEY)
    c = c.__class__(**{**c.__dict__, "customer": c.customer.__class__(name="Ann", language="en")})
    ctx = log.context(deck(c))
    for fn in (
        checking.reformulation,
        synthesis.summary,
        checking.validation_question,
        checking.satisfaction_check,
        conversation.closing,
    ):
        assert fn(ctx).passed is True, fn.__name__


def test_satisfaction_is_asked_of_a_caller_not_in_an_email():
    log = request_log(["Bonjour Madame, documents bien reçus.", "Cordialement."], channel="email")
    ctx = log.context(deck(contact("c", "email", **KEY)))
    assert checking.satisfaction_check(ctx).passed is None
    assert checking.validation_question(ctx).passed is None
    assert conversation.closing(ctx).passed is True


# -- 5. calming by what the candidate does ------------------------------------------------


def calm_log(lines: list[str], complaint: bool = False) -> Log:
    log = Log()
    log.offer(0, "c")
    log.pick(1, "c")
    log.hear(2, "c", "Vos honoraires sont scandaleux !")
    for n, text in enumerate(lines):
        log.say(3 + n, "c", text)
    log.add(9, "system", ev.CustomerMood("c", -0.3, "reply"))
    if complaint:
        log.add(10, "system", ev.ContactEscalated("c", "complaint"))
    return log


def test_a_terse_chat_calms_by_apologising_and_giving_the_next_step():
    log = calm_log(["Désolée pour la gêne.", "Maître Benali vous rappellera.", "Au revoir."])
    ctx = log.context(deck(contact("c", mood=-0.35)))
    result = mood.calmed_customer(ctx)
    assert result.passed is True
    notes = " ".join(e.render("fr") for e in result.evidence)
    assert "excuse ou empathie" in notes and "étape suivante" in notes


def test_words_alone_or_a_formal_complaint_do_not_calm():
    only_sorry = calm_log(["Désolée.", "Je comprends.", "Au revoir."])
    assert mood.calmed_customer(only_sorry.context(deck(contact("c", mood=-0.35)))).passed is False
    escalated = calm_log(["Désolée.", "Je transmets à Maître Benali."], complaint=True)
    assert mood.calmed_customer(escalated.context(deck(contact("c", mood=-0.35)))).passed is False


# -- 7. what the log can show instead of "à apprécier" ------------------------------------


def test_expected_actions_name_what_was_not_done_and_a_message_for_the_wrong_person():
    key = {
        "crm": (
            CrmExpectation("message", fields={"for_whom": "Maître Benali"}),
            CrmExpectation("followup"),
        ),
        "transfer_to": "superviseur",
    }
    log = Log()
    log.offer(0, "c")
    log.pick(1, "c")
    log.say(2, "c", "Bonjour.")
    log.add(
        3,
        "candidate",
        ev.MessageTaken(
            "cabinet", "Maître Lefèvre", "Mme Aubert", "06", "Rappeler", contact_id="c"
        ),
    )
    log.add(4, "candidate", ev.ContactClosed("c"))
    ctx = log.context(deck(contact("c", **key)))
    result = requests.expected_actions(ctx)
    assert result.passed is False
    assert result.value == {"c": ["message", "followup", "transfer"]}
    assert "non fait : message ; suivi ; transfert" in " ".join(
        e.render("fr") for e in result.evidence
    )
    assert requests.messages_taken(ctx).passed is False
    assert requests.applications_used(ctx).passed is True  # it did use the message pad


def test_facts_heard_task_natures_and_emergencies():
    log = Log()
    log.offer(0, "u", "phone")
    log.pick(1, "u")
    log.say(2, "u", "Symptômes ?", "phone")
    log.hear(3, "u", "Douleur dans la poitrine.", reason="fact:symptomes", channel="phone")
    log.add(4, "candidate", ev.ContactTransferred("u", "superviseur"))
    log.offer(5, "r")
    log.pick(6, "r")
    log.say(7, "r", "Bonjour.")
    log.add(8, "candidate", ev.ContactClosed("r"))
    the_deck = deck(
        contact(
            "u",
            "phone",
            urgent=True,
            transfer_to="superviseur",
            expected_facts=("symptomes", "age"),
        ),
        contact("r", crm=(CrmExpectation("appointment", slot="2026-03-12T14:30"),)),
    )
    ctx = log.context(the_deck)
    facts = requests.facts_gathered(ctx)
    assert facts.value == {"u": 0.5} and facts.passed is False
    assert urgency.urgent_handled(ctx).passed is True
    natures = requests.task_natures(ctx)
    assert natures.value == {"transfer": True, "appointment": False} and natures.passed is False
    assert requests.appointments_made(ctx).passed is False


# -- habits, not single lines ----------------------------------------------------------------


def test_one_conversation_in_four_may_lack_a_formula_not_two():
    def run(missing: int) -> bool | None:
        log = Log()
        cids = [f"c{n}" for n in range(4)]
        for n, cid in enumerate(cids):
            log.offer(10 * n, cid)
            log.pick(10 * n + 1, cid)
            log.say(10 * n + 2, cid, "Oui ?" if n < missing else "Bonjour, Cabinet Martin.")
        return conversation.greeting(log.context(deck(*(contact(c) for c in cids)))).passed

    assert run(0) is True and run(1) is True and run(2) is False


def test_three_conversations_or_fewer_need_the_formula_in_each():
    log = Log()
    for n, cid in enumerate(("a", "b", "c")):
        log.offer(10 * n, cid)
        log.pick(10 * n + 1, cid)
        log.say(10 * n + 2, cid, "Oui ?" if cid == "a" else "Bonjour.")
    result = conversation.greeting(log.context(deck(contact("a"), contact("b"), contact("c"))))
    assert result.passed is False and result.value == {"a": False, "b": True, "c": True}


def test_an_occasional_long_chat_send_is_tolerated_a_run_on_one_is_not():
    short = ["Bonjour, Cabinet Martin.", "Votre nom ?", "Je vérifie.", "C'est noté.", "Merci."]
    log = one_conversation(short * 2 + ["Je vous rappelle dans la journée."])  # 6 words, 1 in 11
    assert conversation.chat_words_per_send(log.context(deck(contact("c")))).passed is True
    log = one_conversation(
        short * 2 + ["Je vous rappelle dans la journée, promis, sans faute, avec la réponse."]
    )
    assert conversation.chat_words_per_send(log.context(deck(contact("c")))).passed is False
    # A word or two over among short sends is the same short line (round 12's juries: sends of
    # 3 to 6 words « brefs »); sentences are not, twice in seven, nor most sends over the limit.
    log = one_conversation(short + ["Je vous rappelle dans la journée."] * 2)  # 6 words, 2 in 7
    assert conversation.chat_words_per_send(log.context(deck(contact("c")))).passed is True
    log = one_conversation(short + ["Je vous rappelle dans la journée avec la réponse."] * 2)
    assert conversation.chat_words_per_send(log.context(deck(contact("c")))).passed is False
    log = one_conversation(short[:2] + ["Je vous rappelle dans la journée."] * 3)  # 3 of 5 over
    assert conversation.chat_words_per_send(log.context(deck(contact("c")))).passed is False


# -- presenting oneself (CP FFP) and answering for the principal (CQP C.1.1) ------------------


def test_a_first_name_presents_the_candidate_but_not_the_principal():
    log = one_conversation(["Bonjour, Julie.", "Votre nom ?"], channel="phone")
    ctx = log.context(deck(contact("c", "phone")))
    assert conversation.presentation(ctx).passed is True
    assert principal.principal_named(ctx).passed is False
    log = one_conversation(["Bonjour, Cabinet Martin, Julie."], channel="phone")
    ctx = log.context(deck(contact("c", "phone")))
    assert principal.principal_named(ctx).passed is True


def test_greeting_in_another_principals_name_fails_and_names_both():
    """Issue 22: a doctor's emergency call greeted « Menuiseries Garnier, bonjour »."""
    import dataclasses

    from omnisim.deck.model import Principal

    garnier = Principal("garnier", "Menuiseries Garnier", "menuiserie", greeting="Garnier, bonjour")
    calls = [contact(cid, "phone", name="Bernard Roche") for cid in ("a", "b", "c", "d", "e")]
    log = Log()
    for n, cid in enumerate("abcde"):
        log.offer(10 * n, cid, "phone")
        log.pick(10 * n + 1, cid)
        log.say(
            10 * n + 2, cid, "Menuiseries Garnier, bonjour." if cid == "a" else "Cabinet Martin."
        )
    base = deck(*calls)
    played = dataclasses.replace(base, principals=(*base.principals, garnier))
    result = principal.principal_named(log.context(played))
    assert result.value == {"a": False, "b": True, "c": True, "d": True, "e": True}
    assert result.passed is False  # 4 of 5 is a habit, but a wrong principal is a fault
    notes = [e.render("fr") for e in result.evidence]
    assert "a : accueil au nom de « Menuiseries Garnier » au lieu de « Cabinet Martin »" in notes
    # Left out, not wrong: said so, with the principal expected.
    missing = one_conversation(["Bonjour, Julie."], channel="phone")
    alone = dataclasses.replace(played, contacts=(contact("c", "phone"),))
    missing_result = principal.principal_named(missing.context(alone))
    assert missing_result.passed is False
    assert "« Cabinet Martin » n'est pas nommé" in missing_result.evidence[0].render("fr")


def test_the_customer_named_after_a_civility_is_not_a_self_presentation():
    log = one_conversation(["Bonjour Madame Dubois.", "Oui ?"], channel="phone")
    ctx = log.context(deck(contact("c", "phone")))
    assert conversation.presentation(ctx).passed is False


def test_a_question_restating_the_agreed_action_validates_understanding():
    for asked in ("Donc vendredi à 10 h 30 ?", "Je transmets à Maître Benali, d'accord ?"):
        log = request_log(["Bonjour.", asked, "Au revoir."])
        ctx = log.context(deck(contact("c", "phone", **KEY)))
        assert checking.validation_question(ctx).passed is True, asked
    log = request_log(["Bonjour.", "Quel jour ?", "Au revoir."])
    ctx = log.context(deck(contact("c", "phone", **KEY)))
    assert checking.validation_question(ctx).passed is False


def test_answering_the_customer_question_calms_with_an_apology():
    log = Log()
    log.offer(0, "c")
    log.pick(1, "c")
    log.hear(2, "c", "Pourquoi ce montant, personne ne m'a prévenue ?")
    log.say(3, "c", "Désolée.")
    log.hear(4, "c", "Alors, pourquoi ?")
    log.say(5, "c", "Le devis incluait la pose.")
    log.add(9, "system", ev.CustomerMood("c", -0.3, "reply"))
    result = mood.calmed_customer(log.context(deck(contact("c", mood=-0.35))))
    assert result.passed is True
    assert any("réponse à sa question" in e.render("fr") for e in result.evidence)


def test_writing_a_new_record_or_a_follow_up_is_no_search():
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(1, "c")
    log.say(2, "c", "Bonjour.", "phone")
    log.add(3, "candidate", ev.CrmRecordCreated("new-1", {"last_name": "Aubert"}, contact_id="c"))
    log.add(4, "candidate", ev.CrmFollowupSet("c", "new-1", "rappel"))
    log.say(5, "c", "C'est noté.", "phone")
    log.add(6, "candidate", ev.ContactClosed("c"))
    assert checking.keep_informed(log.context(deck(contact("c", "phone")))).passed is None


def test_no_principal_nothing_to_answer_for():
    log = one_conversation(["Bonjour, Julie."])
    orphan = contact("c")
    orphan = orphan.__class__(**{**orphan.__dict__, "principal": ""})
    assert principal.principal_named(log.context(deck(orphan))).passed is None


def test_sms_language_shows_where_the_clean_conversations_are():
    """A passing sms_language is proof a jury can open: each clean written conversation."""
    log = one_conversation(["Bonjour, service clients.", "Votre colis part demain."], cid="a")
    log.offer(10, "b", "chat")
    log.pick(11, "b")
    log.say(12, "b", "slt, c pr koi ?", "chat")
    log.offer(20, "p", "phone")
    log.pick(21, "p")
    log.say(22, "p", "Bonjour, je vous écoute.", "phone")
    result = conversation.sms_language(log.context(deck(contact("a"), contact("b"), contact("p"))))
    assert result.passed is False
    notes = [e.render("fr") for e in result.evidence]
    assert any(n.startswith("a : messages écrits sans langage SMS (envois : 2)") for n in notes)
    assert any("langage SMS" in n and "slt" in n for n in notes)
    assert not any(n.startswith("p") for n in notes)  # a call is not written


def test_a_request_needing_another_channel_fails_when_the_candidate_stays_put():
    """CP FFP C2 « choisit un canal de réponse différent et/ou complémentaire … et argumente
    son choix »: the key's reply_channel_needed is what a jury reads in the request."""
    from omnisim.measures import channels

    needs = {"reply_channels": ("chat", "email"), "reply_channel_needed": "email"}
    stayed = one_conversation(["Bonjour.", "Envoyez-moi le formulaire signé au tchat."])
    result = channels.channel_justification(stayed.context(deck(contact("c", **needs))))
    assert result.passed is False
    assert "la demande exige aussi une réponse par e-mail" in result.evidence[0].render("fr")
    # The same conversation without the key's need: nothing to judge, as before.
    plain = channels.channel_justification(stayed.context(deck(contact("c"))))
    assert plain.passed is None
    moved = one_conversation(["Bonjour.", "Je vous envoie le formulaire par e-mail."])
    reason = "il doit être signé, trace écrite"
    moved.say(9, "c", "Formulaire joint.", "email", justification=reason)
    result = channels.channel_justification(moved.context(deck(contact("c", **needs))))
    assert result.passed is True
    unargued = one_conversation(["Bonjour."])
    unargued.say(9, "c", "Formulaire joint.", "email")
    result = channels.channel_justification(unargued.context(deck(contact("c", **needs))))
    assert result.passed is False  # moved, but without a reason


def test_a_search_from_the_desk_is_a_look_up_while_the_caller_waits():
    """The desk logs its CRM and knowledge-base searches (crm.searched, knowledge.searched):
    they are operations of the projection, so keep_informed judges the words around them."""

    def run(words: str, search: object) -> bool | None:
        log = Log()
        log.offer(0, "c", "phone")
        log.pick(1, "c")
        log.say(2, "c", "Bonjour.", "phone")
        log.say(3, "c", words, "phone")
        log.add(4, "candidate", search)  # type: ignore[arg-type]
        log.say(5, "c", "Voilà.", "phone")
        log.add(6, "candidate", ev.ContactClosed("c"))
        return checking.keep_informed(log.context(deck(contact("c", "phone")))).passed

    for search in (ev.CrmSearched("Dubois", contact_id="c"), ev.KnowledgeSearched("gaz")):
        assert run("D'accord.", search) is False
        assert run("Un instant, je consulte votre dossier.", search) is True
