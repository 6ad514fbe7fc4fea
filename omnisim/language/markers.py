"""Markers: the formulas the référentiels expect (greeting, reformulation, summary…) and the
candidate's register (politeness, familiarity, blame, deflection, aggressiveness).

Data per language in data/markers_<lang>.yaml: each marker is a family of variants;
matching folds case, accents, apostrophes and spacing, and wants whole words ("?" counts
as a word, so "autre chose ?" is told from "autre chose"). The same files list the
function words and interrogatives that :func:`content_words` and :func:`asks` use to read
the structure of an exchange (a question restating what the customer said).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from omnisim.language.alternation import Alternation, vocabulary
from omnisim.language.lexicon import LINES_CACHED, data_yaml, fold
from omnisim.language.match import normalise

# Recorded with an exam's analysers: raised whenever a family or the structure rules change.
VERSION = "omnisim-markers-9"

EXPECTED = (
    "greeting",
    "self_presentation",
    "service_offer",
    "reason_validation",
    "reformulation",
    "keep_informed",
    "summary",
    "next_step",
    "satisfaction_check",
    "validation_question",
    "thanks",
    "leave_taking",
    "hold_announcement",
    "empathy",
    "apology",
    "reassurance",
)
REGISTER_FAULTS = ("familiarity", "blame", "deflection", "aggressiveness")
REGISTER = ("politeness", *REGISTER_FAULTS)
MARKERS = EXPECTED + REGISTER


def _lang(lang: str) -> str:
    return lang if lang in ("fr", "en") else "fr"


@cache
def _patterns(lang: str) -> dict[str, Alternation]:
    data = data_yaml(f"markers_{lang}.yaml")
    table = {
        name: Alternation.of_phrases((fold(p) for p in data.get(name, [])), vocabulary(lang))
        for name in MARKERS
    }
    return {k: v for k, v in table.items() if v.items}


@cache
def _read(lang: str, names: tuple[str, ...]) -> tuple[tuple[str, Alternation], ...]:
    """The families ``names`` has, in its order: those a line's scan (Vocabulary.families)
    leaves possible are the only ones asked."""
    table = _patterns(lang)
    return tuple((name, table[name]) for name in names if name in table)


def _found(folded: str, lang: str, names: tuple[str, ...]) -> list[str]:
    bits = vocabulary(lang).families(folded)
    return [name for name, p in _read(lang, names) if bits & p.bit and p.matches(folded)]


@cache
def word_list(lang: str, name: str) -> frozenset[str]:
    """A word list of markers_<lang>.yaml, folded: the one reader of those lists."""
    return frozenset(fold(str(w)) for w in data_yaml(f"markers_{_lang(lang)}.yaml").get(name, []))


@lru_cache(maxsize=LINES_CACHED)  # one reading per line, whoever asks (customer, measures)
def markers(
    text: str, lang: str = "fr", *, company: str | None = None, agent_name: str | None = None
) -> tuple[str, ...]:
    """The expected formulas found in ``text``, in the order of EXPECTED.

    A message naming the company (the principal) or the agent counts as a
    self-presentation ("Cabinet Martin, bonjour"); a department anyone has ("service
    clients") or an offer of service ("je vous écoute") names no one.
    """
    folded = fold(text)
    found = _found(folded, _lang(lang), EXPECTED)
    named = [fold(n) for n in (company, agent_name) if n and fold(n)]
    if "self_presentation" not in found and any(
        re.search(rf"(?<![\w']){re.escape(n)}(?![\w'])", folded) for n in named
    ):
        found.append("self_presentation")
    return tuple(name for name in EXPECTED if name in found)


@cache
def _expected_among(names: frozenset[str]) -> tuple[str, ...]:
    return tuple(name for name in EXPECTED if name in names)


def markers_among(text: str, lang: str, names: frozenset[str]) -> tuple[str, ...]:
    """``markers(text, lang)`` of ``names`` only, no other family read: the customer's mood
    weighs six of the sixteen (engine/customer.py MARKER_BONUS), on every line they read."""
    return tuple(_found(fold(text), _lang(lang), _expected_among(names)))


@lru_cache(maxsize=65536)
def register(text: str, lang: str = "fr") -> tuple[str, ...]:
    """The register families found in ``text`` (politeness, and the faults of familiarity,
    blame, deflection, aggressiveness), in the order of REGISTER: what courtesy is judged on,
    whatever the topic."""
    return tuple(_found(fold(text), _lang(lang), REGISTER))


_ELIDED = re.compile(r"^(?:[ldjnmtsc]|qu|jusqu|lorsqu|puisqu)'")
_INVERTED = re.compile(r"-(?:vous|tu|il|elle|ils|elles|on|je|nous|t-il|t-elle|t-on)$")


def _inverted(word: str, lang: str) -> bool:
    """A verb-subject inversion ("avez-vous"), not a compound noun ("rendez-vous")."""
    return bool(_INVERTED.search(word)) and word not in word_list(_lang(lang), "compounds")


def _stem(word: str) -> str:
    word = _ELIDED.sub("", word)
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


@lru_cache(maxsize=65536)
def content_words(text: str, lang: str = "fr") -> frozenset[str]:
    """The words that carry the topic (no function words, plural s/x folded): what two
    lines must share for one to restate the other."""
    stop = word_list(_lang(lang), "function_words")
    words = (_stem(w) for w in fold(text).split() if w not in stop and not _inverted(w, lang))
    return frozenset(w for w in words if w not in stop and (len(w) > 1 or w.isdigit()))


def asks(text: str, lang: str = "fr") -> bool:
    """A question that asks for something new ("Quel jour ?", "Votre nom ?"), as opposed to
    one that restates ("Déplacer votre rendez-vous ?")."""
    words = fold(text).split()
    if not words:
        return False
    return words[0] in word_list(_lang(lang), "interrogatives") or _inverted(words[0], lang)


def possessive(text: str, lang: str = "fr") -> bool:
    """A question opening on the customer's own thing ("Votre commande … ?", "Your router … ?"):
    it asks for something new ("Votre nom ?") or gives back what they said, by what it carries."""
    words = fold(text).split()
    return bool(words) and words[0] in word_list(_lang(lang), "possessives")


_NAME = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\b")
_PERSON_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*\.?")


def people_named(text: str, lang: str = "fr") -> tuple[str, ...]:
    """The surnames ``text`` names, folded (« ma compagne, Aurélie Dumont », « la fille de
    M. Lucas »): a capitalised word after a civility or after a capitalised first name; not a
    product after a determiner (« Mon Urbano »), not a civility or a formula word."""
    lang = _lang(lang)
    civilities = word_list(lang, "civilities")
    known = word_list(lang, "function_words") | civilities | word_list(lang, "generic_names")
    words = _PERSON_WORD.findall(text)
    found = []
    for prev, word in zip(words, words[1:], strict=False):
        name = fold(word).rstrip(".")
        if not word[0].isupper() or name in known:
            continue
        before = fold(prev).rstrip(".")
        if before in civilities or (prev[0].isupper() and before not in known):
            found.append(name)
    return tuple(found)


_INVERTED = re.compile(r"-(?:t-)?(?:je|tu|il|elle|on|nous|vous|ils|elles|en)\b", re.IGNORECASE)


def first_names(
    text: str, lang: str = "fr", *, others: str = "", anywhere: bool = False
) -> tuple[str, ...]:
    """Capitalised words that can only be a person's name ("Bonjour, Julie."): not the
    line's first word (unless ``anywhere``: a signature line is a name), not after a civility
    ("Madame Petit" is the customer), not a word of the phrase families, and not in ``others``
    (the customer's own name)."""
    lang = _lang(lang)
    known = word_list(lang, "function_words") | word_list(lang, "civilities")
    known |= word_list(lang, "interrogatives") | word_list(lang, "generic_names")
    civilities = word_list(lang, "civilities")
    table = _patterns(lang)
    # « Coiff'Elle », « Saint-Aubin »: each part of a company's or customer's name is theirs
    excluded = {fold(w) for w in re.split(r"[\s'’-]+", others) if w}
    found = []
    for match in _NAME.finditer(text):
        before = fold(text[: match.start()]).split()
        word = fold(match.group(0))
        if (not before and not anywhere) or word in known or word in excluded:
            continue
        if before and before[-1] in civilities:
            continue
        if _INVERTED.match(text[match.end() :]):
            continue  # « Pouvez-vous », « Avez-vous »: a verb asking, not a name
        rest = fold(text[match.start() :])
        if any(p.match(rest) for p in table.values()):
            continue  # "Merci", "Bonne journée", "Désolée" are formulas, not names
        found.append(match.group(0))
    return tuple(found)


@cache
def _stems(lang: str) -> tuple[str, ...]:
    return tuple(sorted(word_list(lang, "reaction_stems"), key=len, reverse=True))


REACTION_ENDING = 6  # letters a word may add to its stem ("mécontent" → "mécontente")


def tells_reaction(word: str, lang: str = "fr", *, before: str = "") -> bool:
    """A folded word that says how a customer reacted ("mecontente", "furious", "rassure",
    "sympa", "pas content"); a word that is also a noun ("patiente") only after a word that
    makes it a demeanour ("tres patiente", "cliente patiente"), given as ``before``."""
    lang = _lang(lang)
    if word in word_list(lang, "reaction_words"):
        return True
    if word in word_list(lang, "reaction_qualified"):
        return before in word_list(lang, "reaction_qualifiers")
    return any(
        word.startswith(stem) and len(word) - len(stem) <= REACTION_ENDING for stem in _stems(lang)
    )


def closes_letter(line: str, lang: str = "fr") -> bool:
    """A letter's closing formula beyond the leave_taking family: the trade's abbreviation,
    alone on its line (« Cdlt, »)."""
    words = re.findall(r"[\w']+", fold(line))
    return bool(words) and " ".join(words) in word_list(_lang(lang), "closing_abbreviations")


def signs(line: str, lang: str = "fr", *, others: str = "") -> bool:
    """A signature line: a person's name ("Julie", "Karim Haddad") or a signature's words
    ("service clients", "customer service"); not the customer's own name (``others``)."""
    lang = _lang(lang)
    folded = fold(line)
    if any(
        re.search(rf"(?<![\w']){re.escape(w)}(?![\w'])", folded)
        for w in word_list(lang, "signature_words")
    ):
        return True
    return bool(first_names(line, lang, others=others, anywhere=True))


def organisation_words(*names: str, lang: str = "fr") -> frozenset[str]:
    """The words that tell one organisation from another ("Garnier", "Lefèvre")."""
    generic = word_list(_lang(lang), "generic_names") | word_list(_lang(lang), "function_words")
    return frozenset(
        w for name in names for w in fold(name).split() if len(w) >= 3 and w not in generic
    )


def named_people(text: str, lang: str = "fr") -> frozenset[str]:
    """The content words naming someone in ``text``: a civility or a title and the capitalised
    names after it ("Maître Anne Dumas", "M. Haddad"). Who acts is the démarche, not what was
    exchanged."""
    titles = word_list(_lang(lang), "civilities")
    words = re.findall(r"[\w'-]+", text)
    named: list[str] = []
    for n, word in enumerate(words):
        if fold(word) not in titles:
            continue
        named.append(word)
        for after in words[n + 1 : n + 3]:
            if not after[:1].isupper():
                break
            named.append(after)
    return content_words(" ".join(named), lang)


def says_when(text: str, lang: str = "fr") -> bool:
    """A day, a moment or a delay ("demain", "jeudi", "avant midi", "sous 48 h"): the when
    of an agreed action, beside a time of day."""
    folded = set(fold(text).split())
    return bool(folded & word_list(_lang(lang), "when_words"))


def asks_callback(text: str, lang: str = "fr") -> bool:
    """A message asking to call someone back (« merci de la rappeler », « souhaite être
    recontacté »): words starting with one of ``callback_words``, in a clause that does not
    deny it (« il ne demande pas de rappel »)."""
    lang = _lang(lang)
    denials = word_list(lang, "callback_denials")
    for clause in re.split(r"[.;:!?\n]", fold(text)):
        if set(re.findall(r"[\w']+", clause)) & denials:
            continue
        if any(
            re.search(rf"(?<![\w']){re.escape(w)}", clause)
            for w in word_list(lang, "callback_words")
        ):
            return True
    return False


def assents(text: str, lang: str = "fr") -> bool:
    """An answer that starts by agreeing (« Tout à fait », « Oui c'est ça », "Exactly"), after
    words that may lead it (« oui », « euh »)."""
    lang = _lang(lang)
    words = re.findall(r"[\w']+", fold(text))
    leads = word_list(lang, "assent_lead")
    while words and words[0] in leads:
        words = words[1:]
    start = " ".join(words)
    return any(
        start == phrase or start.startswith(phrase + " ") for phrase in word_list(lang, "assent")
    )


def asks_apology(text: str, lang: str = "fr") -> bool:
    """An instruction that tells the agent to apologise (« s'excuser », « présenter nos
    excuses »)."""
    folded = fold(text)
    return any(
        re.search(rf"(?<![\w']){re.escape(w)}(?![\w'])", folded)
        for w in word_list(_lang(lang), "apology_asked")
    )


__all__ = [
    "assents",
    "asks_callback",
    "EXPECTED",
    "MARKERS",
    "REGISTER",
    "REGISTER_FAULTS",
    "asks",
    "asks_apology",
    "content_words",
    "named_people",
    "says_when",
    "possessive",
    "signs",
    "tells_reaction",
    "first_names",
    "markers",
    "organisation_words",
    "register",
]


@cache
def interrogative_equivalents(lang: str = "fr") -> dict[str, tuple[str, ...]]:
    """An interrogative as a deck writes it → the expressions that ask it too (« quand » →
    « quelle date », « quel jour »…), folded."""
    table = data_yaml(f"markers_{_lang(lang)}.yaml").get("interrogative_equivalents", {})
    return {fold(str(k)): tuple(fold(str(v)) for v in vs) for k, vs in table.items()}


def checking_words(lang: str = "fr") -> dict[str, frozenset[str]]:
    """The words of a checking question (« Ça vous semble correct ? »): its stems and words,
    who it addresses, and the interrogatives that ask something new instead."""
    lang = _lang(lang)
    names: tuple[str, ...] = ("check_stems", "check_words", "check_noun_determiners")
    names += ("addressee_words", "open_interrogatives")
    names += ("detail_request_verbs", "request_pronouns", "whether_words")
    return {name: word_list(lang, name) for name in names}


def reason_words(lang: str = "fr") -> frozenset[str]:
    """The words by which a script step asks the reason of a contact (« motif », « raison »)."""
    return word_list(_lang(lang), "reason_words")


def identification_words(lang: str = "fr") -> frozenset[str]:
    """The words by which a script step asks an identification (« numéro », « nom »)."""
    return word_list(_lang(lang), "identification_words")


@cache
def _consent(lang: str) -> re.Pattern[str]:
    clauses = sorted(word_list(lang, "consent_clauses"), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, clauses)) + r")\s*(?:[.!)]|$)")


def leaves_to_consent(text: str, lang: str = "fr") -> bool:
    """A proposal ending on the clause that hands the choice over (« …, si vous le
    souhaitez. »); « Si vous voulez annuler, … » goes on and hands nothing over."""
    return bool(_consent(_lang(lang)).search(normalise(text)))
