"""Sentiment of a message in French or English, as a VADER compound score in [-1, 1].

English is vaderSentiment itself. French uses the French VADER lexicon (MIT, see
data/LEXICONS.md) scored by our own rules, written for French word order:
negation is "ne … pas/plus/jamais/rien" *around* the word (the vadersentiment-fr
port only looks back, so "Je n'aime pas du tout" scored +0.6), "plus" negates only
after "ne" ("plus de choix" is not a negation), "pas du tout" negates harder, and
what follows "mais" weighs more.

Both languages then apply the contact-centre layer kept as data
(``contact_centre_<lang>.yaml``), because a general-purpose lexicon reads topics,
not register:

- content words (leak, damage, cancelled, emergency) weigh 0: "Fermez le robinet,
  cela arrêtera la fuite" is an instruction, not a mood;
- families of expressions: *complaint* without a feeling word (broken promise,
  repeated calls, unconsented charge, threat of escalation), *blame* and
  deflection, *empathy* and apology (positive, and the negative word they quote is
  not counted), *courtesy*, *polite request* (neutral: "je souhaiterais", "I would
  like"; its "merci"/"please" is not a feeling), *refusal* (a reasoned refusal is
  never negative by itself), and *sarcasm* (praise in a line that reports trouble
  reads negative);
- the speaker: an agent's line is judged on register only (its content words never
  make it negative; complaints and sarcasm are a customer's), a customer's on all;
- a customer's thanks are politeness in a question ("Merci pour ces précisions, dois-je
  renvoyer le formulaire ?"); after a contrast ("mais", "cependant", "however") a customer's
  complaint gives the tone whatever came before, and thanks before a polite decline are
  neutral ("Merci, mais je vais réfléchir");
- chat spellings are read as the words they stand for ("jattend tjr", "nobodys");
- constructions own their words when no other family may read them: praise through a
  negation, a "not yet", a promise reported then confirmed (« … et c'est le cas »);
- emoji are read from the raw text, since folding drops them (``data/emoji.yaml``): an
  eye-roll turns praise into sarcasm, a smile is warmth, an angry face a complaint.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata
from typing import Literal

from vaderSentiment.vaderSentiment import (
    B_DECR,
    B_INCR,
    N_SCALAR,
    normalize,
)

from omnisim.language.families import (
    AGENT_ONLY,
    AGENT_VOICE,
    CUSTOMER_FORMS,
    CUSTOMER_ONLY,
    EMOJI_VALENCE,
    FAMILY_VALENCE,
    IRONY_VALENCE,
    NEGATION_VALENCE,
    NOT_ON_AGENT,
    REMOVED,
)
from omnisim.language.lexicon import LINES_CACHED, data_yaml, find_phrases, fold
from omnisim.language.line_families import Families, Found, says
from omnisim.language.line_families import families as _families
from omnisim.language.valence import en_analyser, fr_lexicon, lessened

FR_NEGATORS = frozenset(
    {"pas", "jamais", "rien", "aucun", "aucune", "guere", "point", "ni", "sans"}
)
# Negators only beside "ne" (« Personne n'est capable… »; « une personne âgée » is no negation).
FR_NE_NEGATORS = frozenset({"plus", "personne", "nul", "nulle"})
FR_NE = frozenset({"ne", "n"})
FR_BOOSTERS = frozenset(
    {
        "tres",
        "vraiment",
        "trop",
        "tellement",
        "extremement",
        "super",
        "hyper",
        "absolument",
        "totalement",
        "completement",
        "particulierement",
        "si",
    }
)
FR_DAMPENERS = frozenset({"peu", "assez", "plutot", "moyennement", "legerement"})
# « bien » before these is an acknowledgement (« bien noté », « a bien été reçu »), no praise.
FR_ACKNOWLEDGED = re.compile(r"notee?s?|enregistree?s?|recue?s?|prise?|ete")
LABEL_THRESHOLD = 0.05
Speaker = Literal["agent", "customer"]
FR_ANALYSER = "omnisim-vader-fr-3+omnisim-cc-fr-18+lexicon-vadersentiment-fr-1.3.4+vader-{}"
EN_ANALYSER = "vaderSentiment-{}+omnisim-cc-en-18"
# A solved problem said with a negation before it is not solved (« toujours pas réglé »).
_NEGATED = re.compile(
    r"\b(pas|plus|jamais|not|never|still|isn't|aren't|hasn't|n't)\W+(\w+\W+){0,2}$"
)
_TOKEN = re.compile(r"[a-z0-9]+")
# Thanks are never negated: « ce n'est pas grave, merci » thanks (round 13; the scorer's text
# has lost its commas, so the negation before would reach them).
_THANKS = frozenset({"merci"})
_NO_FEELING = FR_NEGATORS | FR_BOOSTERS


@dataclass(frozen=True)
class Sentiment:
    score: float
    label: str  # "pos", "neu", "neg"
    analyser: str


def label_of(score: float) -> str:
    if score >= LABEL_THRESHOLD:
        return "pos"
    if score <= -LABEL_THRESHOLD:
        return "neg"
    return "neu"


@cache
def _vader_version() -> str:
    try:
        return metadata.version("vaderSentiment")
    except metadata.PackageNotFoundError:  # pragma: no cover - vendored installs
        return "unknown"


@cache
def _emoji() -> tuple[re.Pattern[str], dict[str, str], str, re.Pattern[str]]:
    """Emoji and emoticons by mood (positive, negative, irony), read from the raw text, the
    first characters of those written in ASCII (« :) ») and a search for any character from
    the lowest first character of the others up: a line with none of those (accented letters
    are below it) and none of the former holds none (most lines), and is not searched."""
    data = data_yaml("emoji.yaml")
    mood = {str(e): name for name in ("positive", "negative", "irony") for e in data.get(name, [])}
    alternatives = sorted(mood, key=len, reverse=True)  # "🤦‍♀️" before "🤦"
    firsts = "".join(sorted({e[0] for e in mood if e[0].isascii()}))
    lowest = min((e[0] for e in mood if not e[0].isascii()), default="\U0010ffff")
    high = re.compile(f"[{re.escape(lowest)}-\U0010ffff]")  # C-level, not max() per character
    return re.compile("|".join(re.escape(e) for e in alternatives)), mood, firsts, high


def _emoji_moods(text: str) -> dict[str, int]:
    pattern, mood, firsts, high = _emoji()
    counts = {"positive": 0, "negative": 0, "irony": 0}
    if (text.isascii() or high.search(text) is None) and not any(c in text for c in firsts):
        return counts
    for found in pattern.findall(text):
        counts[mood[found]] += 1
    return counts


def _respelled(folded: str, spelling: dict[str, str]) -> str:
    """Chat spellings read as the words they stand for: « jattend tjr », « j'attends toujours »."""
    words = folded.split()
    if spelling.keys().isdisjoint(words):  # most lines: one set operation, no loop
        return folded
    return " ".join(spelling.get(word, word) for word in words)


