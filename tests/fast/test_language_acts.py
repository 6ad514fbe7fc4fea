"""What a line does to its listener (omnisim/language/acts.py): refusals, rudeness, requests
to confirm and small talk, in French and English, and the ordinary lines that are none."""

from __future__ import annotations

import pytest

from omnisim.language.acts import acts, refuses, small_talk


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Je ne peux pas communiquer cette information."),
        ("fr", "Je ne peux communiquer aucune information sur nos clients."),
        ("fr", "Nous ne communiquons pas ce genre de renseignement."),
        ("fr", "Je ne suis pas autorisée à vous le dire."),
        ("fr", "Je n'ai pas le droit de vous répondre."),
        ("fr", "Il m'est impossible de vous donner son adresse."),
        ("fr", "Je ne vais pas pouvoir vous aider sur ce point."),
        ("fr", "C'est confidentiel, désolée."),
        ("en", "I can't give out that information."),
        ("en", "I'm not able to share that."),
        ("en", "We do not disclose customer details."),
        ("en", "I'm afraid not."),
        ("en", "That's confidential, sorry."),
    ],
)
def test_refusals_in_ordinary_words(lang, text):
    assert refuses(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Je ne peux que vous conseiller d'appeler le 15."),
        ("fr", "Je ne sais pas, je vais vérifier."),
        ("fr", "Je peux vous proposer lundi à 10 h."),
        ("en", "I can't find your file yet, one moment."),
        ("en", "I don't know, I'll send you an email."),
    ],
)
def test_what_is_not_a_refusal(lang, text):
    assert not refuses(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Vous êtes vraiment pénible, madame."),
        ("fr", "Franchement, vous êtes d'une lourdeur incroyable."),
        ("fr", "Débrouillez-vous."),
        ("fr", "Ça ne me regarde pas."),
        ("fr", "Quelle cliente insupportable !"),
        ("fr", "Je m'en fiche."),
        ("en", "You're so annoying."),
        ("en", "Whatever."),
        ("en", "Not my problem."),
        ("en", "Stop whining."),
    ],
)
def test_rudeness_aimed_at_the_listener(lang, text):
    assert "rude" in acts(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Je comprends que ce soit pénible pour vous."),
        ("fr", "Vous êtes bien Mme Petit ?"),
        ("fr", "Je comprends votre impatience."),
        ("en", "Whatever you need, madam."),
        ("en", "You're in a difficult situation, I understand."),
    ],
)
def test_courtesy_is_not_rudeness(lang, text):
    assert "rude" not in acts(text, lang)


@pytest.mark.parametrize(
    ("lang", "text", "asked"),
    [
        ("fr", "c'est ça ?", True),
        ("fr", "Donc lundi à 10 h 30, c'est bien ça ?", True),
        ("fr", "Maître Benali vous rappellera demain, d'accord ?", True),
        ("fr", "Quel est votre nom ?", False),
        ("en", "Is that right?", True),
        ("en", "Tuesday at 10, correct?", True),
        ("en", "What is your order number?", False),
    ],
)
def test_requests_to_confirm(lang, text, asked):
    assert ("confirm" in acts(text, lang)) is asked


def test_small_talk_is_found_in_the_singular_or_the_plural():
    assert small_talk("Vous avez vu le match hier soir ?", "fr")
    assert small_talk("Vous partez en vacances cet été ?", "fr")
    assert small_talk("Seen any good films lately?", "en")
    assert not small_talk("Bon week-end, au revoir !", "fr")
    assert not small_talk("Votre fenêtre sera réparée jeudi.", "fr")
