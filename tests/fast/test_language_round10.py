"""Sentiment classes of round 10 (issue 26), fixed as constructions rather than phrases.

Phrasings found in no labelled set (the round's blind file, ``sentiment_blind5.csv``, is never
copied here). A class line names a verb, a noun or a subject no dev line used, so that a phrase
list could not pass it; the guards (plain news, a length of time that is no wait, a plain
question, a "still … yet") must keep their tone.
"""

from __future__ import annotations

import pytest

from omnisim.language import sentiment

CLASSES = [
    # A commitment: first person, present, future, aller/pouvoir + a verb of service.
    ("Je vous réexpédie le colis dès demain.", "fr", "agent", "pos"),
    ("Nous allons régulariser votre situation cette semaine.", "fr", "agent", "pos"),
    ("Je m'en charge personnellement.", "fr", "agent", "pos"),
    ("We're going to reschedule the visit for you.", "en", "agent", "pos"),
    ("Let me rebook that for you.", "en", "agent", "pos"),
    # An action done for the customer; a correction in the passive.
    ("Je vous ai renvoyé le code d'activation.", "fr", "agent", "pos"),
    ("We've reversed the transfer fee.", "en", "agent", "pos"),
    ("Les agios ont bien été remboursés.", "fr", "agent", "pos"),
    ("Your direct debit has been reinstated.", "en", "agent", "pos"),
    # Steps and plain news stay neutral; a refusal keeps its tone.
    ("Je vais vous transférer au service recouvrement.", "fr", "agent", "neu"),
    ("Votre train a été annulé en raison d'une grève.", "fr", "agent", "neu"),
    ("I'm going to need the last four digits of your card.", "en", "agent", "neu"),
    # Waiting or going without, measured in time, is a complaint; a length of time is not.
    ("On est sans chauffage depuis dimanche avec un bébé.", "fr", "customer", "neg"),
    ("Cela fait deux heures que j'essaie de joindre quelqu'un.", "fr", "customer", "neg"),
    ("The app has been down for three days.", "en", "customer", "neg"),
    ("Je suis abonnée depuis 2012.", "fr", "customer", "neu"),
    ("We've lived here for six years.", "en", "customer", "neu"),
    ("I've been a member for twenty years.", "en", "customer", "neu"),
    # Rhetorical questions that blame; plain questions stay neutral.
    ("Qu'est-ce que vous attendez pour intervenir ?", "fr", "customer", "neg"),
    ("Did anyone even open my attachment?", "en", "customer", "neg"),
    ("Vous avez seulement daigné lire ma lettre ?", "fr", "customer", "neg"),
    ("Dans quelle langue souhaitez-vous recevoir le contrat ?", "fr", "agent", "neu"),
    ("Do you deliver on Sundays?", "en", "customer", "neu"),
    # A subject « personne / rien » far from its « ne »; "not yet" is a fact, "still" is not.
    ("Rien de ce que vous m'aviez promis n'a été fait.", "fr", "customer", "neg"),
    ("I haven't had time to fill in the form yet.", "en", "customer", "neu"),
    ("I still haven't received the card yet.", "en", "customer", "neg"),
    # A disappointment negated is praise; a first time asked about is no complaint, an order
    # never placed or a treatment never seen before still is.
    ("Je n'ai jamais été déçue par vos services.", "fr", "customer", "pos"),
    ("Your team has never let me down.", "en", "customer", "pos"),
    ("I've never paid by bank transfer before, what do I need?", "en", "customer", "neu"),
    ("Je n'ai jamais commandé ça, pourquoi suis-je débitée ?", "fr", "customer", "neg"),
    ("I've never been spoken to like this before, is that normal?", "en", "customer", "neg"),
    # A promise reported from the firm's staff is a broken promise, whatever the verb of saying;
    # confirmed, it is praise; an instruction or a relative's word reported stays neutral.
    ("Le livreur m'avait annoncé qu'il passerait avant midi.", "fr", "customer", "neg"),
    ("The rep on the phone assured me the upgrade was free.", "en", "customer", "neg"),
    (
        "Le standard m'a indiqué que je serais rappelée, et c'est bien le cas, merci.",
        "fr",
        "customer",
        "pos",
    ),
    ("Your driver told me he'd come back on Monday and he did.", "en", "customer", "pos"),
    ("Mon mari m'a dit que vous ouvriez le samedi, c'est exact ?", "fr", "customer", "neu"),
    # Emoji, which folding drops: an eye-roll turns praise into sarcasm, a smile is thanks, an
    # angry face a complaint, a thumbs-up an acknowledgement.
    ("Trop sympa votre hotline 🙄", "fr", "customer", "neg"),
    ("Wonderful, the app logged me out again 🙃", "en", "customer", "neg"),
    ("Merci pour le suivi 😊", "fr", "customer", "pos"),
    ("Facture toujours fausse 😠", "fr", "customer", "neg"),
    ("On se voit jeudi 👍", "fr", "customer", "neu"),
]


@pytest.mark.parametrize(("text", "lang", "speaker", "label"), CLASSES)
def test_round_10_classes(text, lang, speaker, label):
    assert sentiment(text, lang, speaker=speaker).label == label


def test_a_customer_doing_is_no_commitment():
    """Commitments are an agent's: a customer's « je vous renvoie le formulaire » is a step."""
    assert sentiment("Je vous renvoie le formulaire.", "fr", speaker="customer").label == "neu"
    assert sentiment("I'll send you the photos tonight.", "en", speaker="customer").label == "neu"
