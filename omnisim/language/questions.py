"""What a question to the caller does, sentence by sentence: offer more help, check that they
manage what was explained, or ask for something new; and the words of the talk around the
information (agreement, understanding), which carry none of it.

CP FFP C1 « s'assure de la satisfaction de l'appelant », C3 « en fait valider la bonne
compréhension par l'appelant », MC ACVD C1.5 « ses réactions confirment la compréhension du
message ». The word lists are data, per language, in data/markers_<lang>.yaml (more_words,
help_words, ability_checks, interrogative_determiners, and the checking words of
omnisim/measures/exchange.py's ``checks_with_caller``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from omnisim.language.lexicon import fold
from omnisim.language.markers import asks, word_list
from omnisim.language.match import is_question, statements

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_LETTERS = re.compile(r"[a-z]+")


def _tokens(text: str) -> list[str]:
    return _LETTERS.findall(fold(text))


def questions(text: str) -> list[str]:
    """The sentences of ``text`` that are questions (« Je m'en occupe. Quelle est votre
    date de naissance ? » → the second only)."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s and is_question(s)]


def asks_open(sentence: str, lang: str = "fr") -> bool:
    """The sentence holds an interrogative that asks for something new (« quelle »,
    « quand », « combien »…): « Je vous envoie un technicien, c'est à quelle adresse ? »."""
    return bool(set(_tokens(sentence)) & set(word_list(lang, "open_interrogatives")))


def offers_more(text: str, lang: str = "fr") -> bool:
    """A question offering more help, in any words: a word of « more » and a word of help
    (« Vous avez une autre question ? », « Autre chose que je puisse faire pour vous ? »,
    « Je peux encore vous renseigner sur quelque chose ? »); « Vous avez un autre numéro ? »
    asks for information."""
    more, help_ = set(word_list(lang, "more_words")), set(word_list(lang, "help_words"))
    for sentence in questions(text):
        tokens = set(_tokens(sentence))
        if tokens & more and tokens & help_:
            return True
    return False


# How far into the question the proposal may start (« Alors, je vous le réserve ? »).
PROPOSAL_START_MAX = 2


def proposes(text: str, lang: str = "fr") -> bool:
    """A solution put to the caller as a closed question in the first person, which they
    accept or refuse (« Je lui dis de vous rappeler ? », « On vous rappelle dès qu'il sort ? »):
    CP FFP C3 « propose une solution et en fait valider la bonne compréhension »; not one
    asking for something new (« Je vous rappelle à quel numéro ? », « Je vous demande la
    date ? »)."""
    subjects = set(word_list(lang, "proposal_subjects"))
    objects = set(word_list(lang, "proposal_objects"))
    asking = word_list(lang, "proposal_asking_stems")
    # « pour qu'il vous rappelle », « le technicien qui passe » join a clause, ask nothing
    asking_words = set(word_list(lang, "open_interrogatives")) - word_list(lang, "proposal_joins")
    for sentence in questions(text):
        tokens = _tokens(sentence)
        if set(tokens) & asking_words:
            continue
        for n in range(min(PROPOSAL_START_MAX + 1, len(tokens) - 2)):
            if tokens[n] in subjects and tokens[n + 1] in objects:
                k = n + 1
                while k < len(tokens) and tokens[k] in objects:
                    k += 1
                verb = " ".join(tokens[k:])  # the verb the pronouns lead to
                if verb and not any(verb.startswith(stem) for stem in asking):
                    return True
                break
    return False


def asks_ability(sentence: str, lang: str = "fr") -> bool:
    """A closed question on whether the caller manages what was explained (« Vous arrivez à
    la télécharger ? », « Vous avez réussi à vous connecter ? », « Ça fonctionne de votre
    côté ? »), not one asking something new (« Vous arrivez à quelle heure ? »)."""
    if not is_question(sentence) or asks_open(sentence, lang):
        return False
    said = f" {' '.join(_tokens(sentence))} "
    return any(f" {phrase} " in said for phrase in word_list(lang, "ability_checks"))


def by_interrogative(phrases: Iterable[str], lang: str = "fr") -> tuple[str, ...]:
    """A deck's phrase with the customer's possessive (« votre adresse ») said with each
    interrogative instead (« quelle adresse », « quel adresse »…): both ask it."""
    possessives = set(word_list(lang, "possessives"))
    out: list[str] = []
    for phrase in phrases:
        words = fold(phrase).split()
        if not possessives & set(words):
            continue
        for asked in word_list(lang, "interrogative_determiners"):
            out.append(" ".join(asked if w in possessives else w for w in words))
    return tuple(out)


def talk_word(word: str, lang: str = "fr") -> bool:
    """A word of agreement or understanding (« va », « parfait », « compris », « d'accord »):
    the talk around the information, never information the customer communicated."""
    stems = word_list(lang, "check_stems")
    return word in word_list(lang, "check_words") or any(word.startswith(s) for s in stems)


def stated(text: str, lang: str = "fr", written: bool = False) -> str:
    """The statements of a send (omnisim.language.match.statements) when its questions only
    close it, offering more help or checking (« … il vous rappelle dans l'heure. Vous êtes
    bien au 4 allée des Cèdres ? »); "" when one asks for something new in a conversation
    (« Mercredi vers 10 h, je note. C'était pour quel animal ? »): the exchange goes on, the
    step is not stated yet (hand5_cqp_plateau_atlantique weak, synthèse non acquise). A
    written reply is whole: its question for a missing detail leaves its statements standing."""
    said = statements(text)
    if written or said == text:
        return said
    for sentence in questions(text):
        if (asks(sentence, lang) or asks_open(sentence, lang)) and not offers_more(sentence, lang):
            return ""
    return said
