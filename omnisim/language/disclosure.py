"""A protected fact said in other words. CQP C.4.4 « Résister à toute pression d'un
correspondant ou d'un visiteur demandant la divulgation d'information confidentielle »: the fact
is given away however it is written, not only in the deck's spelling. A date by its day alone
(« le 22 », « vendredi 22 ») or in figures (« 22/05 »); an amount or a phone number however
it is spaced, dotted or abbreviated (« 312000 », « 312 k€ », « 06.90.12.57.33 »); an address
with its punctuation changed. Another day, another number is not the fact.

A protected matter is given away by naming it too: its words together in one clause, whatever
comes between (« le dossier de vente de Mme Vidal est confidentiel » confirms there is a sale),
unless the clause asks whether there is one (« je ne peux pas dire s'il y a une vente »). And a
caller's guess is confirmed by a sentence that affirms its detail (« pour la date oui c'est
vendredi »), not only by the first answer to it (round 12, issue 26)."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

from omnisim.language.lexicon import fold
from omnisim.language.markers import assents, content_words, word_list
from omnisim.language.match import is_question, normalise

# A number as people write it: groups of digits joined by a space, a dot or a no-break space
# (« 312 000 », « 06.90.12.57.33 »), a decimal part after a comma, then « k » or « mille ».
_NUMBER = re.compile(r"(?<![\w])(\d+(?:[ .\u00a0\u202f]\d+)*)(?:,(\d{1,2}))?(\s?k\b|\s?mille\b)?")
# What may stand around an amount in a protected phrase: a currency, nothing else.
_CURRENCY = re.compile(r"[€$£]|\beuros?\b|\beur\b|\bhtc?\b|\bttc\b")
_PUNCTUATION = re.compile(r"[^\w]+")


@lru_cache(maxsize=4)
def _months(lang: str) -> dict[str, int]:
    """Folded month names and abbreviations of ``lang`` → month number."""
    out: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale=lang).items():
            out[normalise(str(name)).rstrip(".")] = number
    return out


@lru_cache(maxsize=4)
def _weekdays(lang: str) -> frozenset[str]:
    return frozenset(
        normalise(str(n)).rstrip(".") for n in get_day_names("wide", locale=lang).values()
    )


def figures(text: str) -> list[str]:
    """The numbers of ``text`` as their digits (thousands written out: « 312 k » → 312000)."""
    out = []
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if m.group(3):
            digits += "000"
        out.append(digits)
    return out


def _date(phrase: str, lang: str) -> tuple[int, int] | None:
    months = _months(lang)
    m = re.search(r"\b(\d{1,2})(?:er|st|nd|rd|th)?\s+([a-z]+)", phrase)
    if m and m.group(2) in months:
        return int(m.group(1)), months[m.group(2)]
    m = re.search(r"\b([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?\b", phrase)  # « May 22 »
    if m and m.group(1) in months:
        return int(m.group(2)), months[m.group(1)]
    return None


def _says_date(text: str, day: int, month: int, lang: str) -> bool:
    months = _months(lang)
    d = rf"0?{day}(?:er|st|nd|rd|th)?"
    for m in re.finditer(rf"\b{d}\s+([a-z]+)", text):
        if months.get(m.group(1).rstrip(".")) == month:
            return True
    if re.search(rf"\b{d}\s*[/.-]\s*0?{month}\b", text):
        return True
    # The day alone, after an article or a weekday: « le 22 », « vendredi 22 », « on the 22nd ».
    lead = "|".join(["le", "the", "du", "au", *sorted(_weekdays(lang))])
    for m in re.finditer(
        rf"\b(?:{lead})\s+{d}\b(?!\s*(?:h\b|:|[.,]?\d|%|€|k\b|mille))\s*(\w*)", text
    ):
        following = m.group(1).rstrip(".")
        if following not in months or months[following] == month:
            return True
    return False


def gives_number(text: str, number: str) -> bool:
    """``text`` gives the phone ``number`` (its last nine digits: « +33 6… » is « 06… »), however
    spaced or dotted; an e-mail address, as written."""
    if "@" in number:
        return normalise(number.strip()) in normalise(text)
    want = re.sub(r"\D", "", number)[-9:]
    return len(want) >= 6 and any(d[-9:] == want for d in figures(normalise(text)))


def discloses(text: str, phrase: str, lang: str = "fr") -> bool:
    """``text`` gives away the protected ``phrase`` (a date, a figure, words), in any writing."""
    said, fact = normalise(text), normalise(phrase).strip()
    if not fact:
        return False
    if fact in said:
        return True
    date = _date(fact, lang)
    if date is not None:
        return _says_date(said, *date, lang)
    bare = _CURRENCY.sub(" ", fact).strip()
    if _NUMBER.fullmatch(bare):  # a figure alone: an amount, a phone number
        return bool(set(figures(bare)) & set(figures(said)))
    flat = " ".join(_PUNCTUATION.split(fact)).strip()
    if flat and f" {flat} " in f" {' '.join(_PUNCTUATION.split(said))} ":
        return True
    return names_together(text, phrase, lang)


# Words between a protected matter's own words that still name it together, in one clause: «
# vente de la maison des Vidal » (four between) names « vente Vidal ».
GAP = 4
_CLAUSE = re.compile(r"[,;:.!?\n()]")
_SENTENCE = re.compile(r"[;.!?\n]|\s(?:mais|but)\s")
_TOKEN = re.compile(r"[\w']+")
# The dot of a title ends no clause (« M. Marchetti », « Dr. Lenoir »).
_TITLE_DOT = re.compile(r"\b(m|mm|mme|mlle|me|dr|pr|mr|mrs|ms|st)\.", re.IGNORECASE)
# A clause that asks whether the matter exists names nothing (« s'il y a une vente »).
_WHETHER = {
    "fr": frozenset({"si", "s'il", "s'ils", "eventuel", "eventuelle", "eventuels", "eventuelles"}),
    "en": frozenset({"whether", "if", "any"}),
}
# A negation or refusal in a sentence: its detail is denied, not affirmed.
_NEGATION = {
    "fr": frozenset({"ne", "pas", "ni", "jamais", "rien", "aucun", "aucune", "non", "sans"}),
    "en": frozenset({"not", "no", "never", "nor", "cannot", "can't", "won't", "don't"}),
}
# What makes a sentence holding the guessed detail a confirmation of it (« c'est vendredi »,
# « vendredi, oui », « ils signent bien vendredi »), beside an assent that opens it.
_CONFIRMING = {
    "fr": (
        "oui",
        "bien",
        "c'est",
        "ce sera",
        "c'etait",
        "effectivement",
        "exact",
        "exactement",
        "prevu",
        "prevue",
        "tout a fait",
        "en effet",
        "confirme",
    ),
    "en": ("yes", "indeed", "it's", "it is", "exactly", "that's", "right", "confirmed"),
}


def _key(lang: str) -> str:
    return lang if lang in _NEGATION else "fr"


def _same(word: str, want: str) -> bool:
    """A word and a protected word, an elision (« l'hospitalisation ») and a plural aside."""
    word = word.rsplit("'", 1)[-1]
    return word == want or word.rstrip("sx") == want.rstrip("sx")


def names_together(text: str, phrase: str, lang: str = "fr") -> bool:
    """``text`` names the protected matter ``phrase`` (two content words or more): all its
    words in one clause, no more than GAP words between each, the clause not asking whether
    it exists."""
    wanted = sorted(content_words(phrase, lang))
    if len(wanted) < 2:
        return False
    whether = _WHETHER[_key(lang)]
    span = len(wanted) + GAP
    for clause in _CLAUSE.split(_TITLE_DOT.sub(r"\1", normalise(text))):
        words = _TOKEN.findall(fold(clause))
        for start, word in enumerate(words):
            window = words[start : start + span]
            if not any(_same(word, want) for want in wanted):
                continue
            if all(any(_same(w, want) for w in window) for want in wanted):
                return not whether & set(words[:start])
    return False


def _details(guess: str, lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The checkable details of a caller's guess: its weekdays and months, and its figures."""
    words = set(_TOKEN.findall(fold(guess)))
    named = words & (_weekdays(lang) | set(_months(lang)))
    return frozenset(w for w in named if len(w) > 2), frozenset(figures(fold(guess)))


def affirms_guess(text: str, guess: str, lang: str = "fr") -> bool:
    """A sentence of ``text`` affirms a detail of the caller's ``guess`` (a weekday, a month, a
    figure it named) without negation: « pour la date oui c'est vendredi » confirms « c'est
    bien vendredi ? »; « ni le vendredi ni un autre jour », « elle vous rappellera vendredi »
    do not."""
    key = _key(lang)
    named, numbers = _details(guess, lang)
    if not named and not numbers:
        return False
    for part in _SENTENCE.split(_TITLE_DOT.sub(r"\1", normalise(text))):
        sentence = fold(part)
        words = set(_TOKEN.findall(sentence))
        if not words or words & _NEGATION[key] or any(w.startswith("n'") for w in words):
            continue
        if not (words & named or set(figures(sentence)) & numbers):
            continue
        framed = f" {sentence.strip()} "
        if assents(sentence, lang) or any(f" {c} " in framed for c in _CONFIRMING[key]):
            return True
    return False


_CALLER_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def told_back(caller_lines: list[str], phrase: str, lang: str = "fr") -> bool:
    """The caller told ``phrase`` as a fact they hold, in a sentence of theirs that asks nothing
    (« c'est le Kardegic, je n'arrive pas à lire le dosage »): reading it back gives nothing away
    (round 18, issue 26). A caller's guess (« c'est bien le 14 octobre ? ») stays protected, even
    named in a refusal (round 17's jury), and so does a matter they only ask about (round 12)."""
    return any(
        discloses(sentence, phrase, lang) and not is_question(sentence)
        for said in caller_lines
        for sentence in _CALLER_SENTENCE.split(said)
    )


# A protected phrase that is an hour of the day: « 14 h », « 10 h 30 », « 9h », « 14:00 ».
_HOUR = re.compile(r"\d{1,2}\s*h(?:\s*\d{2})?|\d{1,2}:\d{2}")
_DAY_NUMBER = re.compile(r"\b(?:le|du|au|the)\s+(\d{1,2})(?:er|st|nd|rd|th)?\b(?!\s*(?:h\b|:))")


def _days_said(sentence: str, lang: str) -> tuple[set[int], set[str]]:
    """The day numbers and the weekdays a sentence names (« mercredi 16 », « le 16 décembre »)."""
    months, weekdays = _months(lang), _weekdays(lang)
    words = _TOKEN.findall(sentence)
    numbers = {int(m.group(1)) for m in _DAY_NUMBER.finditer(sentence)}
    for word, after in zip(words, [*words[1:], ""], strict=True):
        if word in weekdays and after.isdigit():
            numbers.add(int(after))
        if word.isdigit() and after.rstrip(".") in months:
            numbers.add(int(word))
    return numbers, {w for w in words if w in weekdays}


def _weekday(year: int, month: int, day: int) -> int:
    """The weekday of a protected date (0 is Monday), -1 for a date that does not exist."""
    try:
        return date(year, month, day).weekday()
    except ValueError:
        return -1


def hour_of_another_day(
    text: str, phrase: str, protected: list[str], today: str, lang: str = "fr"
) -> bool:
    """CQP C.4.4: a protected hour (« 14 h ») is the hour of the protected day (a date of the
    same list, « 17 décembre »). Said in a sentence that names another day (« mercredi 16,
    14 h », a free slot offered to another caller), it is another moment and gives nothing
    away; alone, or with the protected day or its weekday, it is the fact (round 20)."""
    fact = normalise(phrase).strip()
    dates = [d for p in protected if (d := _date(normalise(p), lang))]
    if not _HOUR.fullmatch(fact) or not dates:
        return False
    year = int(today[:4])
    names = get_day_names("wide", locale=lang)
    protected_days = {day for day, _ in dates}
    weekdays_of = [_weekday(year, month, day) for day, month in dates]
    protected_weekdays = {normalise(str(names[w])) for w in weekdays_of if w >= 0}
    saying = [s for s in _SENTENCE.split(normalise(text)) if discloses(s, phrase, lang)]
    for sentence in saying:
        numbers, weekdays = _days_said(fold(sentence), lang)
        if not numbers and not weekdays:
            return False
        if numbers & protected_days or weekdays & protected_weekdays:
            return False
    return bool(saying)


# The parts of the day an hour falls in (word lists of markers_<lang>.yaml), hours from, to.
_DAY_PARTS = (
    ("day_part_morning", 0, 12),
    ("day_part_afternoon", 12, 19),
    ("day_part_evening", 17, 24),
)
_CLOCK = re.compile(r"(\d{1,2})\s*(?:h|heures?|:|\.)\s*(?:\d{2})?")


def part_of_day_told(text: str, phrase: str, lang: str = "fr") -> bool:
    """CQP C.4.4: a protected hour (« 16 h 15 ») told by the part of the day it falls in, in a
    sentence that denies nothing (« votre fils, c'est cet après-midi je crois, mais je ne peux
    pas vous en dire plus »): told approximately, the meeting and its moment are still told
    (round 21). « Je ne peux pas vous dire s'il vient ce matin » tells nothing."""
    clock = _CLOCK.fullmatch(normalise(phrase).strip())
    if clock is None:
        return False
    hour = int(clock.group(1))
    parts = [name for name, start, end in _DAY_PARTS if start <= hour < end]
    words = sorted({w for name in parts for w in word_list(lang, name)}, key=len, reverse=True)
    if not words:
        return False
    told = re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, words)) + r")(?![\w'])")
    for sentence in _SENTENCE.split(fold(text)):
        if not told.search(sentence):
            continue
        if not set(_TOKEN.findall(sentence)) & _NEGATION[_key(lang)]:
            return True
    return False
