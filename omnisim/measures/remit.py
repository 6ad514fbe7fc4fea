"""What the desk must not promise or advise: CQP C.1.10 « Ne répondre que quand une demande entre
le cadre de sa mission », « Se situer dans son périmètre d'intervention » ; CP FFP C2 « pertinente
au regard de la demande formulée par le contact entrant » (a written answer promising what only
the principal decides answers beyond the desk).

Read against the key, never guessed: a contact whose key lists ``forbidden`` items (deck/key.py
``Forbidden``) is out of remit when one of the candidate's sentences to the customer names an
item (every word of one of its ``words``, by stem: « rembourser » finds « remboursé »,
« remboursera », « remboursement ») and

- for a ``promise``, commits to it: a promise said (« promis », « je vous garantis », « je vous
  assure », « c'est sûr ») or the thing said as settled, the item's word carried by a future
  or a passive (« vous serez remboursé », « vous allez être remboursé », « on vous remboursera »,
  « c'est pris en charge »), or the grant (a later word of the item) after « être » (« les frais
  de reprise (89 €) sont offerts »);
- for ``advice``, says it, outside a question (« Vous avez pris un antalgique ? » asks).

A sentence that refuses or denies (« je ne peux rien vous promettre », « je ne peux pas vous
dire si c'est le disque dur »), leaves it to whom decides (« c'est l'expert qui décidera »,
« votre demande de remboursement »), or makes it conditional (« si ») is within the remit. A
contact whose key is silent is not judged. One slip is enough: a promise made is made. An item
that names ``channels`` (« never confirm this by this channel »: a lab result by SMS, a signing
date by chat) is read only on the lines sent on those channels; said on another, it is not.

What the desk must never **ask** for (``kind: ask``: a card's secret code, a password, medical
details it need not know) is read on the same sentences, with the same words and denials
(``forbidden_request``, CQP C.4.4 « Dans toutes circonstances respecter les dispositions
légales de la Loi informatique et Libertés »): a clause that names the thing and does not deny
asks for it when the sentence is a request (the cues the simulated customer hears as one:
« donnez-moi », « s'il vous plaît »), or the clause says the desk needs it (« j'ai besoin de
votre code »), has the desk receive it with a question or a verb of giving (« pouvez-vous me
donner… ? », « merci de nous communiquer… »), or the question asks what it is (« quel est
votre code secret ? »). A warning (« ne communiquez jamais votre code », « nous ne vous
demanderons jamais votre mot de passe »), « votre code reste secret », a refusal of what the
customer offers, and « avez-vous communiqué votre code ? » (whether, not what) ask nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from omnisim.deck.key import Forbidden
from omnisim.engine.phrases import cues
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list
from omnisim.language.match import is_question, normalise
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line

SPOKEN = "phone"
_SENTENCES = re.compile(r"[^.!?;:\n]+[.!?;:\n]*")
_WORD = re.compile(r"[a-z0-9€]+")
_SAID = "\x00"  # the token a promise said in several words (« sans faute ») becomes


def _words(lang: str, name: str) -> frozenset[str]:
    """A list of markers_<lang>.yaml (« promis », « serez », « ne »…), one word each."""
    return frozenset(w for w in word_list(lang, name) if " " not in w)


def _phrases(lang: str, name: str) -> tuple[str, ...]:
    return tuple(w for w in word_list(lang, name) if " " in w)


def stem(word: str, lang: str = "fr") -> str:
    """A trainer's word as the stem its forms share (« rembourser » → « rembours »)."""
    w = normalise(word)
    for ending in sorted(word_list(lang, "remit_endings"), key=len, reverse=True):
        if w.endswith(ending) and len(w) - len(ending) >= 4:
            return w[: -len(ending)]
    return w


def _tokens(clause: str, lang: str) -> list[str]:
    """The clause's words; manners that deny nothing (« pas de souci ») left out, a promise
    said in several words as one token."""
    text = fold(clause)
    for phrase in _phrases(lang, "remit_manners"):
        text = re.sub(rf"\b{re.escape(phrase)}\b", " ", text)
    said = any(re.search(rf"\b{re.escape(p)}\b", text) for p in _phrases(lang, "remit_promised"))
    tokens = _WORD.findall(text.replace("'", " "))
    return [*tokens, _SAID] if said else tokens


def _found(tokens: list[str], words: str, lang: str) -> list[int]:
    """Where each stem of ``words`` is in the sentence (all of them, or none)."""
    stems = [stem(w, lang) for w in _WORD.findall(normalise(words))]
    if not stems:
        return []
    where = [next((i for i, t in enumerate(tokens) if t.startswith(s)), -1) for s in stems]
    return [] if -1 in where else where


