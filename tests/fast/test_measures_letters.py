"""MC ACVD C3.3 template letters: the template the key names is the one sent, and every
variable holds the customer's record value (letter_template, letter_variables)."""

from __future__ import annotations

from dataclasses import replace

from omnisim import events as ev
from omnisim.deck.model import Customer, Template
from omnisim.measures import letters
from tests.fast.measure_log import CrmRecord, Log, contact, deck

RETURN = Template(
    "accord-retour",
    "Accord de retour",
    "email",
    "Bonjour {{ client.civilite }} {{ client.nom }},\n\n"
    "Nous avons bien reçu votre demande de retour pour la commande {{ reference }}.\n"
    "Vous trouverez ci-joint votre étiquette de retour prépayée ;\n"
    "le remboursement interviendra sous 10 jours après réception de l'article.\n\n"
    "Avez-vous d'autres questions ? Nous restons à votre écoute.\n\n"
    "Merci de votre confiance et bonne journée,\n"
    "{{ agent.nom }}, service clients {{ donneur.nom }}\n",
    ("client.civilite", "client.nom", "reference", "agent.nom", "donneur.nom"),
)
SORRY = Template(
    "excuses-colis",
    "Excuses pour un colis abîmé",
    "email",
    "Bonjour {{ client.civilite }} {{ client.nom }},\n\n"
    "Nous sommes désolés que votre commande {{ reference }} vous soit parvenue abîmée.\n"
    "Un nouvel article vous est envoyé sans frais sous 48 heures.\n\n"
    "Avez-vous d'autres questions ? Nous restons à votre écoute.\n\n"
    "Merci de votre confiance et bonne journée,\n"
    "{{ agent.nom }}, service clients {{ donneur.nom }}\n",
    ("client.civilite", "client.nom", "reference", "agent.nom", "donneur.nom"),
)
RECORD = CrmRecord("r-caron", "Caron", "Élodie", principal="cabinet")
VALUES = {
    "client.civilite": "Madame",
    "client.nom": "Caron",
    "reference": "CMD-88412",
    "agent.nom": "Julie",
    "donneur.nom": "Cabinet Martin",
}


def fill(template: Template, values: dict[str, str]) -> str:
    text = template.body
    for name, value in values.items():
        text = text.replace("{{ " + name + " }}", value)
    return text


def played(
    *texts: str,
    template: str = "accord-retour",
    edits: dict[str, str] | None = None,
    variables: dict[str, str | tuple[str, ...]] | None = None,
):
    """One e-mail contact of r-caron whose key names ``template``, answered with ``texts``."""
    log = Log()
    log.offer(0, "retour", "email")
    log.pick(1, "retour")
    if edits:
        log.add(2, "candidate", ev.CrmRecordUpdated("r-caron", edits, "retour"))
    for i, text in enumerate(texts):
        log.say(3 + i, "retour", text, "email")
    customer = Customer(name="Élodie Caron", record="r-caron")
    keyed = contact("retour", "email", template=template, variables=variables or {})
    retour = replace(keyed, customer=customer)
    the_deck = replace(deck(retour, crm=(RECORD,)), templates=(RETURN, SORRY))
    return log, log.context(the_deck)


def test_the_right_template_filled_from_the_record_passes_both():
    log, ctx = played(fill(RETURN, VALUES))
    chosen = letters.letter_template(ctx)
    assert chosen.passed is True and chosen.value == {"retour": "accord-retour"}
    filled = letters.letter_variables(ctx)
    assert filled.passed is True
    assert [e.seq for e in filled.evidence] == [log.events[-1].seq]  # the message cited


def test_rewrapped_edited_and_unaccented_letters_are_still_recognised():
    text = fill(RETURN, {**VALUES, "client.nom": "CARON"})
    text = text.replace(" ;\nle remboursement", " ; le remboursement")  # rewrapped
    text = text.replace("Vous trouverez ci-joint", "Veuillez trouver ci-joint")  # one line edited
    text = text.replace("étiquette", "etiquette")
    _, ctx = played(text)
    assert letters.letter_template(ctx).passed is True
    assert letters.letter_variables(ctx).passed is True


