"""What a candidate's line gives back of the caller's, and what only looks like it: the
caller's figures read back aloud, « c'est ça ? » tacked on a new question, the motive's words in
a step the candidate announces, « vous voulez » leading an open question (rounds 15 and 22, issue
26; read by checking.py)."""

from __future__ import annotations

import re
from dataclasses import replace

from omnisim.language.lexicon import fold
from omnisim.language.markers import content_words, word_list
from omnisim.language.match import is_question, normalise
from omnisim.language.questions import asks_open, talk_word
from omnisim.measures.context import MeasureContext
from omnisim.measures.exchange import said_before
from omnisim.projection.workspace import ContactView, Line


def tag_on_open_question(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """The line's formula is only a tag (« c'est ça ? ») ending a question that asks for
    something new (« C'est quelle clinique, et c'est pour demain c'est ça ? »): MC ACVD C1.2
    « reformulé fidèlement » asks the request given back, and round 13 reads the restatement
    in the question sentence of a send; without the tag the line holds no formula."""
    lang = ctx.lang_of(c)
    tags = sorted(word_list(lang, "restating_tags"), key=len, reverse=True)
    kept = []
    for sentence in re.split(r"(?<=[.!?…])\s+", line.text):
        if is_question(sentence) and asks_open(sentence, lang):
            sentence = normalise(sentence)
            for tag in tags:
                sentence = re.sub(rf"(?<![\w']){re.escape(tag)}(?![\w'])", " ", sentence)
        kept.append(sentence)
    stripped = replace(line, text=" ".join(kept))
    return "reformulation" not in ctx.markers(c, stripped)


def open_questions_out(text: str, lang: str) -> str:
    """``text`` without its questions that ask for something new: « vous voulez », « vous
    souhaitez » give the motive back when they carry it (« Vous souhaitez déplacer votre
    rendez-vous ? »), not when they lead the open question itself (« Vous voulez quel modèle ? »,
    « Vous souhaitez combien de places ? »): MC ACVD C1.2 « Le message, bien analysé, est
    reformulé fidèlement » (round 22, the furniture retailer's weak candidate: « Super ! Vous
    voulez quel modèle ? » to a hotel that had said what it wanted). A question carrying the
    customer's details is still read as a restatement by exchange.restates."""
    sentences = re.split(r"(?<=[.!?…])\s+", text)
    return " ".join(s for s in sentences if not (is_question(s) and asks_open(s, lang)))


def empty_motive_out(text: str, lang: str) -> str:
    """``text`` (normalised) without the motive markers (« vous voulez », « vous souhaitez »,
    ``reason_validation``) that carry nothing after them: a marker gives the request back by
    what follows it in its sentence (« vous souhaitez déplacer votre rendez-vous »); followed
    only by words pointing back (« pareil », « la même chose », « ça aussi »: markers
    ``vague_objects``) or by nothing, the customer hears no part of what they asked. MC ACVD
    C1.2 « Le message, bien analysé, est reformulé fidèlement, en termes clairs et concis »
    (round 22, the furniture retailer's weak candidate: « Je mets dans le message que vous
    voulez pareil », her jury: « à l'hôtel, ni besoin ni date repris »)."""
    vague = word_list(lang, "vague_objects")
    text = normalise(text)
    for marker in sorted(word_list(lang, "reason_validation"), key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w']){re.escape(marker)}(?![\w'])")
        for found in reversed(list(pattern.finditer(text))):
            sentence = re.split(r"[.!?;:\n…]", text[found.end() :], maxsplit=1)[0]
            # its clause (« vous voulez pareil, je transmets »), the next one where the marker
            # ends its own (« vous voulez, pour le mariage, quarante chaises »)
            rest = next((x for x in sentence.split(",") if x.strip()), "")
            carried = [w for w in content_words(rest, lang) if w not in vague]
            if not any(not talk_word(w, lang) for w in carried):
                text = text[: found.start()] + " " + text[found.end() :]
    return text


READ_BACK_FIGURES = 2  # a number, an amount and a reference, or a phone number's pairs


def reads_back(c: ContactView, line: Line, lang: str) -> bool:
    """The caller's own figures read back aloud with a word saying so (« Lots 3391, 3392 et
    3397, 412 € en tout, je note bien. », « Je vous relis : élève 7714, jeudi 18 à 14 h 30 »):
    the caller hears what was taken down and confirms or corrects it (MC ACVD C1.5 « Vérifier
    la compréhension », round 15's jury: « relit le fax et les lots à voix haute »). Figures of
    the candidate's own (a price, a tariff), or « je note » alone, have nothing checked."""
    theirs = {d for ln in said_before(c, line) for d in re.findall(r"\d+", ln.text)}
    words = sorted(word_list(lang, "readback_words"), key=len, reverse=True)
    said = re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, words)) + r")(?![\w'])")
    for sentence in re.split(r"(?<=[.!?…])\s+", line.text):
        figures = re.findall(r"\d+", sentence)
        enough = len(figures) >= READ_BACK_FIGURES and set(figures) <= theirs
        if enough and said.search(fold(sentence)):
            return True
    return False