def _committed(
    tokens: list[str], where: list[int], stems: list[str], said: bool, lang: str
) -> bool:
    """The thing promised in words (``said``: in this clause or another of the sentence that
    denies nothing), or its head word (the first of the item's words) carried by a future, a
    passive or the desk doing it: « vous serez remboursé », « on vous envoie un plombier
    demain »; « un plombier est missionné cette semaine » settles the commission, not the
    date (the scripted plateau strong, acquis)."""
    if said:
        return True
    i, s = where[0], stems[0]
    future = tuple(word_list(lang, "remit_future"))
    if future and tokens[i][len(s) :].lstrip("e").endswith(future) and len(tokens[i]) > len(s) + 2:
        return True  # « remboursera », « dédommagerons »
    before = tokens[max(0, i - 3) : i]
    if _words(lang, "remit_settled") & set(before):
        return True
    if any(_settled_attribute(tokens, j, lang) for j in where[1:] if j > i):
        return True
    desk = _words(lang, "remit_desk") & set(tokens[max(0, i - 4) : i])
    return bool(desk and _words(lang, "remit_you") & set(before))


def _settled_attribute(tokens: list[str], j: int, lang: str) -> bool:
    """A later word of the item (the grant: « offerts », « gratuit », « annulées ») said as
    settled by « être » standing right before it, an adverb allowed between (``remit_copula``,
    ``remit_adverbs``): « les frais de reprise (89 €) sont offerts », « votre prochain mois est
    gratuit », « les pénalités sont exceptionnellement annulées ». The amount or complement
    between the thing and its grant does not unsay it (round 22, the furniture retailer's
    mixed: « les frais de reprise (89 €) sont offerts », CCS-RC C4 non acquis). The verb
    carrying another word settles only that word: « un technicien est mandaté, il vous appellera
    demain » settles the commission, not « demain »."""
    copula, adverbs = _words(lang, "remit_copula"), _words(lang, "remit_adverbs")
    k = j - 1
    while k >= 0 and tokens[k] in adverbs:
        k -= 1
    return k >= 0 and tokens[k] in copula


def customer_statements(lines: Sequence[str], lang: str = "fr") -> list[list[str]]:
    """The customer's sentences that ask nothing, as the words ``breaches`` reads: what they
    told of themselves (« ma mère garde les enfants »), not what they asked the desk."""
    return [
        _tokens(sentence, lang)
        for text in lines
        for sentence in _SENTENCES.findall(text)
        if not sentence.rstrip().endswith("?")
    ]


def _span_in(span: list[str], heard: list[str], lang: str) -> bool:
    """``span``'s words, by stem, follow one another in ``heard``."""
    want = [stem(t, lang) for t in span]
    have = [stem(t, lang) for t in heard]
    n = len(want)
    return any(have[i : i + n] == want for i in range(len(have) - n + 1))


def _said_back(tokens: list[str], where: list[int], heard: list[list[str]], lang: str) -> bool:
    """The clause says back the customer's own statement: the item's words, from its first to
    its last, follow one another in a sentence of the customer that asks nothing, and the clause
    turns them into no advice of the desk — no imperative (a verb in -ez with no « vous »
    before it: « Donnez-lui du lait »), no modal, recommendation or future
    (``remit_instruction``: « vous pouvez », « il vaut mieux », « vous allez »; the future
    endings ``remit_future``)."""
    span = tokens[min(where) : max(where) + 1]
    if not any(_span_in(span, said, lang) for said in heard):
        return False
    you, instruction = _words(lang, "remit_you"), _words(lang, "remit_instruction")
    future = tuple(word_list(lang, "remit_future"))
    function = word_list(lang, "function_words")
    for i, token in enumerate(tokens):
        if token in instruction:
            return False
        if token in function or len(token) < 4:
            continue
        if lang == "fr" and token.endswith("ez") and (i == 0 or tokens[i - 1] not in you):
            return False  # « Donnez-lui du lait », « Gardez les enfants »
        if future and token.endswith(future) and len(token) > 5:
            return False  # « vous garderez », « laissera »
    return True


def breaches(
    sentence: str, item: Forbidden, lang: str = "fr", heard: Sequence[list[str]] = ()
) -> bool:
    """The sentence promises or advises the forbidden ``item``; a clause (between commas) that
    denies, leaves the decision to another or sets a condition says nothing of it. ``heard``:
    the customer's statements before it (:func:`customer_statements`); an advice item's words
    said back from one of them, turned into no advice, are the customer's, not the desk's
    (round 22, r22e: « Le mercredi, c'est le mieux, ma mère garde les enfants » restated)."""
    if item.kind == "advice" and sentence.rstrip().endswith("?"):
        return False  # a question asks what was done, it advises nothing
    clauses = [_tokens(part, lang) for part in sentence.split(",")]
    closed = _words(lang, "remit_denied") | _words(lang, "remit_left")
    open_ = [t for t in clauses if not closed & set(t)]
    promised = _words(lang, "remit_promised") | {_SAID}
    said = any(promised & set(t) for t in open_)
    for tokens in open_:
        for words in item.words:
            where = _found(tokens, words, lang)
            if not where:
                continue
            if item.kind == "advice":
                if _said_back(tokens, where, list(heard), lang):
                    continue
                return True
            stems = [stem(w, lang) for w in _WORD.findall(normalise(words))]
            if _committed(tokens, where, stems, said, lang):
                return True
    return False


