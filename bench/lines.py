"""Realistic candidate lines for the benches: what an agent writes in a contact centre.

Kinds as a candidate sends them (greetings, questions about the request, identity
questions, recaps, apologies, hold announcements, next steps, statements, refusals,
goodbyes: 10–20 words each) and e-mails of 100–200 words for the e-mail contacts. Drawn
from a seed, every line is new (slots filled from lists), so that no per-text cache of
the engine answers for it. ``python bench/lines.py --json N > lines.json`` writes a
sample for the load generator (bench/node/generator.js).
"""

from __future__ import annotations

import argparse
import json
import random

NAMES = ("Julie", "Karim", "Sophie", "Thomas", "Nadia", "Lucas", "Camille", "Mehdi")
CLIENTS = ("Madame Roux", "Monsieur Petit", "Madame Lefèvre", "Monsieur Garnier", "Madame Diallo")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
MONTHS = ("janvier", "mars", "avril", "mai", "juin", "septembre", "octobre", "novembre")
THINGS = (
    "votre rendez-vous",
    "votre commande",
    "votre facture",
    "votre contrat",
    "votre dossier",
    "la livraison",
    "votre remboursement",
    "l'intervention du technicien",
)
SERVICES = ("le service facturation", "le service technique", "mon responsable", "le SAV")

KINDS: dict[str, tuple[str, ...]] = {
    "greeting": (
        "Bonjour {client}, {name} du service clients, que puis-je faire pour vous aujourd'hui ?",
        "Bonjour et bienvenue, je m'appelle {name}, en quoi puis-je vous aider pour {thing} ?",
    ),
    "question": (
        "Pouvez-vous me préciser la date à laquelle vous avez reçu {thing}, s'il vous plaît ?",
        "D'accord, et depuis quand rencontrez-vous ce problème avec {thing} exactement ?",
        "Avez-vous déjà contacté nos services à ce sujet avant aujourd'hui, {client} ?",
        "Quel créneau vous conviendrait le mieux pour {thing}, le matin ou l'après-midi ?",
    ),
    "identity": (
        "Pour retrouver {thing}, pouvez-vous me donner votre numéro de dossier s'il vous plaît ?",
        "Pourriez-vous me confirmer votre nom et votre adresse e-mail pour que je vérifie ?",
    ),
    "recap": (
        "Je récapitule : {thing} est déplacé au {day} {n} {month} à {h} h, c'est bien cela ?",
        "Si je comprends bien, {thing} n'est pas arrivé et vous attendez depuis {n} jours ?",
    ),
    "apology": (
        "Je suis vraiment désolé pour ce désagrément {client}, je comprends votre agacement.",
        "Toutes nos excuses pour ce contretemps, je comprends que ce soit pénible pour vous.",
    ),
    "hold": (
        "Je vais vérifier {thing} dans notre système, pouvez-vous patienter un instant ?",
        "Je me renseigne auprès de {service}, je reviens vers vous dans deux minutes.",
    ),
    "next_step": (
        "Je transmets votre demande à {service} qui vous rappellera avant {day} midi.",
        "Vous recevrez une confirmation par e-mail dans l'heure, avec le nouveau créneau du {day}.",
    ),
    "statement": (
        "Le technicien peut passer {day} {n} {month} entre {h} h et {h2} h à votre domicile.",
        "Votre remboursement a bien été validé, il apparaîtra sous {n} jours sur votre compte.",
    ),
    "refusal": (
        "Je ne peux malheureusement pas vous communiquer cette information par téléphone.",
        "Je suis navré mais ce n'est pas possible d'annuler {thing} après la date limite.",
    ),
    "goodbye": (
        "Je vous en prie {client}, merci de votre appel et excellente journée, au revoir.",
        "Y a-t-il autre chose que je puisse faire pour vous ? Bonne fin de journée.",
    ),
}
CHAT = tuple(KINDS)
EMAIL_PARTS = (
    "Nous avons bien reçu votre message concernant {thing} et nous vous remercions de "
    "votre patience.",
    "Je comprends tout à fait votre mécontentement et je vous présente nos excuses pour "
    "la gêne occasionnée.",
    "Après vérification dans votre dossier, {thing} a été enregistré le {day} {n} {month} "
    "mais une erreur de saisie a retardé son traitement.",
    "J'ai transmis votre demande à {service}, qui a pris en charge la correction dès ce matin.",
    "Vous recevrez une confirmation écrite sous {n} jours ouvrés, et un geste commercial "
    "sera appliqué sur votre prochaine facture.",
    "Si vous souhaitez un autre créneau, il vous suffit de répondre à ce message en "
    "indiquant vos disponibilités.",
    "Pour toute question, notre service clients reste joignable du lundi au samedi de "
    "{h} h à {h2} h.",
    "Je reste à votre disposition et vous tiendrai informé de l'avancement de votre demande.",
)


def _fill(template: str, rng: random.Random) -> str:
    h = rng.randint(8, 16)
    return template.format(
        name=rng.choice(NAMES),
        client=rng.choice(CLIENTS),
        day=rng.choice(DAYS),
        month=rng.choice(MONTHS),
        thing=rng.choice(THINGS),
        service=rng.choice(SERVICES),
        n=rng.randint(2, 28),
        h=h,
        h2=h + 2,
    )


def chat_line(rng: random.Random, kind: str | None = None) -> str:
    """One chat or phone line of ``kind`` (any kind when None), 10–20 words."""
    return _fill(rng.choice(KINDS[kind or rng.choice(CHAT)]), rng)


def email(rng: random.Random) -> str:
    """An e-mail reply of 100–200 words: a greeting, body paragraphs, a signature."""
    parts = [f"Bonjour {rng.choice(CLIENTS)},"]
    body = list(EMAIL_PARTS)
    rng.shuffle(body)
    while len(" ".join(parts).split()) < rng.randint(100, 170):
        parts.append(_fill(body.pop() if body else rng.choice(EMAIL_PARTS), rng))
    parts.append(f"Cordialement, {rng.choice(NAMES)}, service clients.")
    return "\n\n".join(parts)


def sample(n: int, seed: int = 25) -> dict[str, list[str]]:
    rng = random.Random(seed)
    return {"chat": [chat_line(rng) for _ in range(n)], "email": [email(rng) for _ in range(n)]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=int, default=20, help="lines of each kind")
    print(json.dumps(sample(parser.parse_args().json), ensure_ascii=False))
