"""The phrase families the measures read (omnisim/language/data/markers_<lang>.yaml): every
variant of every family is found inside a sentence, in French and English, and the register
families leave the topic alone."""

from __future__ import annotations

import pytest

from omnisim.language.lexicon import data_yaml, fold
from omnisim.language.markers import (
    EXPECTED,
    REGISTER,
    asks,
    asks_apology,
    content_words,
    markers,
    named_people,
    register,
    says_when,
)

FAMILIES = [
    (lang, family, phrase)
    for lang in ("fr", "en")
    for family in EXPECTED + REGISTER
    for phrase in data_yaml(f"markers_{lang}.yaml").get(family, [])
]


def found(text: str, lang: str) -> tuple[str, ...]:
    return markers(text, lang) + register(text, lang)


@pytest.mark.parametrize(("lang", "family", "phrase"), FAMILIES)
def test_every_variant_is_found_inside_a_sentence(lang, family, phrase):
    assert fold(phrase), (family, phrase)  # nothing that folds away to an empty pattern
    before, after = ("Alors", "pour le dossier.") if lang == "fr" else ("Well", "for the file.")
    text = f"{before}, {phrase} {after}" if not phrase.endswith("?") else f"{before}, {phrase}"
    assert family in found(text, lang), text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_family_has_variants_in_both_languages(lang):
    data = data_yaml(f"markers_{lang}.yaml")
    for family in EXPECTED + REGISTER:
        assert len(data.get(family, [])) >= 3, (lang, family)


@pytest.mark.parametrize(
    ("text", "lang", "family"),
    [
        ("Si je comprends bien, vous souhaitez déplacer le rendez-vous ?", "fr", "reformulation"),
        ("Est-ce clair pour vous ?", "fr", "validation_question"),
        ("Avez-vous besoin d'autre chose ?", "fr", "satisfaction_check"),
        ("Autre chose ?", "fr", "satisfaction_check"),
        ("Maître Benali vous rappellera demain.", "fr", "next_step"),
        ("Cordialement, Julie", "fr", "leave_taking"),
        ("Je vérifie.", "fr", "keep_informed"),
        ("Is that clear?", "en", "validation_question"),
        ("Do you need anything else?", "en", "satisfaction_check"),
        ("A technician will call you back within 48 hours.", "en", "next_step"),
        ("Tu veux quoi ?", "fr", "familiarity"),
        ("Ce n'est pas à moi de gérer ça.", "fr", "deflection"),
        ("Vous auriez dû vérifier.", "fr", "blame"),
        ("That's not how it works.", "en", "deflection"),
        ("You should have checked.", "en", "blame"),
    ],
)
def test_formulas_of_the_issue(text, lang, family):
    assert family in found(text, lang)


@pytest.mark.parametrize(
    "text",
    [
        "Avez-vous coupé l'eau ?",
        "Le rendez-vous de 14 h est annulé.",
        "Un dégât des eaux dans la cuisine.",
        "Fermez le robinet, cela arrêtera la fuite.",
        "Appelez immédiatement le 15.",
        "Je ne peux pas communiquer d'informations confidentielles.",
        "Votre facture est contestée, le montant est erroné.",
    ],
)
def test_the_topic_is_not_the_register(text):
    assert not {"familiarity", "blame", "deflection", "aggressiveness"} & set(register(text, "fr"))


def test_restating_and_asking_questions_are_told_apart():
    assert asks("Quel jour ?", "fr") and asks("Votre nom ?", "fr") and asks("Avez-vous un RIB ?")
    assert not asks("Déplacer un rendez-vous ?", "fr")
    assert asks("What is your name?", "en") and not asks("Move your appointment?", "en")
    assert content_words("Je voudrais déplacer mon rendez-vous.", "fr") == {
        "deplacer",
        "rendez-vou",
    }
    assert content_words("Avez-vous coupé l'eau ?", "fr") == {"coupe", "eau"}


@pytest.mark.parametrize(
    ("word", "lang", "told"),
    [
        ("mecontente", "fr", True),
        ("furieuse", "fr", True),
        ("apaisee", "fr", True),
        ("rassure", "fr", True),
        ("contentieux", "fr", False),  # a file, not a mood
        ("ravitaillement", "fr", False),  # too far past the stem "ravi"
        ("reclamation", "fr", False),  # the matter, not how the customer took it
        ("annoyed", "en", True),
        ("reassured", "en", True),
        ("shipped", "en", False),
    ],
)
def test_words_that_tell_a_customers_reaction(word, lang, told):
    from omnisim.language.markers import tells_reaction

    assert tells_reaction(word, lang) is told


@pytest.mark.parametrize(
    ("line", "lang", "signed"),
    [
        ("Julie", "fr", True),
        ("Karim Haddad", "fr", True),
        ("Julie, service clients", "fr", True),
        ("Le service adhérents", "fr", True),
        ("Bien cordialement,", "fr", False),
        ("Bonne journée.", "fr", False),
        ("Madame Roy", "fr", False),  # the customer, addressed
        ("Tom", "en", True),
        ("Green Home customer service", "en", True),
        ("Kind regards,", "en", False),
    ],
)
def test_a_signature_line_names_someone_or_a_service(line, lang, signed):
    from omnisim.language.markers import signs

    assert signs(line, lang, others="Chantal Roy") is signed


def test_a_first_name_may_open_a_signature_line_only_when_asked():
    from omnisim.language.markers import first_names

    assert first_names("Julie", "fr") == ()
    assert first_names("Julie", "fr", anywhere=True) == ("Julie",)
    assert first_names("Madame Roy", "fr", anywhere=True) == ()


def test_who_will_act_is_named_apart_from_what_was_exchanged():
    assert named_people("Maître Anne Dumas vous rappellera.") == {"maitre", "anne", "duma"}
    assert named_people("M. Karim Haddad vous rappelle pour le T3.") == {"karim", "haddad"}
    assert named_people("Le vaccin de Praline est noté.") == frozenset()
    assert says_when("Maître Dumas vous rappellera demain.")
    assert says_when("The doctor will call you back on Friday.", "en")
    assert not says_when("Maître Dumas vous rappellera.")


def test_an_instruction_asking_for_an_apology_is_recognised():
    assert asks_apology("Réclamation d'un locataire : s'excuser, recueillir le bail.")
    assert asks_apology("En cas de réclamation, présenter nos excuses au client.")
    assert asks_apology("Complaint: apologise, then transfer to the manager.", "en")
    assert not asks_apology("Réclamation : recueillir la référence, transférer au comptable.")