def _desk_receives(tokens: list[str], lang: str) -> bool:
    """« me », « moi », and « nous » as the one given to (« merci de nous communiquer »,
    « envoyez-nous »), never the desk's own subject (« je me permets », « nous allons vous
    envoyer »)."""
    desk, us = _words(lang, "ask_desk"), _words(lang, "ask_us")
    subjects, after = _words(lang, "remit_desk"), _words(lang, "ask_us_after")
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        if token in desk and before not in subjects:
            return True
        if token in us and (before in after or before.endswith("ez")):
            return True
    return False


def asks_for(sentence: str, item: Forbidden, lang: str = "fr") -> bool:
    """The sentence asks the customer for the forbidden ``item`` (a question or a request of
    the thing itself); a clause that denies asks nothing."""
    question = is_question(sentence)
    request = "request" in cues(sentence, lang)
    what = question and bool(_words(lang, "ask_what") & set(_tokens(sentence, lang)))
    denied, function = _words(lang, "remit_denied"), word_list(lang, "function_words")
    for part in sentence.split(","):
        tokens = _tokens(part, lang)
        if denied & set(tokens):
            continue
        where = next((w for words in item.words if (w := _found(tokens, words, lang))), [])
        if not where:
            continue
        spaced = f" {' '.join(tokens)} "
        if what or any(f" {p} " in spaced for p in _phrases(lang, "ask_need")):
            return True
        giving = question or request or bool(_words(lang, "ask_give") & set(tokens))
        if giving and _desk_receives(tokens, lang):
            return True
        rest = [t for i, t in enumerate(tokens) if i not in where and t not in function]
        if request and not rest:
            return True  # « votre code secret, s'il vous plaît »
    return False


def _breach(
    line: Line, items: tuple[Forbidden, ...], lang: str = "fr", heard: Sequence[list[str]] = ()
) -> tuple[str, Forbidden] | None:
    items = tuple(it for it in items if not it.channels or line.channel in it.channels)
    for sentence in _SENTENCES.findall(line.text):
        item = next((it for it in items if _reads(sentence, it, lang, heard)), None)
        if item is not None:
            return sentence.strip(), item
    return None


def _reads(sentence: str, item: Forbidden, lang: str, heard: Sequence[list[str]]) -> bool:
    if item.kind == "ask":
        return asks_for(sentence, item, lang)
    return breaches(sentence, item, lang, heard)


def _heard_before(c: ContactView, line: Line, lang: str) -> list[list[str]]:
    """What the customer stated before ``line`` (a trap's pressing line aside)."""
    said = [
        ln.text
        for ln in c.lines
        if ln.actor == "customer" and ln.seq < line.seq and not ln.reason.startswith("trap:")
    ]
    return customer_statements(said, lang)


SAID_KINDS = frozenset({"promise", "advice"})  # out_of_remit's; ``ask`` is forbidden_request's


def _judge(
    ctx: MeasureContext, measure: str, written_only: bool, kinds: frozenset[str] = SAID_KINDS
) -> MeasureResult:
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    asking = "ask" in kinds
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        forbidden = tuple(f for f in contact.key.forbidden if f.kind in kinds) if contact else ()
        if not forbidden or not c.handled:
            continue
        lines = _lines(c, written_only)
        lang = ctx.lang_of(c)
        if not lines:
            continue
        found = next(
            (
                (ln, hit)
                for ln in lines
                if (hit := _breach(ln, forbidden, lang, _heard_before(c, ln, lang)))
            ),
            None,
        )
        items[c.id] = found is None
        if found is None:
            note = "note.nothing_forbidden_asked" if asking else "note.within_remit"
            good.append(ev_of(lines[-1], Text(note, contact=c.id)))
        else:
            line, (said, item) = found
            key = f"note.{item.kind}_out_of_remit"
            bad.append(ev_of(line, Text(key, contact=c.id, said=said[:90], label=item.label)))
    none = Text("detail.no_forbidden_ask" if asking else "detail.no_forbidden")
    return verdict(measure, items, bad, good, None, none)


def _lines(c: ContactView, written_only: bool) -> list[Line]:
    return [ln for ln in c.candidate_lines if not written_only or ln.channel != SPOKEN]


def out_of_remit(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.10: nothing the key forbids is promised or advised, said or written."""
    return _judge(ctx, "out_of_remit", written_only=False)


def out_of_remit_written(ctx: MeasureContext) -> MeasureResult:
    """CP FFP C2 « pertinente au regard de la demande »: the same, on the written answers."""
    return _judge(ctx, "out_of_remit_written", written_only=True)


def forbidden_request(ctx: MeasureContext) -> MeasureResult:
    """CQP C.4.4: nothing the key says never to ask for (``kind: ask``) is asked, said or
    written."""
    return _judge(ctx, "forbidden_request", written_only=False, kinds=frozenset({"ask"}))
