"""Sentiment classes of round 12 (issue 26): the points the README's convention was silent on
after blind7, and the constructions of blind7's first-score misses, read as constructions.

Phrasings found in no labelled set (``sentiment_blind7.csv`` is never copied here): other
sectors, nouns and verbs than the round's dev lines. The guards (time or patience lost, a
service no longer had, praise in two sentences, a plain rule) keep their tone.
"""

from __future__ import annotations

import pytest

from omnisim.language import sentiment

CLASSES = [
    # A letter's closing formula is form; the body gives the tone.
    ("Je vous prie d'agréer, Madame, mes sincères salutations.", "fr", "customer", "neu"),
    ("Best regards, Tom", "en", "customer", "neu"),
    # A customer's own fact: lost, forgotten, no longer had, their own mistake, an apology.
    ("J'ai oublié ma veste au vestiaire de la piscine.", "fr", "customer", "neu"),
    ("We left our pushchair on the coach to Leeds.", "en", "customer", "neu"),
    ("Je n'ai plus la facture d'origine, juste le relevé bancaire.", "fr", "customer", "neu"),
    ("C'est ma faute, j'ai mal saisi mon adresse mail.", "fr", "customer", "neu"),
    ("Sorry to trouble you again about the gas meter.", "en", "customer", "neu"),
    (
        "C'est la première fois que je fais une demande de prêt, comment ça marche ?",
        "fr",
        "customer",
        "neu",
    ),
    # Guards: time or patience lost, a service no longer had, stay complaints.
    ("J'ai perdu ma matinée à attendre votre technicien.", "fr", "customer", "neg"),
    ("Je n'ai plus internet depuis samedi.", "fr", "customer", "neg"),
    # Praise and blame side by side, no link: the blame is what is reported.
    ("Personnel adorable. Repas infect.", "fr", "customer", "neg"),
    ("Lovely room. Awful breakfast.", "en", "customer", "neg"),
    ("Personnel adorable. Repas délicieux.", "fr", "customer", "pos"),
    # Contrast after praise, whose tail has no tone; with "except".
    ("Le guide était charmant, sauf que le car est parti sans nous.", "fr", "customer", "neg"),
    ("The nurse was courteous, except the results never arrived.", "en", "customer", "neg"),
    # Praise by comparison; a promise kept, said by the action.
    ("Je n'ai jamais été aussi bien accueillie dans une agence.", "fr", "customer", "pos"),
    (
        "On m'avait dit que le colis serait livré samedi et il est arrivé samedi matin, merci.",
        "fr",
        "customer",
        "pos",
    ),
    ("The clerk said she would ring me back and she did.", "en", "customer", "pos"),
    # Something left in the firm's hands, with its length.
    ("Mon vélo reste dans votre atelier depuis trois semaines.", "fr", "customer", "neg"),
    ("Our claim has been sitting with your team for six weeks.", "en", "customer", "neg"),
    # Solved, done, favourable with words between.
    ("The boiler is working again now.", "en", "customer", "pos"),
    ("Votre avoir de 35 € a été validé hier.", "fr", "agent", "pos"),
    ("Aucune franchise kilométrique ne sera appliquée.", "fr", "agent", "pos"),
    # Dismissing on a condition; reassurance.
    ("Si nos tarifs ne vous conviennent pas, vous êtes libre de partir.", "fr", "agent", "neg"),
    ("If our hours don't suit you, you're free to shop elsewhere.", "en", "agent", "neg"),
    ("Ne vous en faites pas, ça arrive à tout le monde.", "fr", "agent", "pos"),
    # A plain rule from an agent stays neutral.
    ("Le dossier doit être complet avant le 15.", "fr", "agent", "neu"),
]

# A caller that does not say who speaks: a line only an agent's families read is an agent's.
UNKNOWN_SPEAKER = [
    ("Je vous réserve la chambre 12 pour vendredi.", "fr", "pos"),
    ("Vous avez droit à un second essai gratuit.", "fr", "pos"),
    ("I'll send a replacement card today.", "en", "pos"),
    # A customer's complaint, or good news asked about, keeps the customer's reading.
    ("Vous m'aviez promis de me rembourser et toujours rien.", "fr", "neg"),
    ("Le parking est gratuit le dimanche ?", "fr", "neu"),
]


@pytest.mark.parametrize(("text", "lang", "speaker", "label"), CLASSES)
def test_round_12_classes(text, lang, speaker, label):
    assert sentiment(text, lang, speaker=speaker).label == label


@pytest.mark.parametrize(("text", "lang", "label"), UNKNOWN_SPEAKER)
def test_round_12_speaker_not_given(text, lang, label):
    assert sentiment(text, lang).label == label