def _raw(compound: float) -> float:
    """Invert VADER's normalisation, to add our formulas to its sum before normalising again."""
    compound = max(-0.9999, min(0.9999, compound))
    return compound * math.sqrt(15.0 / (1.0 - compound * compound))


def _fr_negated(tokens: list[str], i: int) -> float:
    """1 if not negated, N_SCALAR if negated, stronger for "pas du tout"."""
    before = tokens[max(0, i - 3) : i]
    # « peur de ne pas pouvoir », « content de ne pas attendre »: a negation after « de » is the
    # infinitive's, not the feeling's (round 21).
    after = [] if tokens[i + 1 : i + 3] in (["de", "ne"], ["de", "n"]) else tokens[i + 1 : i + 4]
    has_ne = any(t in FR_NE for t in before)
    negators = [t for t in before + after if t in FR_NEGATORS or (t in FR_NE_NEGATORS and has_ne)]
    if not negators and not (has_ne and any(t in FR_NEGATORS for t in after)):
        return 1.0
    window = " ".join(tokens[i + 1 : i + 5])
    return N_SCALAR * (1.25 if "du tout" in window or "absolument pas" in window else 1.0)


def _fr_sum(folded: str) -> float:
    lexicon = fr_lexicon()
    tokens = _TOKEN.findall(folded)
    sentiments: list[float] = []
    for i, token in enumerate(tokens):
        valence = lexicon.get(token, 0.0)
        # A single letter is an elided "s'", "d'", "l'": never a feeling (the valence asked
        # first: most words have none).
        if valence == 0.0 or len(token) < 2 or token.isdigit() or token in _NO_FEELING:
            sentiments.append(0.0)
            continue
        if token == "bien" and tokens[i + 1 : i + 2] and FR_ACKNOWLEDGED.fullmatch(tokens[i + 1]):
            sentiments.append(0.0)
            continue
        for distance, previous in enumerate(reversed(tokens[max(0, i - 3) : i])):
            scale = (1.0, 0.95, 0.9)[distance]
            if previous in FR_BOOSTERS:
                valence += math.copysign(B_INCR * scale, valence)
            elif previous in FR_DAMPENERS:
                valence -= math.copysign(abs(B_DECR) * scale, valence)
        sentiments.append(valence if token in _THANKS else valence * _fr_negated(tokens, i))
    if "mais" in tokens:
        cut = tokens.index("mais")
        sentiments = [v * 0.5 for v in sentiments[:cut]] + [v * 1.5 for v in sentiments[cut:]]
    total = sum(sentiments)
    if total and "!" in folded:
        total += math.copysign(min(4, folded.count("!")) * 0.292, total)
    return total


