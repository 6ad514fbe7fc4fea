"""Contact-centre classes of issue #13, one family at a time (phrasings not in the sets)."""

from __future__ import annotations

import pytest

from omnisim.language import analyse, analysers, sentiment, sms_tokens


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("On m'avait assuré un rappel sous 24 heures, personne ne m'a contacté.", "fr"),
        ("Vous avez prélevé l'abonnement deux fois sans mon accord.", "fr"),
        ("Je vais saisir la médiation des télécoms.", "fr"),
        ("C'est la cinquième fois que j'explique mon cas.", "fr"),
        ("Nobody got back to me after I was told they would.", "en"),
        ("I was charged a cancellation fee without warning.", "en"),
        ("I'll be contacting the ombudsman about this.", "en"),
    ],
)
def test_complaints_without_a_feeling_word_are_negative(text, lang):
    assert sentiment(text, lang, speaker="customer").label == "neg"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Formidable, encore une panne ce matin.", "fr"),
        ("Super le suivi, trois semaines sans nouvelles.", "fr"),
        ("Great, another week without internet.", "en"),
    ],
)
def test_praise_over_trouble_is_sarcasm(text, lang):
    assert sentiment(text, lang, speaker="customer").label == "neg"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ce n'est pas de mon ressort, voyez avec la comptabilité, pas avec moi.", "fr"),
        ("C'est comme ça chez nous.", "fr"),
        ("Vous n'aviez qu'à nous appeler avant.", "fr"),
        ("That's not how it works here.", "en"),
        ("You should have told us earlier.", "en"),
    ],
)
def test_blame_and_deflection_are_negative_whoever_says_them(text, lang):
    assert sentiment(text, lang, speaker="agent").label == "neg"
    assert sentiment(text, lang).label == "neg"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Je souhaiterais recevoir une copie du contrat, merci.", "fr"),
        ("Pourriez-vous me confirmer l'heure, s'il vous plaît ?", "fr"),
        ("I would like to change my delivery address, please.", "en"),
        ("Could you tell me my balance, thanks.", "en"),
    ],
)
def test_polite_requests_are_neutral(text, lang):
    assert sentiment(text, lang, speaker="customer").label == "neu"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Je comprends tout à fait votre exaspération.", "fr"),
        ("Je suis navré pour cette panne, c'est très désagréable.", "fr"),
        ("I understand your anger and frustration.", "en"),
        ("I'm so sorry about the awful delay.", "en"),
    ],
)
def test_empathy_quoting_a_negative_word_is_not_negative(text, lang):
    assert sentiment(text, lang, speaker="agent").label == "pos"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Avez-vous coupé l'eau ?", "fr"),
        ("Le rendez-vous de 14 h est annulé.", "fr"),
        ("Fermez le robinet, cela arrêtera la fuite.", "fr"),
        ("Appelez immédiatement le 15.", "fr"),
        ("Il y a un risque d'électrocution, ne touchez à rien.", "fr"),
        ("The boiler is broken and the pipe is leaking.", "en"),
        ("Your appointment was cancelled because of the emergency.", "en"),
    ],
)
def test_an_agents_content_words_are_not_its_tone(text, lang):
    assert sentiment(text, lang, speaker="agent").label != "neg"


def test_french_negation_and_no_problem_formulas():
    assert sentiment("Pas de souci, je m'en charge.", "fr").label == "pos"
    assert sentiment("Sans problème, c'est noté.", "fr").label == "pos"
    assert sentiment("Je ne suis pas satisfait du tout.", "fr").label == "neg"
    restating = "Si je comprends bien, vous souhaitez annuler ?"
    assert sentiment(restating, "fr", speaker="agent").label == "neu"