# A datum that names one thing alone: an e-mail address, or a reference mixing letters and
# figures of this length at least (« GH-418-KT », « LS-2217 »).
DATUM_LENGTH = 5
_EDGES = re.compile(r"^[^\w@]+|[^\w@]+$")  # punctuation and quotes around a token


def _data(text: str) -> set[str]:
    out = set()
    for token in text.split():
        token = _EDGES.sub("", token).lower()
        has = any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token)
        if "@" in token or (has and len(token) >= DATUM_LENGTH):
            out.add(token)
    return out


def read_back_as_recorded(c: ContactView, lang: str) -> Line | None:
    """The caller's answer given back as the candidate records it, in the send that says so or
    the next (« C'est fait : alertes 12 et T2. » « Au 07 61 25 90 14. », « j'ai mis à jour
    votre adresse : karim@… »): CP FFP C3 « reformule les réponses obtenues » — the caller hears
    what was taken down and can correct it (round 17, cp_ffp_mobilite strong). Their figures
    (as :func:`reads_back`), an e-mail address or a reference of theirs; figures of the
    candidate's own, or « C'est fait. » alone, give nothing back."""
    words = sorted(
        word_list(lang, "readback_words") | word_list(lang, "recorded_words"), key=len, reverse=True
    )
    said = re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, words)) + r")(?![\w'])")
    recorded = False  # said in this send or the one before, the caller silent between
    for line in c.lines:
        if line.actor != "candidate":
            recorded = False
            continue
        theirs = said_before(c, line)
        figures = {d for ln in theirs for d in re.findall(r"\d+", ln.text)}
        data = {d for ln in theirs for d in _data(ln.text)}
        for sentence in re.split(r"(?<=[.!?…])\s+", line.text):
            recorded = recorded or bool(said.search(fold(sentence)))
            own = re.findall(r"\d+", sentence)
            enough = len(own) >= READ_BACK_FIGURES and set(own) <= figures
            if recorded and (enough or _data(sentence) & data):
                return line
    return None


# An acknowledgement gives the grievance back when what follows it holds this many of the
# customer's own words (an amount, the service, what went wrong), names and talk aside.
GRIEVANCE_WORDS = 2
# Letters between the acknowledgement and its link (« je comprends votre colère : »).
OPENER_REACH = 40


def grievance_given_back(ctx: MeasureContext, c: ContactView) -> Line | None:
    """The customer's grievance given back inside the acknowledgement of their upset (« Je
    comprends votre colère : 60 € prélevés pour un cours jamais suivi, c'est contrariant »):
    MC ACVD C1.4 « Décoder le message de l'interlocuteur », C1.2 « reformulé fidèlement »
    (round 18: an angry caller is not asked « c'est bien ça ? »). What follows the
    acknowledgement's colon or « que » holds GRIEVANCE_WORDS of the customer's words; « Je
    comprends que ce soit énervant » gives nothing back."""
    lang = ctx.lang_of(c)
    openers = "|".join(map(re.escape, sorted(word_list(lang, "grievance_openers"), key=len)[::-1]))
    links = "|".join(map(re.escape, sorted(word_list(lang, "grievance_links"), key=len)[::-1]))
    found = re.compile(
        rf"(?<![\w'])(?:{openers})(?![\w']).{{0,{OPENER_REACH}}}?(?:(?<![\w'])(?:{links})(?:'|(?![\w']))|:)(.+)"
    )
    names = content_words(c.customer, lang) | word_list(lang, "civilities")
    for line in c.candidate_lines:
        theirs = {w for ln in said_before(c, line) for w in content_words(ln.text, lang)} - names
        for sentence in re.split(r"(?<=[.!?…])\s+", line.text):
            hit = None if is_question(sentence) else found.search(normalise(sentence))
            if hit is None:
                continue
            given = content_words(hit.group(1), lang) & theirs
            if sum(not talk_word(w, lang) for w in given) >= GRIEVANCE_WORDS:
                return line
    return None


def own_step(clause: str, lang: str) -> bool:
    """A clause whose subject is the candidate (« je vais vous passer… »)."""
    subjects = word_list(lang, "self_subjects")
    tokens = re.findall(r"[\w]+'?", fold(clause))
    return any(t in subjects for t in tokens)


__all__ = [
    "grievance_given_back",
    "own_step",
    "read_back_as_recorded",
    "reads_back",
    "tag_on_open_question",
]
