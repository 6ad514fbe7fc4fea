"""Sentiment classes of round 8 (issue 26): voices the sets lacked, one class at a time.

Phrasings found in no labelled set. Each class line failed with the analyser before the
round; the guards (a plain reminder, an offer to send, an instruction) passed and must still.
"""

from __future__ import annotations

import pytest

from omnisim.language import sentiment


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        # Thanks before a complaint are politeness: the line is the complaint.
        ("Merci, mais on m'a déjà dit ça hier.", "fr", "neg"),
        ("Je vous remercie, mais vous ne répondez pas à ma question.", "fr", "neg"),
        ("Thanks for your kind reply, but nothing has changed.", "en", "neg"),
        # Thanks in a question are politeness too: a request, neutral.
        ("Merci pour ces explications, je dois signer où ?", "fr", "neu"),
        ("Merci pour les détails, le technicien vient à quelle heure ?", "fr", "neu"),
        ("Thanks for the update, which form should I fill in?", "en", "neu"),
        # Polite anger, hedges, ironic thanks, rhetorical questions of neglect.
        ("Ma patience est à bout.", "fr", "neg"),
        ("Avec tout le respect que je vous dois, ce suivi laisse à désirer.", "fr", "neg"),
        ("Frankly, my patience is wearing thin.", "en", "neg"),
        ("Un grand merci pour ces deux semaines sans ligne.", "fr", "neg"),
        ("Many thanks for the six weeks without broadband.", "en", "neg"),
        ("Quelqu'un traite mon dossier, ou pas ?", "fr", "neg"),
        ("Is anybody dealing with my complaint?", "en", "neg"),
    ],
)
def test_a_customers_thanks_polite_anger_and_irony(text, lang, label):
    assert sentiment(text, lang, speaker="customer").label == label


def test_a_subject_makes_a_negated_verb_a_reproach_not_an_instruction():
    assert sentiment("Vous ne tenez jamais vos délais.", "fr", speaker="customer").label == "neg"
    instruction = "Ne rappelez pas avant lundi, je serai absente."
    assert sentiment(instruction, "fr", speaker="customer").label == "neu"


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("Je vous rappelle que l'échéance était fixée au 10.", "fr", "neg"),
        ("May I remind you that the balance was due last week.", "en", "neg"),
        ("Je vous rappelle que votre rendez-vous est demain à 9 h.", "fr", "neu"),
        ("Souhaitez-vous que je vous passe un conseiller technique ?", "fr", "neu"),
        ("Would you like me to transfer you to the sales team?", "en", "neu"),
        ("Souhaitez-vous que je vous envoie le formulaire ?", "fr", "pos"),
        ("Si le produit est défectueux, nous procéderons à l'échange.", "fr", "pos"),
        ("Dès réception du colis, je lance le remboursement.", "fr", "pos"),
        ("I can't cancel the fee, but we can split it into two payments.", "en", "pos"),
        ("Sorry, I can't share that over the phone.", "en", "pos"),
    ],
)
def test_an_agents_reminders_transfers_conditions_and_refusals(text, lang, label):
    """A reminder of a missed obligation is blame, offering a transfer is a step of the
    call, a commitment under a condition is a commitment, an apology makes a refusal kind."""
    assert sentiment(text, lang, speaker="agent").label == label