@cache  # asked for every line scored
def analyser_name(lang: str) -> str:
    """Name and version of the analyser for ``lang``, as logged with a grading."""
    return (EN_ANALYSER if lang == "en" else FR_ANALYSER).format(_vader_version())


def _after_contrast(
    folded: str, start: int, end: int, lang: str, speaker: Speaker | None
) -> Sentiment | None:
    """A customer's tone after « mais », « cependant », "however", when it decides the line.

    A complaint after the contrast gives the tone, whatever praise or thanks came before. A
    neutral tail after thanks or praise is a polite decline or a question when it speaks of the
    customer's own choice or asks (« Merci, mais je vais réfléchir », « …, mais ce ne sera pas
    nécessaire », "That's kind, however I'd rather wait"): neutral; otherwise it reports what
    went wrong, the reason for the contrast (« Très satisfait. Toutefois, le canapé présente
    une déchirure »): a complaint. Praise after the contrast is returned too: no irony over it.
    """
    families = _families(lang)
    tail, head = folded[end:], folded[:start]
    after = sentiment(tail, lang, speaker=speaker or "customer")  # not the agent's: asked before
    if after.label != "neu":
        return after
    if not families.thanks.search(head) and sentiment(head, lang, speaker=speaker).label != "pos":
        return None
    tail = tail.strip()
    if "?" in tail or any(
        tail == w or tail.startswith(w if w.endswith("'") else f"{w} ") for w in families.own_choice
    ):
        return after
    score = round(normalize(FAMILY_VALENCE["complaint"]), 4)
    return Sentiment(score, label_of(score), analyser_name(lang))


