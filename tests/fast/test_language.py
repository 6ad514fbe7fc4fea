"""The French/English toolkit, including the known weaknesses of the French VADER port."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from omnisim.language import analyse, count_words, markers, run_text_cli, sentiment, sms_tokens


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Je n'aime pas du tout votre service.", "neg"),  # the port scores +0.60
        ("Toujours pas de remboursement après 3 semaines.", "neg"),  # the port scores 0
        ("Je suis content.", "pos"),  # masculine "content" is missing from its lexicon
        ("Je ne veux plus attendre.", "neg"),  # "ne … plus" is a negation
        ("Je ne suis pas content.", "neg"),
        ("Je comprends votre mécontentement, je suis désolée.", "pos"),  # an agent's empathy
        ("Je veux parler à un responsable !", "neg"),
        ("C'est inadmissible.", "neg"),
        ("Ce n'est pas mon problème, débrouillez-vous.", "neg"),  # refusal and blame
        ("Merci beaucoup, c'est parfait.", "pos"),
        ("Votre numéro de commande ?", "neu"),
    ],
)
def test_french_sentiment(text, label):
    assert sentiment(text, "fr").label == label


def test_plus_is_not_always_a_negation():
    assert sentiment("Il y a plus de choix.", "fr").score >= 0
    assert sentiment("Il y a plus de choix, c'est très bien.", "fr").label == "pos"
    assert (
        sentiment("C'est très décevant.", "fr").score
        < sentiment("C'est un peu décevant.", "fr").score
    )


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I am very happy with your service.", "pos"),
        ("This is unacceptable, I want to speak to a manager.", "neg"),
        ("I understand, I'm sorry for the delay.", "pos"),
        ("Not my problem.", "neg"),
    ],
)
def test_english_sentiment(text, label):
    assert sentiment(text, "en").label == label


def test_scores_are_bounded_and_name_their_analyser():
    for lang, text in (
        ("fr", "Génial !!! Vraiment parfait, merci !"),
        ("en", "Awful!!! Terrible!"),
    ):
        result = sentiment(text, lang)
        assert -1.0 <= result.score <= 1.0
        assert "vader" in result.analyser.lower()


@pytest.mark.parametrize(
    ("text", "lang", "tokens"),
    [
        ("slt, c bon pr vous ?", "fr", ("slt", "c", "pr")),
        ("bjr, jsp pk ça marche pas, stp", "fr", ("bjr", "jsp", "pk", "stp")),
        ("ok a+ et à 2m1, tjrs dispo", "fr", ("a+", "2m1", "tjrs")),
        ("thx, u r gr8, c u b4 2day", "en", ("thx", "u", "r", "gr8", "c", "u", "b4", "2day")),
    ],
)
def test_sms_language_is_found(text, lang, tokens):
    assert sms_tokens(text, lang) == tokens


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, votre RDV est le 12/03 à 14h30, tarif 25 € TTC.",
        "Rendez-vous au 1er étage, 12 rue Lafayette, 75011 Paris, code A4.",
        "Mme Dupré, pourriez-vous, svp, envoyer votre CV à la SNCF ?",
        "Dr Martin consulte de 9h à 12h, puis 14h-18h ; 3e étage.",
        "Votre commande n° 4521 partira demain, en 2 colis de 3 kg.",
    ],
)
def test_professional_french_is_not_sms_language(text):
    assert sms_tokens(text, "fr") == ()


def test_professional_english_is_not_sms_language():
    assert sms_tokens("Your order #4521 ships on 3rd March at 2pm, 2 parcels of 5kg.", "en") == ()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Bonjour, je regarde.", 3),
        ("J'ai l'adresse d'aujourd'hui", 3),
        ("Votre rendez-vous : jeudi 14h30 !", 4),
        ("Ok 👍 ?", 1),
        ("Commande 4521 expédiée", 3),
        ("  ", 0),
    ],
)
def test_words_are_counted_as_a_jury_counts(text, words):
    assert count_words(text) == words


def test_markers_in_french_and_english():
    # « à votre écoute » offers a service and names no one: the first name is read by the
    # presentation measure, the company's name here (CP FFP C1 « se présente »).
    line = "Bonjour, Cabinet Martin, Julie à votre écoute."
    assert markers(line, "fr") == ("greeting", "service_offer")
    assert markers(line, "fr", company="Cabinet Martin") == (
        "greeting",
        "self_presentation",
        "service_offer",
    )
    assert "reformulation" in markers(
        "SI JE COMPRENDS BIEN, vous voulez déplacer le rendez-vous ?", "fr"
    )
    assert "keep_informed" in markers("Un instant, je consulte votre dossier.", "fr")
    assert "hold_announcement" in markers("Ne quittez pas, je vous mets en attente.", "fr")
    assert markers("Pour résumer : jeudi, 14h30. Ai-je répondu à votre demande ?", "fr") == (
        "summary",
        "satisfaction_check",
    )
    assert markers("Merci, bonne journée", "fr") == ("thanks", "leave_taking")
    assert "self_presentation" in markers(
        "Menuiseries Garnier, bonjour", "fr", company="Menuiseries Garnier"
    )
    assert markers("Good morning, let me check. Anything else?", "en") == (
        "greeting",
        "keep_informed",
        "satisfaction_check",
    )
    assert markers("Si j\u2019ai bien compris", "fr") == ("reformulation",)  # curly apostrophe
    # A letter's salutation greets: "Dear Ms Lee," / « Chère Madame, » (e-mail replies).
    assert "greeting" in markers("Dear Ms Lee,\n\nThank you for your request.", "en")
    assert "greeting" in markers("Chère Madame Fontaine,\n\nVotre attestation est jointe.", "fr")
    assert "greeting" not in markers("Votre facture est trop chère.", "fr")


def test_analyse_gathers_everything():
    result = analyse("bjr, je comprends", "fr")
    assert result.sms_speak and result.sms_tokens == ("bjr",)
    assert result.words == 3 and result.label == "pos"


def test_text_command_writes_one_json_line_per_message():
    lines = "Bonjour « Mme Lefèvre »,\u00a0je comprends.\n\nslt c bon\n"
    out = io.StringIO()
    assert run_text_cli("fr", io.StringIO(lines), out) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["text"] for r in rows] == ["Bonjour « Mme Lefèvre »,\u00a0je comprends.", "slt c bon"]
    assert set(rows[0]) == {
        "text",
        "sentiment",
        "label",
        "sms_speak",
        "sms_tokens",
        "words",
        "markers",
    }
    assert rows[1]["sms_tokens"] == ["slt", "c"]
    done = subprocess.run(
        [sys.executable, "-m", "omnisim", "text", "--lang", "en"],
        input="thx u r gr8\n",
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["sms_tokens"] == ["thx", "u", "r", "gr8"]
