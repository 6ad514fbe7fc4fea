"""Written answers to written messages: MC ACVD C3.2 « TRAITER UN MESSAGE ÉCRIT … Rédiger la
réponse », « une réponse [Mél (e-mail) …] dont le contenu correspond aux exigences de
l'entreprise, tant au niveau du fond que de la forme » ; C1.1 « La présentation, les
salutations, l'accueil et la prise de congé sont corrects, conformes aux procédures en vigueur
dans l'entreprise ».

What is judged is the e-mail answering a message the customer wrote: a document sent by e-mail
during a chat or a call is no answer to a written message. The form (a salutation, a closing
formula, a signature) is asked of every e-mail answering an e-mail; a complaint's thread is
answered line by line while the customer answers back, as a conversation, whose opening and
leave-taking the conversation's measures judge. The substance (something said for each point
the customer raised, on their topic) is asked of the answer to an e-mail or a complaint.
"""

from __future__ import annotations

import re

from omnisim.i18n import Text
from omnisim.language.civility import kind_of
from omnisim.language.lexicon import fold
from omnisim.language.markers import (
    closes_letter,
    content_words,
    markers,
    organisation_words,
    signs,
)
from omnisim.language.substance import references, root
from omnisim.language.wishes import unwished, wishes
from omnisim.measures.context import MeasureContext, ev_of
from omnisim.measures.exchange import internal
from omnisim.measures.habit import habit
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line

WRITTEN_MESSAGES = ("email", "complaint")  # what a customer writes to be answered in writing
REPLY_CHANNEL = "email"
LETTERS = ("email",)  # messages whose answer is a letter in the company's form
CLOSING_LINES = 4  # the closing formula sits in the last lines of an e-mail
SIGNATURE_LINES = 2  # the signature in the last two
SHORT_LINE = 8  # words: a salutation, a formula or a signature, not a paragraph
SIGNATURE_WORDS = 12  # a name, a service and a company on one line
WORDS_PER_POINT = 5  # content words a written answer gives each point the customer raised
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
# The words after a paragraph's last sentence (« … vendredi midi. Lucas »): a note written as one
# block is signed there, as a letter is on its last lines. A title's dot ends no sentence.
_TAIL = re.compile(r"[.!?…]\s+([^.!?…]+?)\s*$")
_TITLE_DOT = re.compile(r"\b(M|MM|Mme|Mmes|Mlle|Dr|Pr|Me|Mr|Mrs|Ms)\.")


def replies(c: ContactView, to: tuple[str, ...] = WRITTEN_MESSAGES) -> list[Line]:
    """The candidate's e-mails answering a written message (of the channels ``to``)."""
    if c.channel not in to:
        return []
    return [ln for ln in c.candidate_lines if ln.channel == REPLY_CHANNEL]


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def _short(line: str) -> bool:
    return len(line.split()) <= SHORT_LINE


def _salutation(line: str, lang: str) -> bool:
    """ "Bonjour Madame Caron,", "Madame,", "Dear Mr Hall,": a greeting or a civility first."""
    words = line.split()
    return "greeting" in markers(line, lang) or bool(words and kind_of(words[0].strip(",")))


def salutes(text: str, lang: str) -> bool:
    """A letter opening on its formula of address, on a short line of its own."""
    lines = _lines(text)
    return bool(lines) and _short(lines[0]) and _salutation(lines[0], lang)


def _closing(line: str, lang: str) -> bool:
    """« Cordialement, », « Merci de votre confiance », the trade's « Cdlt, », or a wish to
    the reader whatever its adjective (« Nous vous souhaitons un excellent séjour », round 21,
    language/wishes.py); « une excellente journée de ski » under an article wishes nobody."""
    found = set(markers(unwished(line, lang), lang))
    closes = {"leave_taking", "thanks"} & found
    return bool(closes) or closes_letter(line, lang) or wishes(line, lang)


def _signature(ctx: MeasureContext, c: ContactView, line: str) -> bool:
    """A short line naming the agent, the service or the company; one naming all three is
    longer than a formula (« Gérard Lemoine, centre de relation locataires, Habitat Rhône
    Sud », round 18), not a sentence (« … chez Dupuis Frères. »)."""
    count = len(line.split())
    if count > SIGNATURE_WORDS or (count > SHORT_LINE and line.rstrip()[-1:] in ".!?…"):
        return False
    company = ctx.company_of(c) or ""
    words = organisation_words(company, lang=ctx.lang_of(c)) if company else frozenset()
    return bool(words & set(re.findall(r"[\w'-]+", fold(line)))) or signs(
        line, ctx.lang_of(c), others=c.customer
    )


def _tail(line: str) -> str:
    """What follows the last sentence of ``line`` (« Lucas », « Cordialement, Lucas »)."""
    found = _TAIL.search(_TITLE_DOT.sub(r"\1", line))
    return found.group(1) if found else ""


def form_faults(ctx: MeasureContext, c: ContactView, text: str) -> list[str]:
    """What an e-mail lacks of the company's form: "salutation", "closing", "signature". The
    formula of politeness is the letter's to a customer: a manager or a colleague on the
    internal mail is answered in the house's register, a salutation and a signature (round 17:
    « Bonjour Sandrine, … Franck » to the team leader's request is the form). A note written as
    one paragraph is signed by the name that ends it (round 20: « … en fin de matinée. Léa »)."""
    lines, lang = _lines(text), ctx.lang_of(c)
    if not lines:
        return ["salutation", "closing", "signature"]
    faults = []
    if not _salutation(lines[0], lang):
        faults.append("salutation")
    if not internal(ctx, c) and not any(_closing(ln, lang) for ln in lines[-CLOSING_LINES:]):
        faults.append("closing")
    tail = _tail(lines[-1])
    if not any(_signature(ctx, c, ln) for ln in lines[-SIGNATURE_LINES:]) and not (
        tail and _signature(ctx, c, tail)
    ):
        faults.append("signature")
    return faults