# Praise after a contrast said by a predicate (« mais l'accueil a été parfait ») is sincere; an
# exclamation alone (« mais l'emballage, bravo ») stays irony over the fault before it.
_PREDICATE = re.compile(r"\b(?:est|etait|etaient|sont|a|ont|avait|was|were|is|are|has|have|had)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_WORD = re.compile(r"[^\W\d_]{2}")  # a sentence of figures alone (« (12) ») says nothing


def _one_question(text: str) -> bool:
    """A line that is one sentence and a question."""
    line = text.strip()
    return line.endswith("?") and len(_SENTENCE_END.split(line)) == 1


def _complains_beside(text: str, lang: str, speaker: Speaker | None, read: bool) -> bool:
    """Praise and blame side by side, no linking word (« Livraison rapide. Meuble cassé. »), or a
    line read as nothing (not ``read``) with one faulty sentence (« Le poisson, décongelé. »)."""
    sentences = [part for part in _SENTENCE_END.split(text.strip()) if _WORD.search(part)]
    if len(sentences) < 2 or not read:  # the complaint alone: one pass a sentence, not a reading
        found = _families(lang).patterns["complaint"].search
        return len(sentences) > 1 and any(found(fold(part)) for part in sentences)
    return any(sentiment(part, lang, speaker=speaker).label == "neg" for part in sentences)


def _agent_voice(found: Found, families: Families, folded: str) -> bool:
    """A line whose speaker is not given, read as the agent's when only an agent's families read
    it (an offer, good news, a refusal) and no customer's: a complaint, a doubt, blame,
    thanks, or good news asked about (« la livraison est offerte ? »)."""
    return (
        any(found[name] for name in AGENT_VOICE)
        and not any(found[name] for name in (*CUSTOMER_ONLY, "blame"))
        and not (found["favourable"] and "?" in folded)
        and not says(families.thanks, folded, found.bits)
    )


@lru_cache(maxsize=LINES_CACHED)  # one reading per line, whoever asks (customer, measures)
def sentiment(text: str, lang: str = "fr", *, speaker: Speaker | None = None) -> Sentiment:
    """Score one message; ``lang`` is "fr" or "en"; ``speaker`` "agent", "customer" or unknown.

    An unknown speaker is read like a customer (complaints and sarcasm count), with
    the content words at 0 as for everyone.
    """
    lang = "en" if lang == "en" else "fr"
    families = _families(lang)
    folded = _respelled(fold(text), families.spelling)
    # Each family's matches, asked once for the line; a customer's forms not on an agent's.
    found = Found(families, folded, CUSTOMER_FORMS if speaker == "agent" else frozenset())
    if speaker is None and _agent_voice(found, families, folded):
        speaker = "agent"  # the same matches, read as the agent's
    thanked = speaker != "agent" and says(families.thanks, folded, found.bits)
    contrast = (
        families.contrast.search(folded)
        if speaker != "agent" and found.bits & families.contrast.bit
        else None
    )
    praised_after = False  # « L'attente a été longue, mais l'accueil a été parfait »
    if contrast and folded[contrast.end() :].strip():
        turned = _after_contrast(folded, contrast.start(), contrast.end(), lang, speaker)
        praised_after = bool(turned and _PREDICATE.search(folded[contrast.end() :]))
        if turned and (turned.label != "pos" or praised_after):
            return turned  # the clause after the contrast gives the tone, praise included
    for good_news in ("solved", "favourable"):  # not when negated (« pas gratuit »)
        if found[good_news]:
            found[good_news] = [
                m.group(0)
                for m in families.patterns[good_news].finditer(folded)
                if not _NEGATED.search(folded[: m.start()])
            ]
    rest = folded
    for name in REMOVED:
        if (speaker != "agent" or name not in NOT_ON_AGENT) and found[name]:
            rest = families.patterns[name].sub(" ", rest)
    if found["request"] or (thanked and "?" in folded):  # thanks in a question: politeness
        rest = families.politeness.sub(" ", rest)
    rest, formulas = find_phrases(lang, " ".join(rest.split()))
    rest, lessened_by = lessened(rest, lang)
    if lang == "en":
        compound = en_analyser().polarity_scores(rest)["compound"] if rest else 0.0
        base = _raw(compound) if compound else 0.0
    else:
        base = _fr_sum(rest)
    base += lessened_by
    if speaker == "agent":
        # An agent's content words are not its tone, nor, in a question alone, its praise words
        # (« L'eau est-elle claire ? »): the convention keeps an agent's questions neutral.
        base = 0.0 if _one_question(text) else max(base, 0.0)
    total = base + sum(formulas)
    for name, valence in FAMILY_VALENCE.items():
        if name in NOT_ON_AGENT and speaker == "agent":
            continue
        if name in AGENT_ONLY and speaker != "agent":
            continue
        total += valence * min(2, len(found[name]))
    excused = (
        "negation_ok",
        "not_yet",
        "own_fact",
        "request",
        "refusal",
        "praise_negated",
        "endorsed",
        "solved",
    )
    if (
        speaker != "agent"
        and found["negation"]
        and not any(found[name] for name in excused)
        and total > -NEGATION_VALENCE
    ):
        total -= NEGATION_VALENCE  # a customer's "nothing", "never", "didn't" leans to complaint
    if thanked and total > 0 and found["complaint"]:  # thanks for a fault are sarcasm
        total = -abs(total) - IRONY_VALENCE
    if speaker != "agent" and found["praise"] and not found["solved"] and not praised_after:
        troubled = families.patterns["trouble"].search(families.not_trouble.sub(" ", found.scan))
        if troubled or found["complaint"]:
            total = -abs(total) - IRONY_VALENCE  # praise over trouble (not owned words) is irony
    moods = _emoji_moods(text)
    total += EMOJI_VALENCE * (min(2, moods["positive"]) - min(2, moods["negative"]))
    if moods["irony"]:  # « Super le service client 🙄 », « ok 🙄 »: sarcasm, grudging
        total = -abs(total) - IRONY_VALENCE
    if found["refusal"] and not found["blame"] and speaker != "customer":
        total = max(total, 0.0)
    if (total > 0 or (total == 0 and not found["request"])) and speaker != "agent":
        beside = not praised_after and _complains_beside(text, lang, speaker, total > 0)
        total = -abs(total) - IRONY_VALENCE if beside else total
    score = round(normalize(total), 4) if total else 0.0
    return Sentiment(score, label_of(score), analyser_name(lang))
