"""The instant written channels' own form: a chat or an SMS is not a letter, and a chat is a
conversation of turns.

CP FFP C2 « formule une réponse adaptée à la nature du canal », « La réponse rédigée … est
cohérente par rapport au canal choisi » ; RNCP bloc 1 C15 « Etablir une dynamique
e-relationnelle », « La stratégie comportementale et rédactionnelle est adaptée aux moyens de
communication ». Neither référentiel counts words (CQP's « 4-5 mots maximum par envoi » is
CQP's, read by chat_words_per_send): what they ask is the channel's form. A letter's heading and
ceremony in a chat or an SMS, or a chat sent as paragraphs, is the letter's form in the wrong
channel. E-mails keep their letter form (written_form).
"""

from __future__ import annotations

import re

from omnisim.i18n import Text
from omnisim.language import count_words
from omnisim.language.civility import kind_of
from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list
from omnisim.language.match import is_question
from omnisim.measures.context import MeasureContext, ev_of
from omnisim.measures.conversation import chat_sends
from omnisim.measures.exchange import internal
from omnisim.measures.habit import per_conversation
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line

INSTANT = ("chat", "sms")  # the written channels answered as a conversation, not as a letter
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")

# A letter's formula of address as a heading: a civility (« Madame Roux », or after a word of
# address, « Cher Monsieur », data of markers_<lang>.yaml), a comma, then a new sentence or line
# (« Madame, Je vous remercie »). « Bonjour Madame, je… » is a greeting.
_HEADING = re.compile(r"^\s*(\w+)(?:\s+[\w-]+)?\s*,\s*(\n|\w)")  # then a capital or a line

# A sentence ends on « . ! ? … » before a space or the end, not after an initial or a title's
# abbreviation (« M. Roux », « Mme. », « Dr. »).
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMme)(?<!\bMM)(?<!\bDr)(?<!\bMr)(?<!\bMs)[.!?…]+(?=\s|$)"
)

# A chat turn is a sentence or two; three sentences running over two lines of a chat window
# (about fifteen words a line) sent at once are a paragraph, a block. Three short ones (« Retour :
# formulaire signé + index. Est-ce clair ? Autre question ? ») are turns sent together. The
# tolerance is chat_words_per_send's (CQP C.1.9, round 12): an occasional longer send, one in
# ten, is a slip, not the chat written as paragraphs.
BLOCK_SENTENCES = 3
BLOCK_WORDS = 30
BLOCKS_TOLERATED = 0.1
# A letter once among the session's chats and SMS is tolerated when there are three or more of
# them (a habit is judged, as checking.ONE_SLIP_FROM reads the techniques); fewer, each counts.
LETTERS_TOLERATED_FROM = 3


def _has(folded: str, phrases: frozenset[str]) -> bool:
    return any(re.search(rf"(?<![\w']){re.escape(p)}(?![\w])", folded) for p in phrases)


def sentences(text: str) -> int:
    """How many sentences ``text`` holds (a fragment without a word is none)."""
    parts = _SENTENCE_END.split(text)
    return sum(1 for p in parts if re.search(r"\w", p))


# An SMS is one message of a few sentences, not a chat's turn: one courteous turn of phrase in
# it (« je me permets de vous rappeler… ») is no letter; its devices piled up are (round 20).
SMS_DEVICES = 2


def _letter_like(text: str, lang: str, channel: str = "chat") -> bool:
    """A letter's heading or ceremony, or its devices in a paragraph (two of them in an SMS)."""
    folded = fold(text)
    words = text.split(maxsplit=1)
    if len(words) == 2 and fold(words[0]) in word_list(lang, "letter_address_words"):
        text = words[1]  # « Cher Monsieur, » is headed by its civility
    heading = _HEADING.match(text)
    if heading and kind_of(heading.group(1)) and not heading.group(2).islower():
        return True
    if _has(folded, word_list(lang, "letter_ceremony")):
        return True
    devices = sum(_has(folded, frozenset({d})) for d in word_list(lang, "letter_devices"))
    need = SMS_DEVICES if channel == "sms" else 1
    return sentences(text) >= BLOCK_SENTENCES and devices >= need


def _instant_lines(ctx: MeasureContext) -> dict[str, list[Line]]:
    out: dict[str, list[Line]] = {}
    for c in ctx.view.contacts.values():
        lines = [ln for ln in c.candidate_lines if ln.channel in INSTANT]
        if lines:
            out[c.id] = lines
    return out


def letter_register(ctx: MeasureContext) -> MeasureResult:
    """CP FFP C2, RNCP C15: the chats and SMS answered in their form, not as letters."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for cid, lines in _instant_lines(ctx).items():
        lang = ctx.lang_of(ctx.view.contacts[cid])
        letter = next((ln for ln in lines if _letter_like(ln.text, lang, ln.channel)), None)
        items[cid] = letter is None
        if letter is not None:
            bad.append(
                ev_of(letter, Text("note.letter_in_instant", contact=cid, text=letter.text[:80]))
            )
        else:
            good.append(ev_of(lines[0], Text("note.instant_form", contact=cid, count=len(lines))))
    if not items:
        return MeasureResult("letter_register", {}, None, None, (), Text("detail.no_instant_send"))
    tolerated = 1 if len(items) >= LETTERS_TOLERATED_FROM else 0
    ok = len(bad) <= tolerated
    evidence = tuple(sorted(bad + good, key=lambda e: e.seq))
    return MeasureResult("letter_register", items, tolerated, ok, evidence)


def chat_turns(ctx: MeasureContext) -> MeasureResult:
    """RNCP C15 « dynamique e-relationnelle »: the chat sent in turns of a sentence or two, not
    in paragraphs; no word count of its own."""
    items: dict[str, int] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for line in chat_sends(ctx):
        n = sentences(line.text)
        items[f"#{line.seq}"] = n
        block = n >= BLOCK_SENTENCES and count_words(line.text) > BLOCK_WORDS
        (bad if block else good).append(ev_of(line, Text("note.sentences", sentences=n)))
    if not items:
        return MeasureResult("chat_turns", {}, None, None, (), Text("detail.no_chat_send"))
    ok = len(bad) <= BLOCKS_TOLERATED * len(items)
    evidence = tuple(sorted(bad + good, key=lambda e: e.seq))
    return MeasureResult("chat_turns", items, BLOCK_SENTENCES, ok, evidence)


def _asks(ctx: MeasureContext, c: ContactView) -> Line | None:
    """The candidate's first send putting something to the customer: a question in it."""
    return next(
        (ln for ln in c.candidate_lines if any(is_question(s) for s in _SENTENCE.split(ln.text))),
        None,
    )


def chat_asks(ctx: MeasureContext) -> MeasureResult:
    """RNCP C15 « Etablir une dynamique e-relationnelle »: a chat is an exchange, and the
    candidate puts something to the customer in each (a detail asked, a check, more help
    offered); sends that only state, then the close, leave them nothing to answer
    (hand_ccs_rc_habitat weak: « sans question ni échange », round 18). A colleague's chat is
    the house's."""
    return per_conversation(
        ctx,
        "chat_asks",
        _asks,
        lambda ctx, c: c.channel == "chat" and not internal(ctx, c) and bool(c.candidate_lines),
        Text("detail.no_chat_send"),
    )