def written_form(ctx: MeasureContext) -> MeasureResult:
    """Every e-mail answering an e-mail opens on a salutation, closes on a formula and is
    signed (MC ACVD C3.2 « de la forme »): a habit over the e-mails answered."""
    return _form_habit(ctx, "written_form", customers_only=False)


def client_written_form(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C1.1's letters: the accueil is the customer's (« une situation d'échange … avec
    un client, un usager »), so only the e-mails to customers are read; the team leader's note
    answered in the house's register is C3.2's form, not the accueil (round 18)."""
    return _form_habit(ctx, "client_written_form", customers_only=True)


def _form_habit(ctx: MeasureContext, name: str, customers_only: bool) -> MeasureResult:
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        sent = replies(c, LETTERS)
        if not sent or (customers_only and internal(ctx, c)):
            continue
        faults = {id(ln): form_faults(ctx, c, ln.text) for ln in sent}
        items[c.id] = not any(faults.values())
        for line in sent:
            missing = faults[id(line)]
            if missing:
                kinds = tuple(Text(f"note.email_form.{k}") for k in missing)
                bad.append(ev_of(line, Text("note.email_form_missing", contact=c.id, kind=kinds)))
            else:
                good.append(ev_of(line, Text("note.email_form_ok", contact=c.id)))
    return habit(name, items, bad, good, Text("detail.no_written_reply"))


def _body(ctx: MeasureContext, c: ContactView, text: str) -> str:
    """An e-mail without its salutation, closing formulas and signature: what it says."""
    lines, lang = _lines(text), ctx.lang_of(c)
    if lines and _salutation(lines[0], lang) and _short(lines[0]):
        lines = lines[1:]
    while (
        lines and _short(lines[-1]) and (_closing(lines[-1], lang) or _signature(ctx, c, lines[-1]))
    ):
        lines = lines[:-1]
    return "\n".join(lines)


def substance(ctx: MeasureContext, c: ContactView, texts: list[str]) -> set[str]:
    """The content words an answer states (its questions aside: they ask, they do not answer)."""
    lang = ctx.lang_of(c)
    said: set[str] = set()
    for text in texts:
        for sentence in _SENTENCE.findall(_body(ctx, c, text)):
            if not sentence.strip().endswith("?"):
                said |= content_words(sentence, lang)
    return said


def _asked(ctx: MeasureContext, c: ContactView) -> tuple[int, set[str]]:
    """(points raised, topic words) of the customer's written message: one point per question
    it asks, at least one; its words, its subject's and its references."""
    lang = ctx.lang_of(c)
    written = [ln.text for ln in c.lines if ln.actor != "candidate" and ln.reason == "opening"]
    written = written or [ln.text for ln in c.lines if ln.actor != "candidate"][:1]
    questions = sum(s.strip().endswith("?") for t in written for s in _SENTENCE.findall(t))
    topic = set(content_words(c.subject, lang))
    for text in written:
        topic |= content_words(text, lang)
    return max(1, questions), topic


def written_answer(ctx: MeasureContext) -> MeasureResult:
    """A written message gets an answer with substance (MC ACVD C3.2 « tant au niveau du
    fond »): WORDS_PER_POINT content words for each question it asked, on its topic (a word or
    a reference of the customer's). Two words, or formulas alone, answer nothing."""
    return _answered(ctx, "written_answer", WRITTEN_MESSAGES)


def email_answer(ctx: MeasureContext) -> MeasureResult:
    """An e-mail is answered by a letter that answers it (CP FFP C2 « une réponse adaptée à la
    nature du canal », CQP C.1.13): the written answer's test on e-mails alone. A complaint's
    thread, answered line by line while the customer answers back, is a conversation: what it
    is told is judged with the request's answer, not here."""
    return _answered(ctx, "email_answer", LETTERS)


def _answered(ctx: MeasureContext, name: str, to: tuple[str, ...]) -> MeasureResult:
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        sent = replies(c, to)
        unanswered = c.channel == REPLY_CHANNEL and c.handled and not c.candidate_lines
        if not sent and not unanswered:
            continue
        points, topic = _asked(ctx, c)
        said = substance(ctx, c, [ln.text for ln in sent])
        on_topic = bool({root(w) for w in said} & {root(w) for w in topic}) or bool(
            references(said) & references(topic)
        )
        needed = WORDS_PER_POINT * points
        ok = bool(sent) and on_topic and len(said) >= needed
        items[c.id] = ok
        where = sent[-1] if sent else None
        note = Text(
            "note.written_answer_ok" if ok else "note.written_answer_thin",
            contact=c.id,
            words=len(said),
            needed=needed,
            points=points,
        )
        if where is not None:
            (good if ok else bad).append(ev_of(where, note))
        else:
            bad.append(Evidence(c.offered.seq, c.offered.sim, note))
    return habit(name, items, bad, good, Text("detail.no_written_reply"))


__all__ = [
    "email_answer",
    "form_faults",
    "replies",
    "substance",
    "written_answer",
    "written_form",
    "client_written_form",
]