def test_a_placeholder_left_fails_and_names_it():
    log, ctx = played(fill(RETURN, {k: v for k, v in VALUES.items() if k != "client.nom"}))
    assert letters.letter_template(ctx).passed is True  # the right letter, badly filled
    result = letters.letter_variables(ctx)
    assert result.passed is False
    assert "{{ client.nom }}" in result.value[f"#{log.events[-1].seq}"]
    (note,) = [e for e in result.evidence if e.note.key == "note.letter_unfilled"]
    assert note.seq == log.events[-1].seq


def test_a_wrong_customer_name_fails_citing_the_message():
    log, ctx = played(fill(RETURN, {**VALUES, "client.nom": "Dupont"}))
    result = letters.letter_variables(ctx)
    assert result.passed is False
    assert result.value[f"#{log.events[-1].seq}"] == "client.nom"
    (note,) = result.evidence
    assert note.seq == log.events[-1].seq and note.note.key == "note.letter_wrong_value"
    assert "Caron" in str(dict(note.note.params)["expected"])


def test_a_slot_holding_another_value_than_the_keys_fails_naming_it():
    """key.variables: the desk pre-filled the reference with the mail's subject; the evidence
    names the variable, what the letter holds there and what the key expected."""
    text = fill(RETURN, {**VALUES, "reference": "Retour d'un composteur"})
    log, ctx = played(text, variables={"reference": ("CMD-88412", "88412")})
    result = letters.letter_variables(ctx)
    assert result.passed is False
    assert result.value[f"#{log.events[-1].seq}"] == "reference"
    (note,) = result.evidence
    assert note.note.key == "note.letter_variable_wrong" and note.seq == log.events[-1].seq
    params = dict(note.note.params)
    assert params["variable"] == "reference" and params["written"] == "Retour d'un composteur"
    assert params["expected"] == "CMD-88412 / 88412"
    # The right value, in capitals: the key's values are read past case and spacing.
    _, ctx = played(
        fill(RETURN, {**VALUES, "reference": "cmd-88412"}), variables={"reference": "CMD-88412"}
    )
    assert letters.letter_variables(ctx).passed is True
    # The key says nothing of the reference: anything there passes, as before.
    _, ctx = played(text)
    assert letters.letter_variables(ctx).passed is True


def test_the_key_value_of_a_record_variable_overrides_the_record():
    _, ctx = played(
        fill(RETURN, {**VALUES, "client.nom": "Caron-Lenoir"}),
        variables={"client.nom": "Caron-Lenoir"},
    )
    assert letters.letter_variables(ctx).passed is True


def test_the_record_as_the_candidate_corrected_it_is_the_truth():
    _, ctx = played(fill(RETURN, VALUES), edits={"last_name": "Caron-Lenoir"})
    assert letters.letter_variables(ctx).passed is False
    _, ctx = played(
        fill(RETURN, {**VALUES, "client.nom": "Caron-Lenoir"}), edits={"last_name": "Caron-Lenoir"}
    )
    assert letters.letter_variables(ctx).passed is True


def test_the_wrong_template_fails_the_choice_not_the_filling():
    log, ctx = played(fill(SORRY, VALUES))
    chosen = letters.letter_template(ctx)
    assert chosen.passed is False and chosen.value == {"retour": ""}
    (note,) = chosen.evidence
    assert note.seq == log.events[-1].seq
    assert dict(note.note.params)["used"] == "Excuses pour un colis abîmé"
    assert letters.letter_variables(ctx).passed is True  # the letter sent is well filled


def test_a_free_text_reply_uses_no_template():
    _, ctx = played("Bonjour Madame Caron, votre retour est accepté. Bonne journée, Julie")
    assert letters.letter_template(ctx).passed is False
    assert letters.letter_variables(ctx).passed is None  # no message built from a template


def test_nothing_to_judge_without_a_template_named_or_used():
    log = Log()
    log.offer(0, "c")
    log.pick(1, "c")
    log.say(2, "c", "Bonjour, je regarde votre dossier.")
    ctx = log.context(replace(deck(contact("c")), templates=(RETURN,)))
    assert letters.letter_template(ctx).passed is None
    assert letters.letter_variables(ctx).passed is None