def test_speaker_reaches_analyse_and_versions_are_logged():
    line = "Vous deviez venir hier."
    assert analyse(line, "fr", speaker="customer").label == "neg"
    assert analyse(line, "fr", speaker="agent").label != "neg"  # an agent recalling a fact
    names = analysers()
    assert names["sentiment.fr"].startswith("omnisim-vader-fr-3")
    assert names["sentiment.en"].endswith("omnisim-cc-en-18")
    assert names["sms_language"].startswith("omnisim-sms-4+pyspellchecker-")


@pytest.mark.parametrize(
    ("text", "lang", "token"),
    [
        ("Bsr, je vous rappelle", "fr", "Bsr"),
        ("Tkt c'est noté", "fr", "Tkt"),
        ("PTDR d'accord", "fr", "PTDR"),
        ("merci, np", "fr", "np"),
        ("je vous envoie ça dc demain", "fr", "dc"),
        ("j'peux passer", "fr", "j'peux"),
        ("koman je fais ?", "fr", "koman"),
        ("le rapel est prévu", "fr", "rapel"),
        ("à 2m1", "fr", "2m1"),
        ("ouiiii", "fr", "ouiiii"),
        ("Super !!", "fr", "!!"),
        ("Merci :)", "fr", ":)"),
        ("Merci 😊", "fr", "😊"),
        ("Tmrw works", "en", "Tmrw"),
        ("wanna check?", "en", "wanna"),
        ("youre right", "en", "youre"),
    ],
)
def test_sms_classes_are_found(text, lang, token):
    assert token in sms_tokens(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("RDV le 2 juin à 14 h, SAV au 2e étage, 39,90 € TTC.", "fr"),
        ("Réf. 5521, n° client 88, M. Petit et Mme Roux.", "fr"),
        ("Le Dr Hamon et le Pr Lenoir ; Me Vidal vous recevra.", "fr"),
        ("Paiement par CB ou virement : RIB, IBAN et BIC en PJ. SVP, merci.", "fr"),
        ("Écrivez à contact@cabinet-roux.fr ou voyez www.cabinet-roux.fr.", "fr"),
        ("Tél. : 01 23 45 67 89 ; env. 10 min d'attente, etc.", "fr"),
        ("Bonjour, je suis Chloé Garnier, de la société Verdier.", "fr"),
        ("Ok, c'est noté, je vous envoie un e-mail.", "fr"),
        ("Ref. 42, invoice no. 7 for Mr Hale, total £30 incl. VAT.", "en"),
        ("Your 3 pm slot with Dr Osei is confirmed, ext. 12.", "en"),
    ],
)
def test_professional_writing_stays_clean(text, lang):
    assert sms_tokens(text, lang) == ()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Merci quand même, bonne journée.", "fr"),
        ("Ce n'est pas possible par téléphone, mais vous pouvez le faire en ligne.", "fr"),
        ("Vous n'avez rien à payer.", "fr"),
        ("Personne ne vous a contacté ? Je vérifie tout de suite.", "fr"),
        ("Malheureusement, le docteur n'a plus de disponibilité cette semaine.", "fr"),
        ("Did nobody contact you? I'll check right away.", "en"),
        ("You don't need to pay anything.", "en"),
    ],
)
def test_a_careful_agent_is_never_read_as_negative(text, lang):
    assert sentiment(text, lang, speaker="agent").label != "neg"


def test_a_customers_exasperation_is_not_an_agents_refusal():
    assert sentiment("Ce n'est pas possible !", "fr", speaker="customer").label == "neg"
    assert sentiment("Je ne peux pas vous répondre maintenant.", "fr", speaker="agent").label == (
        "neu"
    )


def test_the_built_spelling_lists_are_complete():
    from omnisim.language.sms import _spelling

    for lang, word in (("fr", "bonjour"), ("en", "appointment")):
        source, words, common = _spelling(lang)
        assert source.startswith("pyspellchecker-") and 0 < common < len(words)
        assert len(words) > 100_000 and word in words[:common]
        assert "chui" not in words and "rapel" not in words
