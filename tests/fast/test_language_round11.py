"""Sentiment classes of round 11 (issue 26): the points the README's convention was silent on,
and the constructions of the round's blind misses, read as constructions.

Phrasings found in no labelled set (``sentiment_blind6.csv`` is never copied here): other
sectors, nouns and verbs than the dev lines of the round. The guards (a rule with no advantage,
a negated gratuity, a plain question, « plus de choix », an own fact with « ni ») keep their tone.
"""

from __future__ import annotations

import pytest

from omnisim.language import sentiment

CLASSES = [
    # Favourable information and the customer's rights, from an agent: good news.
    ("La livraison est gratuite dès 50 € d'achat.", "fr", "agent", "pos"),
    ("Vous pouvez bénéficier d'un mois offert.", "fr", "agent", "pos"),
    ("The second bag is free of charge on this route.", "en", "agent", "pos"),
    ("You're entitled to a replacement handset.", "en", "agent", "pos"),
    ("La livraison n'est pas gratuite pour les meubles.", "fr", "agent", "neu"),
    ("Returns must be made within thirty days.", "en", "agent", "neu"),
    ("C'était gratuit, paraît-il.", "fr", "customer", "neu"),
    # Resignation is disappointment; « plus de choix » is no resignation.
    ("Bon, tant pis, je prendrai le bus.", "fr", "customer", "neg"),
    ("Well, I'll just have to live with it.", "en", "customer", "neg"),
    ("Il y a plus de choix en magasin ?", "fr", "customer", "neu"),
    # Doubt recalling a failure.
    ("Et le colis partira vraiment lundi, cette fois ?", "fr", "customer", "neg"),
    ("Is the courier actually coming this time?", "en", "customer", "neg"),
    # Thanks for a fault; thanks for a fix.
    ("Merci d'avoir coupé mon compteur en plein hiver.", "fr", "customer", "neg"),
    ("Thanks for ignoring my three emails.", "en", "customer", "neg"),
    ("Merci d'avoir réparé la chaudière si vite.", "fr", "customer", "pos"),
    # Neither … nor of something owed; of an own fact, no complaint.
    ("Je n'ai reçu ni l'échéancier ni le contrat.", "fr", "customer", "neg"),
    ("We've heard neither from the insurer nor from the garage.", "en", "customer", "neg"),
    # Litotes, exonerating the agent, and "less" turning a feeling word.
    ("Le repas n'était pas mal du tout.", "fr", "customer", "pos"),
    ("I'm not dissatisfied with the new tariff.", "en", "customer", "pos"),
    ("Ce n'est pas votre faute, je le sais bien.", "fr", "customer", "pos"),
    ("The new form is far less frustrating.", "en", "customer", "pos"),
    ("Le nouveau site est beaucoup moins agréable.", "fr", "customer", "neg"),
    # A charge after cancelling.
    ("J'ai résilié l'assurance et ils me prélèvent toujours.", "fr", "customer", "neg"),
    ("I closed the account but you keep charging me.", "en", "customer", "neg"),
    # Delegated commitments and written confirmations; a request noted stays a step.
    ("Je vais demander au plombier de vous appeler ce soir.", "fr", "agent", "pos"),
    ("I'll get a surveyor to visit on Thursday.", "en", "agent", "pos"),
    ("Rendez-vous confirmé jeudi à 15 h au centre de Lyon.", "fr", "agent", "pos"),
    ("Votre demande de rappel est enregistrée.", "fr", "agent", "neu"),
    # Rhetorical questions that press or reproach; a plain question stays neutral.
    ("Vous trouvez logique de payer deux fois le même trajet ?", "fr", "customer", "neg"),
    ("Vous prévoyez de me rembourser un jour ?", "fr", "customer", "neg"),
    ("Haven't you read the terms before ordering?", "en", "agent", "neg"),
    ("Vous pensez passer vers quelle heure ?", "fr", "customer", "neu"),
    # Thanks over a fault stay sarcasm, whatever praise words surround them; an agent's
    # acknowledgement (« bien pris en compte ») is a step; sending the customer away is deflection.
    ("Many thanks for ignoring my letters, so appreciated.", "en", "customer", "neg"),
    ("Thanks for fixing it, really appreciated.", "en", "customer", "pos"),
    ("Votre résiliation est bien prise en compte.", "fr", "agent", "neu"),
    ("C'est l'assureur qu'il faut joindre, pas nous.", "fr", "agent", "neg"),
    # Procedure in the imperative stays neutral; regret in a refusal is no apology.
    ("Déposez le véhicule au garage avant 9 h.", "fr", "agent", "neu"),
    ("Malheureusement, le modèle n'est plus fabriqué.", "fr", "agent", "neu"),
]


@pytest.mark.parametrize(("text", "lang", "speaker", "label"), CLASSES)
def test_round_11_classes(text, lang, speaker, label):
    assert sentiment(text, lang, speaker=speaker).label == label
