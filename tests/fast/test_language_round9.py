"""Sentiment and act classes of round 9 (issue 26): voices no labelled set had, one class at a time.

Phrasings found in no labelled set (the round's blind file, ``sentiment_blind4.csv``, is never
copied here). Each class line failed with the analyser before the round; the guards (a reported
instruction, sincere relief, a plain request) passed and must still.
"""

from __future__ import annotations

import pytest

from omnisim.language import sentiment
from omnisim.language.acts import acts

CLASSES = [
    # Grudging assent is negative; a plain acknowledgement is neutral.
    ("mouais bof", "fr", "customer", "neg"),
    ("Puisque vous le dites, admettons.", "fr", "customer", "neg"),
    ("If you say so, mate.", "en", "customer", "neg"),
    ("D'accord, c'est entendu.", "fr", "customer", "neu"),
    ("Alright then.", "en", "customer", "neu"),
    # After a contrast, a complaint gives the tone, whatever praise came first; thanks before a
    # polite decline are politeness.
    ("Bon accueil en magasin. Cependant, la machine ne s'allume pas.", "fr", "customer", "neg"),
    ("thx but ur app still dont work", "en", "customer", "neg"),
    ("Merci, mais je vais d'abord en parler à mon mari.", "fr", "customer", "neu"),
    # After praise or thanks and a contrast, a report of what went wrong is the complaint; a tail
    # about the customer's own choice is a polite decline.
    (
        "Excellent service as always. However, the dryer stopped working after a week.",
        "en",
        "customer",
        "neg",
    ),
    ("Super, merci. Par contre, la facture est fausse.", "fr", "customer", "neg"),
    ("C'est très gentil, cependant nous allons attendre l'été.", "fr", "customer", "neu"),
    ("Un concurrent me fait une meilleure offre.", "fr", "customer", "neg"),
    ("Thanks, but no need.", "en", "customer", "neu"),
    # Chat spellings are read as the words they stand for.
    ("jai tjr pas de reseau", "fr", "customer", "neg"),
    ("perssone ne m'a rapelé", "fr", "customer", "neg"),
    ("cest nimporte koi", "fr", "customer", "neg"),
    # A promise reported from the firm's staff is a complaint.
    ("Votre conseillère m'a garanti un rappel sous 24 heures.", "fr", "customer", "neg"),
    ("The engineer swore he'd be back on Tuesday.", "en", "customer", "neg"),
    # Competitors: held out as pressure, a complaint; as a comparison in the firm's favour, praise.
    ("Vos concurrents font la même chose pour moins cher.", "fr", "customer", "neg"),
    ("I've had much worse service elsewhere.", "en", "customer", "pos"),
    ("Libre à vous de résilier.", "fr", "agent", "neg"),
    # Sarcasm on a delay.
    ("Quelle réactivité, trois semaines pour un devis.", "fr", "customer", "neg"),
    ("Two weeks for a reply, how impressive.", "en", "customer", "neg"),
    # A refund made, a booking made: good news from the agent.
    ("Votre avoir a été émis ce matin.", "fr", "agent", "pos"),
    ("Your refund has been issued.", "en", "agent", "pos"),
    ("C'est confirmé pour vendredi 14 h.", "fr", "agent", "pos"),
    # Administrative nouns are references, not complaints; a preference is a request.
    ("Déclaration de sinistre jointe.", "fr", "customer", "neu"),
    ("Il me manque le bon de commande signé.", "fr", "agent", "neu"),
    ("Je préfère un rendez-vous le matin.", "fr", "customer", "neu"),
]

GUARDS = [
    ("Votre collègue m'a dit de vous rappeler aujourd'hui.", "fr", "customer", "neu"),
    ("Heureusement que vous étiez là, merci !", "fr", "customer", "pos"),
    ("Merci, mais vous ne m'avez toujours pas répondu.", "fr", "customer", "neg"),
    ("Je suis déçu, mais merci pour votre aide.", "fr", "customer", "pos"),
    ("Pourriez-vous me renvoyer le formulaire ?", "fr", "customer", "neu"),
    ("Super, mais le technicien passe à quelle heure ?", "fr", "customer", "neu"),
]


@pytest.mark.parametrize(("text", "lang", "speaker", "label"), CLASSES + GUARDS)
def test_round_9_classes(text, lang, speaker, label):
    assert sentiment(text, lang, speaker=speaker).label == label


@pytest.mark.parametrize(
    ("text", "lang", "act"),
    [
        ("c est ca ?", "fr", "confirm"),
        ("cest bien ca?", "fr", "confirm"),
        ("Le rendez-vous était mardi, c'est bien le cas ?", "fr", "confirm"),
        ("Ces coordonnées ne peuvent pas être communiquées.", "fr", "refusal"),
        ("Ces informations ne sont pas communicables par téléphone.", "fr", "refusal"),
        ("Those details can't be given out over the phone.", "en", "refusal"),
    ],
)
def test_a_confirmation_typed_loosely_and_a_refusal_in_the_passive_are_heard(text, lang, act):
    assert act in acts(text, lang)


def test_a_file_not_yet_passed_on_is_no_refusal():
    assert "refusal" not in acts("Votre dossier n'est pas encore transmis au service.", "fr")
