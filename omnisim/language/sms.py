"""SMS-language detector, French and English: lexicons as data, patterns, a dictionary.

A token is SMS language when it is in the SMS lexicon of either language (a French
chat writes "pls" and "np" too; ``not_sms`` keeps real words out), whatever its case
("Thx", "Slt" at the start of a sentence, "MDR"), unless it is a professional
abbreviation (``sms_clean.yaml``: RDV, SAV, Réf., Mme, n°, 14 h…). Patterns catch
what a list cannot: letter-digit rebus ("2m1", "g8"), phonetic elisions before a
consonant ("j'vais", "t'sais"), letters or "!"/"?" repeated ("merciii", "!!!"),
emoticons and emoji. A lowercase word that neither French nor English spelling
word lists know (pyspellchecker's, in ``data/spelling_*``; accents ignored) is a phonetic or
shortened spelling ("rapel", "ojourd'hui", "chépa"). Dates, times, prices, units
after a number, e-mail addresses and links are never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache

from omnisim.language.lexicon import LINES_CACHED, data_yaml
from omnisim.language.match import normalise
from omnisim.language.spelling import spelling_list

_TOKEN = re.compile(r"[^\s.,;:!?()\"«»\u00a0\u202f/…]+")
_LINK = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|\b[\w-]+\.(?:fr|com|net|org|eu|io)\b", re.I)
# What any link has (an @, a scheme's « :// », www., a dot before two letters): most lines
# have none. Case-sensitive, so that ``re`` skips to its first characters; the letters are
# those IGNORECASE matches (« ı », « İ », « ſ », the Kelvin sign fold to ASCII ones).
_LINK_HINT = re.compile(r"@|://|w[wW]{2}\.|W[wW]{2}\.|\.[a-zA-Z\u0130\u0131\u017f\u212a]{2}")
_REBUS = re.compile(r"^(?:\d+[a-z]+\d*[a-z]*|[a-z]+\d+[a-z\d]*)$")
_NOT_REBUS = re.compile(
    r"^(?:\d+(?:er|ere|eme|e|nd|nde|d|h|h\d{2}|min|mn|s|j|km|kg|g|mg|cm|mm|m|l|ml|cl|eur|ht|ttc"
    r"|go|mo|ko|gb|mb|x|k|ans|an|mois|pm|am|st|th|rd|hrs?|mins?|sec|p|pcs)|[a-z]{1,3}\d{1,4}"
    r"|mp\d|h\d{2}|\d+[a-z]\d*)$"
)
_NUMBER = re.compile(r"^[\d.,:h€£$%+-]+$")
_REPEATED = re.compile(r"([a-z])\1\1")
_REPEATED_OK = frozenset({"www", "xxx", "iii", "zzz"})
_PUNCT_RUN = re.compile(r"[!?]\s?[!?]+")
# Not after a letter, a digit or a slash: said after an emoticon's first character (« (?<![\w/].)
# »), each alternative opening on one character, so that re skips along the line to those.
_NOT_AFTER = r"(?<![\w/].)"
_EMOTICON = re.compile(
    "(?:"
    + "|".join(
        [
            *(rf"{c}{_NOT_AFTER}[-'^o]?[)(\]\[dpPD3|/\\oO]+" for c in ":;=8"),
            *(rf"{c}{_NOT_AFTER}[dD]+" for c in "xX"),
            rf"\^{_NOT_AFTER}\^",
            rf"<{_NOT_AFTER}3",
            rf":{_NOT_AFTER}'\(",
        ]
    )
    + r")(?![\w/])"
)
_FOOTNOTE = re.compile(r"[*\u00b2\u00b3\u00b9\u2070-\u209f]+$")
_FOOT_CHARS = frozenset("*\u00b2\u00b3\u00b9" + "".join(map(chr, range(0x2070, 0x20A0))))
_EMOJI = re.compile("[\U0001f300-\U0001faff\u263a\u2639\u2665\u2764\u2b50]")
_ELISIONS = frozenset({"l", "d", "j", "m", "t", "s", "n", "c", "qu", "jusqu", "lorsqu", "puisqu"})
_PHONETIC_START = re.compile(r"^(?:j[bcdfgjklmnpqrstvz][a-z]*|k[aeiouy][a-z]*|ch[ue]i[a-z]*)$")
_J_CONSONANT = re.compile(r"^j[bcdfgklmnpqrstvz][a-z]+$")
_ELIDED_GLUED = re.compile(r"^(j|l|d|m|t|s|n|c|qu|jusqu|lorsqu)([aeiouyh][a-z]{2,})$")
_VOWELS = set("aeiouy")
SHORT_WORD = 6  # shortened and phonetic spellings are short words
PLURAL_STEM = 3  # letters a word needs before its plural's -s or -x is read as one
# What follows a first name that opens a line: a comma (« Karine, à votre écoute »), or the
# words of a presentation (« Kenza du service clients », « Keeley here », « … speaking »).
_NAMED = re.compile(
    r"\s*(?:,|(?:à|a) (?:votre|l'|l’)|du |de la |de l'|de l’|pour vous|je vous|"
    r"speaking|here\b|from |at your|calling)",
    re.IGNORECASE,
)
SMS_ANALYSER = "omnisim-sms-4+{}"


@dataclass(frozen=True)
class _Lexicon:
    tokens: frozenset[str]
    elided: frozenset[str]
    raw: tuple[tuple[str, re.Pattern[str]], ...]  # pieces read on the raw line (« a+ »)
    clean: frozenset[str]
    caps_ok: frozenset[str]
    dictionary: AbstractSet[str]


_LATIN = str.maketrans("àâäáãåéèêëíìîïóòôöõúùûüýÿçñ\u2019", "aaaaaaeeeeiiiiooooouuuuyycn'", "")
_LIGATURES = {"œ": "oe", "æ": "ae"}


def _fold(word: str) -> str:
    """Lowercase, accents and ligatures off, apostrophes straight (as ``normalise`` does)."""
    folded = word.lower().translate(_LATIN)
    if not folded.isascii():
        for ligature, letters in _LIGATURES.items():
            folded = folded.replace(ligature, letters)
        folded = normalise(folded)
    return folded.strip("'-")


def fold_words(words: Iterable[str]) -> list[str]:
    """``_fold`` over a whole word list at once: one translation of one long string."""
    text = "\n".join(words).lower().translate(_LATIN)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    return text.split("\n")


_spelling = spelling_list  # (source, words most frequent first, how many are common)


@cache
def _lexicon(lang: str) -> _Lexicon:
    other = "en" if lang == "fr" else "fr"
    own, foreign, clean = (
        data_yaml(f"sms_{lang}.yaml"),
        data_yaml(f"sms_{other}.yaml"),
        data_yaml("sms_clean.yaml"),
    )
    _, own_list, _ = _spelling(lang)
    _, other_list, common = _spelling(other)
    own_words = set(own_list)
    # A foreign SMS form that is a word here ("dont", "vs" in English) is that word.
    not_sms = {_fold(str(t)) for t in own.get("not_sms", [])}
    tokens = {_fold(str(t)) for t in own.get("tokens", [])}
    tokens |= {
        t
        for t in (_fold(str(t)) for t in foreign.get("tokens", []))
        if t not in not_sms and t not in own_words
    }
    dictionary = own_words
    dictionary.update(_fold(str(w)) for w in clean.get("known", []))
    dictionary.update(other_list[:common])
    dictionary.difference_update(tokens)
    return _Lexicon(
        tokens=frozenset(tokens),
        elided=frozenset(_fold(str(t)) for t in own.get("elided", []) + foreign.get("elided", [])),
        raw=tuple(
            (str(p), re.compile(rf"(?<!\w){re.escape(p)}(?!\w)")) for p in own.get("raw", [])
        ),
        clean=frozenset(_fold(str(t)) for t in clean.get("professional", [])),
        caps_ok=frozenset(_fold(str(t)) for t in clean.get("caps_ok", [])),
        dictionary=dictionary,
    )


def dictionary_word(word: str, lang: str = "fr") -> bool:
    """``word`` as a whole is in the language's spelling list (« rendez-vous », « arc-en-ciel »),
    accents aside: what a deck id spelled like it reads as in prose (deck/shown_names.py)."""
    return _fold(word) in _lexicon(lang if lang in ("fr", "en") else "fr").dictionary


def own_word(word: str, lang: str = "fr") -> bool:
    """``word`` is in the language's own spelling list, its foreign common words aside: a
    capitalised « Revenez » opening a sentence is that word (measures/named.py)."""
    return _fold(word) in _own_words(lang if lang in ("fr", "en") else "fr")


@cache
def _own_words(lang: str) -> frozenset[str]:
    return frozenset(fold_words(_spelling(lang)[1]))


def analyser_name() -> str:
    return SMS_ANALYSER.format(_spelling("fr")[0])


def _known(word: str, lex: _Lexicon, lang: str) -> bool:
    """Spelled as a dictionary word (or a professional one), accents and elisions aside; the
    regular plural of one is spelled too (« promos », « visios »: what is admitted in the
    singular is in the plural)."""
    if word in lex.dictionary or word in lex.clean:
        return True
    stem = word[:-1]
    if (
        len(stem) >= PLURAL_STEM
        and word[-1] in "sx"
        and (stem in lex.dictionary or stem in lex.clean)
    ):
        return True
    if "-" in word:
        return all(not part or len(part) < 2 or _known(part, lex, lang) for part in word.split("-"))
    if "'" in word:
        head, _, tail = word.partition("'")
        if lang == "fr" and head in _ELISIONS:
            return _known(tail, lex, lang) if tail else True
        if lang == "en":
            return head in lex.dictionary
        return False
    return False


def _missing_apostrophe(word: str, lex: _Lexicon) -> bool:
    match = _ELIDED_GLUED.match(word)
    if match is None or _known(word, lex, "fr"):
        return False
    return match.group(2) in lex.dictionary


_DECIDED = 65536  # token decisions kept (the same words come back line after line)
_decisions: dict[tuple[str | bool, ...], bool] = {}
# Per language, what each word is wherever it stands (None: it depends on its place), and
# the words that are no SMS wherever they stand (most words of most lines).
_free: dict[str, dict[str, bool | None]] = {"fr": {}, "en": {}}
_clean: dict[str, set[str]] = {"fr": set(), "en": set()}
_UNREAD = object()  # a word not decided yet


def _decided_anywhere(raw: str, lex: _Lexicon, lang: str) -> bool | None:
    """Whether ``raw`` is SMS when that does not depend on where it stands, decided once
    per word; None when it does.

    :func:`_is_sms` reads each fact of a word's place one way only: after a number, dotted
    or named, a word is SMS less often; opening a sentence, more. A word that is no SMS
    where it would most be (opening a sentence, after no number) is none anywhere; one that
    is SMS where it would least be is SMS anywhere (two calls, once per word)."""
    free = _free[lang]
    if raw in free:
        return free[raw]
    if len(free) >= _DECIDED:
        free.clear()
        _clean[lang].clear()
    decided: bool | None = None
    if raw.strip("'\u2019-") == raw and raw[-1] not in _FOOT_CHARS:  # else its token differs
        decided = _is_sms(raw, lex, lang, after_number=False, starts=True, dotted=False)
        if decided and not _is_sms(
            raw, lex, lang, after_number=True, starts=False, dotted=True, named=True
        ):
            decided = None
    free[raw] = decided
    if decided is False:
        _clean[lang].add(raw)
    return decided


Place = tuple[bool, bool, bool, bool]  # after a number, opens a sentence, dotted, named


def _is_sms_cached(token: str, lex: _Lexicon, lang: str, place: Place) -> bool:
    """:func:`_is_sms`, a pure function of the token and its place, decided once each."""
    key = (lang, token, *place)
    decided = _decisions.get(key)
    if decided is None:
        if len(_decisions) >= _DECIDED:
            _decisions.clear()
        after_number, starts, dotted, named = place
        decided = _decisions[key] = _is_sms(
            token, lex, lang, after_number=after_number, starts=starts, dotted=dotted, named=named
        )
    return decided


def _is_sms(
    token: str,
    lex: _Lexicon,
    lang: str,
    *,
    after_number: bool,
    starts: bool,
    dotted: bool,
    named: bool = False,
) -> bool:
    word = _fold(token)
    if not word or word.isdigit() or "°" in token or "@" in token:
        return False
    lower = token == token.lower()
    if lower and word in lex.dictionary and "'" not in word:
        # The common case, a known word in lowercase: what the checks below conclude of it.
        if _REPEATED.search(word) and word not in _REPEATED_OK:
            return True
        return not (after_number and len(word) <= 4) and word in lex.elided
    letters = token.replace("'", "").replace("\u2019", "").replace("-", "")
    upper = letters.isupper() and len(letters) > 1
    if upper:
        # Capitals: only the longer SMS forms ("MDR", "PTDR"); "FO", "PB", "CB" may be acronyms.
        return len(letters) >= 3 and word in lex.tokens and word not in lex.caps_ok | lex.clean
    if not lower and not (letters[:1].isupper() and (len(letters) == 1 or letters[1:].islower())):
        return False  # mixed case: a brand or a code ("iPhone", "AB12c")
    if not lower and len(word) == 1:  # "C bon", "T où ?" open no sentence; "C. Roy", "bât. C," do
        return starts and not dotted and word in lex.tokens
    if _REPEATED.search(word) and word not in _REPEATED_OK:
        return True
    if after_number and len(word) <= 4:
        return False  # a unit: "14 h", "3 kg", "2 pm"
    if word in lex.tokens and (lower or word not in lex.clean) or word in lex.elided:
        return True  # lowercase "pr" is "pour"; "Pr Martin" is a title
    if word in lex.clean:
        return False
    if lang == "fr" and "'" in word:
        head, _, tail = word.partition("'")
        if head in {"j", "t", "m", "s"} and tail[:1] and tail[0] not in _VOWELS | {"h"}:
            return True  # "j'vais", "t'sais": an elision before a consonant is spoken French
    if _J_CONSONANT.match(word) and not _known(word, lex, lang):
        return True  # "jcomprends", "Jpense": no French or English word starts so
    if lang == "fr" and lower and _missing_apostrophe(word, lex):
        return True  # "jespère", "cest", "quil": an elision without its apostrophe
    if not lower:  # capitalised: a name, unless it opens the sentence in a phonetic spelling
        if named or word != token.lower().strip("'-"):
            return False  # "Karine, à votre écoute", "Kévin du service": a first name
        return starts and bool(_PHONETIC_START.match(word)) and not _known(word, lex, lang)
    if _REBUS.match(word):
        return not _NOT_REBUS.match(word)
    # Shortened and phonetic spellings are short; a long unknown word is jargon ("priorisation").
    alpha = word.replace("'", "").replace("-", "")
    return alpha.isalpha() and 2 <= len(alpha) <= SHORT_WORD and not _known(word, lex, lang)


@lru_cache(maxsize=LINES_CACHED)  # one reading per line, whoever asks (customer, measures)
def sms_tokens(text: str, lang: str = "fr") -> tuple[str, ...]:
    """The tokens of ``text`` written in SMS language, in order of appearance."""
    lang = lang if lang in ("fr", "en") else "fr"
    lex = _lexicon(lang)
    if _LINK_HINT.search(text):
        text = _LINK.sub(" ", text)
    found: list[tuple[int, str]] = []
    lowered = text.lower()
    for piece, pattern in lex.raw:
        if piece in lowered:  # each match is the piece itself
            found.extend((match.start(), piece) for match in pattern.finditer(lowered))
    if "!" in text or "?" in text:
        found.extend((m.start(), m.group(0)) for m in _PUNCT_RUN.finditer(text))
    found.extend((m.start(), m.group(0)) for m in _EMOTICON.finditer(text))
    if not text.isascii():
        found.extend((m.start(), m.group(0)) for m in _EMOJI.finditer(text))
    words, clean = _TOKEN.findall(text), _clean[lang]
    if not clean.issuperset(words):  # a word not decided yet: decided once, for every line
        free = _free[lang]
        for word in set(words).difference(clean):
            if word not in free:
                _decided_anywhere(word, lex, lang)
    if not clean.issuperset(words):
        found.extend(_placed(text, lex, lang))
    return tuple(token for _, token in sorted(found, key=lambda item: item[0]))


def _placed(text: str, lex: _Lexicon, lang: str) -> list[tuple[int, str]]:
    """The SMS words of ``text`` and where they start, each read at its place when its
    place decides (:func:`_decided_anywhere`)."""
    found: list[tuple[int, str]] = []
    previous, last = "", 0  # the token before, and where it ended
    free = _free[lang]
    for match in _TOKEN.finditer(text):
        raw = match.group(0)
        decided = free.get(raw, _UNREAD)  # most words: one look-up, no call
        if decided is _UNREAD:
            decided = _decided_anywhere(raw, lex, lang)
        if decided is not None:  # whatever its place: the place is not read
            if decided:
                found.append((match.start(), raw))
            previous, last = raw, match.end()
            continue
        token = (_FOOTNOTE.sub("", raw) if raw[-1] in _FOOT_CHARS else raw).strip("'\u2019-")
        # The last character before the token, spaces aside: in the gap since the previous
        # token, else that token's last (a token has no space in it).
        gap = text[last : match.start()].rstrip()
        before = gap[-1] if gap else (text[last - 1] if last else "")
        starts = not before or before in ".!?:\n"
        # A lone capital letter that ends its clause designates (« plan C. », « bât. C, 2e
        # étage »): the SMS « C », « G », « T » open the words they stand for (« C bon »).
        dotted = text[match.end() : match.end() + 1] in (".", ",", ";", ")", "")
        after_number = bool(previous) and bool(_NUMBER.match(previous))
        # Only a capitalised word can be a name: the presentation after it is read then.
        named = token != token.lower() and bool(_NAMED.match(text, match.end()))
        if token and _is_sms_cached(token, lex, lang, (after_number, starts, dotted, named)):
            found.append((match.start(), token))
        previous, last = token, match.end()
    return found
