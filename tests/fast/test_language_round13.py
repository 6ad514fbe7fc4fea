"""Sentiment classes of round 13 (issue 26): the points the README's convention was silent on
after blind8, and the constructions of blind8's first-score misses, read as constructions.

Phrasings found in no labelled set (``sentiment_blind8.csv`` is never copied here): other
sectors, nouns and verbs than the round's dev lines. The guards (a negated visit, a fee included,
thanks after « pas grave », a refusal with a way out) keep their tone.
"""

from __future__ import annotations

import pytest

from omnisim.language import sentiment

CLASSES = [
    # A third party announced by the agent, in the future: a commitment; negated, news.
    ("Le couvreur passera vendredi pour bâcher le toit.", "fr", "agent", "pos"),
    ("J'ai relancé la vétérinaire, elle vous rappellera ce soir.", "fr", "agent", "pos"),
    ("The glazier will come round on Monday morning.", "en", "agent", "pos"),
    ("Le couvreur ne passera pas avant la fin de la tempête.", "fr", "agent", "neu"),
    # An agent's « merci de + infinitive » is an instruction; « merci de m'avoir … » thanks.
    ("Merci de laisser le portail ouvert le jour de la livraison.", "fr", "agent", "neu"),
    ("Pas de souci, merci de m'avoir tenue au courant.", "fr", "customer", "pos"),
    # A rule stated (« à l'avance » a delay) stays neutral; a rule that holds an advantage is
    # good news, unless what it includes is a fee.
    ("Les ateliers annulés moins de 72 h à l'avance sont facturés.", "fr", "agent", "neu"),
    ("Le pass annuel comprend l'accès au sauna.", "fr", "agent", "pos"),
    ("Your ticket comes with a free drink on board.", "en", "agent", "pos"),
    ("The quote includes a call-out fee of 40 pounds.", "en", "agent", "neu"),
    # A dismissal after an apology; laughter with no target.
    ("Navré, mais c'est ainsi, point final.", "fr", "agent", "neg"),
    ("Sorry, it is what it is.", "en", "agent", "neg"),
    ("ptdr vas-y je teste", "fr", "customer", "neu"),
    # Relief then the wait reproached, no linking word.
    ("Enfin ! Six semaines pour une carte grise.", "fr", "customer", "neg"),
    ("Finally! Ten days for a library card.", "en", "customer", "neg"),
    # A demand for redress; a fact then « que dois-je faire ? »; self-mockery; a choice.
    ("Je veux mon argent, pas un avoir.", "fr", "customer", "neg"),
    ("Mon badge ne marche pas au portique, que dois-je faire ?", "fr", "customer", "neu"),
    ("Me and spreadsheets, it's a long story.", "en", "customer", "neu"),
    ("Je ne souhaite pas reconduire l'assurance du scooter.", "fr", "customer", "neu"),
    # Resignation said as a plan; still missing after a length.
    ("Bon, il faudra bien qu'on reporte le mariage.", "fr", "customer", "neg"),
    ("I suppose I'll just walk, then.", "en", "customer", "neg"),
    ("My passport is still missing after two weeks.", "en", "customer", "neg"),
    # A right to ask for; a deflection: a negation about oneself, then « call elsewhere ».
    ("Vous pouvez réclamer une indemnisation pour le vol annulé.", "fr", "agent", "pos"),
    ("Les badges, ça ne passe pas par nous, voyez avec la sécurité.", "fr", "agent", "neg"),
    ("Lost property isn't handled here, ring the depot.", "en", "agent", "neg"),
    (
        "Je ne peux pas annuler la commande, mais vous pouvez la refuser au livreur.",
        "fr",
        "agent",
        "neu",
    ),
]


@pytest.mark.parametrize(("text", "lang", "speaker", "label"), CLASSES)
def test_round_13_classes(text, lang, speaker, label):
    assert sentiment(text, lang, speaker=speaker).label == label
