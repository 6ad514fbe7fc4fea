"""The variables of a letter template: those the desk fills, and those the letter names itself.

The workspace fills the first from the customer's record, the principal, the booking, the
agent and the session (web/src/workspace/active.ts ``templateValues``); a name in their
namespaces the desk does not know is a typo (``{{ client.nmo }}``), refused. A variable of
the letter's own (``{{ frais }}``) stays highlighted for the candidate to fill, and
``key.variables`` says what it must hold. ``{{ date }}``, ``{{ objet }}`` and
``{{ reference }}`` are one word, yet the desk fills them: they are not the letter's own
(round 21's transport deck was warned that they were).
"""

from __future__ import annotations

import re

TEMPLATE_VARIABLES = frozenset(
    {
        "client.nom",
        "client.prenom",
        "client.civilite",
        "client.telephone",
        "client.email",
        "client.adresse",
        "donneur.nom",
        "donneur.adresse",
        "donneur.telephone",
        "rdv.date",
        "rdv.heure",
        "agent.nom",
        "date",
        "reference",
        "objet",
        "customer.name",
        "customer.first_name",
        "customer.last_name",
        "customer.phone",
        "customer.email",
        "customer.address",
        "principal.name",
        "principal.address",
        "principal.phone",
        "appointment.date",
        "appointment.time",
        "agent.name",
        "subject",
    }
)

# The namespaces the desk fills from the customer's record, the principal, the booking and the
# agent.
RESERVED = ("client", "agent", "rdv", "donneur", "customer", "principal", "appointment")
# A variable of the template's own naming ({{ frais }}, {{ hotel }}): one word, no namespace.
_OWN = re.compile(r"[^\W\d]\w*")


def own_variable(name: str) -> bool:
    """A variable the desk leaves highlighted for the candidate to fill (and key.variables
    says what it must hold): one word outside the reserved namespaces, that the desk does not
    fill itself."""
    return bool(_OWN.fullmatch(name)) and name not in RESERVED and name not in TEMPLATE_VARIABLES
