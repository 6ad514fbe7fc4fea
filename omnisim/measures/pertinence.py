"""Whether a written answer answers what the customer asked: CP FFP C2 « La réponse rédigée par
le candidat est cohérente par rapport au canal choisi et pertinente au regard de la demande
formulée par le contact entrant » ; CQP C.1.10 « Si information particulière est disponible dans
le dossier du donneur d'ordres : répondre précisément à la demande particulière ».

Pertinence is read against the key, never guessed: a contact whose key lists ``answer_points``
(what the answer must give, each with the wordings a jury accepts) is answered pertinently when
the candidate's written lines on it (e-mail, SMS, chat, complaint: on the contact's channel or
the one it was moved to, over one send or several) give every point; a call the candidate moved to
writing is read with what was said on it, and a call whose key names no written channel (an
outbound call confirming a scan: the date, fasting, a blood test) with what the candidate said on
it. An acknowledgement or a forwarding without the points is not an answer: a wording the
customer also wrote (« j'attends des excuses ») counts only outside an echo of their words
(« vous attendez des excuses » gives nothing, « nous vous présentons nos excuses » does; the deck
check warns of it). A contact whose key is silent is not judged here. A principal collecting
their messages (an internal contact) is given them back, not answered: restitution.py.
"""

from __future__ import annotations

import re

from omnisim.deck.key import AnswerPoint, Point
from omnisim.deck.model import Contact, Deck
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list
from omnisim.language.match import matches_any
from omnisim.language.substance import figures, names, root
from omnisim.measures.context import MeasureContext, ev_of
from omnisim.measures.exchange import internal_contact
from omnisim.measures.habit import habit
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line

SPOKEN = "phone"  # the one channel whose lines are not written


def written_lines(c: ContactView) -> list[Line]:
    """The candidate's written lines on a contact, whatever the written channel."""
    return [ln for ln in c.candidate_lines if ln.channel != SPOKEN]


# A wording is accepted in its word, not its ending: a key that accepts « excuses » is given by
# « veuillez nous excuser », « nous nous excusons » (round 17, a writer's key listed the noun
# and « excusez », the candidate wrote the infinitive). Verb endings of French only, longest
# first, and what remains keeps four letters: a derived noun is another word (« atteste » in
# a body is not « votre attestation » promised: hand3_cp_ffp_energie's jury).
_ENDINGS = ("erions", "erons", "erez", "ions", "iez", "ons", "ez", "er")


def _form(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return root(word[: -len(ending)])
    return root(word)


def _forms(text: str, lang: str) -> set[str]:
    """The text's content words by their forms, hyphens apart (« Excusez-nous »), its figures
    whole."""
    stop = word_list(lang, "function_words")
    rest, whole = figures(text)  # amounts and times whole (substance.py)
    words = re.findall(r"[a-z0-9]+", fold(rest))
    return {_form(w) for w in words if w not in stop and (len(w) > 1 or w.isdigit())} | whole


def _holds(text: str, wording: str, lang: str) -> bool:
    if names(text, wording, lang):
        return True
    want = _forms(wording, lang)
    return bool(want) and want <= _forms(text, lang)


def _echo(sentence: str, lang: str) -> bool:
    """The sentence gives the customer's words back as theirs (« vous attendez des excuses »,
    « si je comprends bien, vous demandez… »): a restatement, not an answer (fmt18)."""
    folded = fold(sentence)
    said = word_list(lang, "reformulation") | word_list(lang, "echo_openers")
    return any(re.search(rf"(?<![\w']){re.escape(w)}(?![\w'])", folded) for w in said)


def _unechoed(text: str, lang: str) -> str:
    return "\n".join(s for s in re.split(r"(?<=[.!?…:;])\s+|\n+", text) if not _echo(s, lang))


def gives(text: str, point: Point, lang: str, asked: str = "") -> bool:
    """``text`` holds one of the point's accepted wordings (substance.names: every content word,
    any order, case, accents, plural and feminine endings aside), or every word of one in
    another form (:data:`_ENDINGS`); a wording the customer wrote in ``asked`` counts only
    outside the sentences that echo them."""
    accepted = [w for w in point.accepts if w.strip()]
    own = _unechoed(text, lang) if asked else text
    return any(_holds(own if asked and _holds(asked, w, lang) else text, w, lang) for w in accepted)


def customer_words(contact: Contact, c: ContactView) -> str:
    """What the customer wrote or said on the contact: the words an answer may only echo."""
    theirs = [ln.text for ln in c.lines if ln.actor == "customer"]
    return "\n".join([contact.subject, contact.opening, *theirs])


def owed(contact: Contact, c: ContactView) -> tuple[AnswerPoint, ...]:
    """The key's points the answer owes: every point, but one owed only once the customer asks
    (``when_asked``) when they did, in the subject, the opening or any later line. The demand
    judged is the one « formulée par le contact entrant » (CP FFP C2): a point never asked for
    is not failed for not being volunteered."""
    said = customer_words(contact, c)
    return tuple(
        p for p in contact.key.answer_points if not p.when_asked or matches_any(said, p.when_asked)
    )


def written_channels(contact: Contact) -> set[str]:
    """The written channels the key names for the reply (none: a call is answered on the line)."""
    key = contact.key
    named: set[str] = {ch for ch in (*key.reply_channels, key.reply_channel_needed) if ch}
    return named - {SPOKEN}


def answer_asked(deck: Deck, contact: Contact) -> bool:
    """A customer whose key lists what the answer gives (a principal's is restitution.py's)."""
    return bool(contact.key.answer_points) and not internal_contact(deck, contact)


def answer_pertinent(ctx: MeasureContext) -> MeasureResult:
    """Each written answer gives every point the key asks of it (a habit over the answers):
    the evidence names the points given and those missing, for the jury."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not answer_asked(ctx.deck, contact):
            continue
        points = owed(contact, c)
        if not points:
            continue  # every point waits for a question the customer never asked
        written = written_lines(c)
        spoken = c.channel == SPOKEN and not written_channels(contact)
        if spoken and not c.candidate_lines:
            continue  # a call kept on the phone, not yet taken or placed
        if not spoken and not written and not (c.channel != SPOKEN and c.handled):
            continue  # not answered in writing, or not yet taken
        # A call is answered by what is said on it, and a call moved to writing by the call and
        # its e-mail together (the document sent, what it is for said on the line).
        told = c.candidate_lines if c.channel == SPOKEN else written
        text = "\n".join(ln.text for ln in told)
        lang = ctx.lang_of(c)
        asked = customer_words(contact, c)
        given = tuple(p.label for p in points if gives(text, p, lang, asked))
        missing = tuple(p.label for p in points if p.label not in given)
        items[c.id] = not missing
        if missing:
            note = Text("note.answer_points_missing", contact=c.id, missing=missing, given=given)
            if given:
                note = Text(
                    "note.answer_points_partial", contact=c.id, missing=missing, given=given
                )
            if told:
                bad.append(ev_of((written or told)[-1], note))
            else:
                bad.append(Evidence(c.offered.seq, c.offered.sim, note))
        else:
            note = Text("note.answer_points_given", contact=c.id, given=given)
            good.append(ev_of((written or told)[-1], note))
    return habit("answer_pertinent", items, bad, good, Text("detail.no_answer_points"))


__all__ = [
    "answer_asked",
    "answer_pertinent",
    "customer_words",
    "gives",
    "owed",
    "written_lines",
]
