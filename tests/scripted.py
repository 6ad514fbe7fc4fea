"""Scripted candidates that play a whole deck: a careful one and a careless one.

They read the deck's answer key (a test may; a browser never can) and react to
the events a candidate would see. Two drivers run them: directly on a runtime
with a fake wall clock (deterministic: determinism and golden tests) and over
real socket.io connections (end-to-end tests).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from omnisim.deck import Deck
from omnisim.deck.model import Contact

Step = tuple[float, str, dict[str, Any]]  # (delay in active seconds, action, data)


def _short(text: str, channel: str, limit: int = 5) -> str:
    """Chat sends stay within 4-5 words (CQP C.1.9) for the careful candidate."""
    if channel != "chat":
        return text
    return " ".join(text.split()[:limit])


@dataclass
class ScriptedCandidate:
    deck: Deck
    scripts: dict[str, Any]
    careful: bool = True
    agent: str = "Julie"
    taken_messages: list[str] = field(default_factory=list)

    def on_event(self, event: dict[str, Any]) -> list[Step]:
        kind, p = event["type"], event["payload"]
        if kind == "contact.offered":
            contact = self.deck.contact(p["contact_id"])
            return self._offered(contact) if contact else []
        if kind == "message.sent" and event["actor"] == "customer":
            contact = self.deck.contact(p["contact_id"])
            if contact and any(t.prompt == p["text"] for t in contact.key.traps):
                return self._trap(contact)
        if kind == "session.ended":
            return []
        return []

    def finish(self) -> list[Step]:
        """End-of-shift writing: incident report and hand-over."""
        if not self.careful:
            return []
        urgent = [
            c.customer.name for c in self.deck.contacts if c.key.urgent or c.channel == "complaint"
        ]
        steps: list[Step] = []
        if urgent:
            text = "Incidents : " + ", ".join(urgent) + "."
            steps.append((2, "report", {"kind": "incident", "text": text}))
        handover = "Messages transmis : " + (", ".join(self.taken_messages) or "aucun") + "."
        steps.append((2, "report", {"kind": "handover", "text": handover}))
        return steps

    # -- a contact, from pickup to close ------------------------------------------------
    def _offered(self, c: Contact) -> list[Step]:
        cid, ch = c.id, c.channel
        reply_channel = ch if ch != "complaint" else "email"

        def send(text: str) -> tuple[str, dict[str, Any]]:
            return ("send", {"contact_id": cid, "text": _short(text, ch)})

        principal = self.deck.principal(c.principal)
        company = principal.name if principal else "le service clients"
        steps: list[Step] = [(4 if self.careful else 40, "pickup", {"contact_id": cid})]
        if not self.careful:
            steps += [
                (3, *send("slt, c pr koi ?")),
                (3, *send("C'est pas mon problème, débrouillez-vous avec votre dossier.")),
                (3, *send("Pas mon problème.")),
                (3, "close", {"contact_id": cid}),
            ]
            return steps
        steps.append((2, *send(f"Bonjour, {company}, {self.agent}.")))
        script = self.scripts.get(c.key.script) if c.key.script else None
        questions = [s.ask[0] if s.ask else s.question for s in script.steps] if script else []
        questions += [f.ask[0] for f in c.facts if f.ask and f.ask[0] not in questions]
        for question in questions:
            steps.append((4, *send(f"{question} ?")))
        steps.append((3, *send("Si je comprends bien, c'est noté ?")))
        steps.append((2, *send("Je consulte votre dossier.")))
        steps.extend(self._crm(c))
        steps.append((3, *send("Pour résumer, c'est noté.")))
        steps.append((2, *send("Ai-je répondu à votre demande ?")))
        steps.append((2, *send("Merci, bonne journée.")))
        if c.key.reply_channels and reply_channel not in c.key.reply_channels:
            other = c.key.reply_channels[0]
            steps.append(
                (
                    2,
                    "send",
                    {
                        "contact_id": cid,
                        "channel": other,
                        "text": "Je vous confirme par écrit.",
                        "justification": "Une trace écrite est demandée.",
                    },
                )
            )
        steps.append(
            (
                2,
                "crm_trace",
                {
                    "contact_id": cid,
                    "record_id": c.customer.record,
                    "summary": c.subject or "Demande traitée.",
                },
            )
        )
        if c.key.transfer_to:
            steps.append((2, "transfer", {"contact_id": cid, "to": c.key.transfer_to}))
        else:
            steps.append((2, "close", {"contact_id": cid}))
        return steps

    def _crm(self, c: Contact) -> list[Step]:
        steps: list[Step] = []
        for expected in c.key.crm:
            if expected.action == "create":
                steps.append(
                    (
                        2,
                        "crm_create",
                        {
                            "contact_id": c.id,
                            "fields": dict(expected.fields)
                            or {"last_name": c.customer.name.split()[-1]},
                        },
                    )
                )
            elif expected.action == "update" and expected.record:
                steps.append(
                    (
                        2,
                        "crm_update",
                        {
                            "contact_id": c.id,
                            "record_id": expected.record,
                            "fields": dict(expected.fields),
                        },
                    )
                )
            elif expected.action == "followup":
                steps.append(
                    (
                        2,
                        "crm_followup",
                        {
                            "contact_id": c.id,
                            "record_id": expected.record or c.customer.record,
                            "action": expected.note or "rappel",
                        },
                    )
                )
            elif expected.action == "appointment" and expected.slot:
                steps.append(
                    (
                        2,
                        "agenda_book",
                        {
                            "principal": c.principal,
                            "start": expected.slot,
                            "contact_id": c.id,
                            "record_id": expected.record,
                        },
                    )
                )
                hour = expected.slot.partition("T")[2].replace(":", "h")
                steps.append(
                    (
                        2,
                        "send",
                        {"contact_id": c.id, "text": _short(f"Rendez-vous à {hour}.", c.channel)},
                    )
                )
            elif expected.action == "message":
                caller = c.customer.name
                self.taken_messages.append(caller)
                steps.append(
                    (
                        2,
                        "take_message",
                        {
                            "principal": c.principal,
                            "for_whom": expected.fields.get("for_whom", c.principal),
                            "caller": caller,
                            "phone": c.customer.phone or "non communiqué",
                            "text": expected.note or c.subject or "Merci de rappeler.",
                            "contact_id": c.id,
                        },
                    )
                )
        return steps

    def _trap(self, c: Contact) -> list[Step]:
        if self.careful:
            return [
                (
                    3,
                    "send",
                    {
                        "contact_id": c.id,
                        "text": _short("Je ne peux pas communiquer cette information.", c.channel),
                    },
                )
            ]
        leaked = c.key.traps[0].protected[0] if c.key.traps and c.key.traps[0].protected else "oui"
        return [(3, "send", {"contact_id": c.id, "text": f"Bien sûr : {leaked}"})]


class FakeWall:
    """A wall clock the test moves by hand: the run is the same on any machine, at any load."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t


async def play_direct(deck_path: Any, careful: bool, step: float = 0.25) -> list[Any]:
    """Play a whole deck on a runtime with a fake wall clock; return the stored log."""
    import asyncio
    import heapq

    from omnisim import events as ev
    from omnisim.actions import parse_action
    from omnisim.engine import ActionRefused
    from omnisim.events import Draft
    from omnisim.runtime import SessionRuntime
    from omnisim.scenario import load_scenario
    from omnisim.store import open_store
    from omnisim.views import project_all

    # Parsing a deck is CPU work: off the loop, or a loaded machine trips the loop guard.
    scenario = await asyncio.to_thread(load_scenario, deck_path)
    deck = scenario.deck
    bot = ScriptedCandidate(deck, dict(scenario.scripts), careful)
    store = open_store(":memory:")
    wall = FakeWall()
    inbox: list[dict[str, Any]] = []

    async def publish(events: Any) -> None:
        inbox.extend(project_all("candidate", list(events)))

    runtime = SessionRuntime("scripted", scenario, store, publish, wall)
    created = ev.SessionCreated(
        deck.id,
        deck.title,
        deck.seed,
        deck.time_factor,
        deck.language,
        deck_hash=scenario.content_hash,
    )
    await runtime.record([Draft("system", created)])
    agenda: list[tuple[float, int, str, dict[str, Any]]] = []
    order = 0

    def plan(steps: list[Step], at: float) -> None:
        nonlocal order
        for delay, kind, data in steps:
            at += delay
            order += 1
            heapq.heappush(agenda, (at, order, kind, data))

    plan([(0.0, "start", {})], wall.t)
    finished = False
    while not runtime.engine.state.ended:
        while inbox:
            event = inbox.pop(0)
            plan(bot.on_event(event), wall.t)
        while agenda and agenda[0][0] <= wall.t:
            _, _, kind, data = heapq.heappop(agenda)
            # Refused (e.g. the contact is already closed): a real candidate would see that too.
            with contextlib.suppress(ActionRefused):
                await runtime.act("candidate", parse_action(kind, data, "candidate"))
        sim = runtime.engine.state.clock.now(wall.t)
        if not finished and sim >= deck.duration - 120 * deck.time_factor:
            finished = True
            plan(bot.finish(), wall.t)
        wall.t += step
        await runtime.tick()
    log = await store.read("scripted")
    await store.close()
    return log


async def play_socket(
    live: Any, deck_path: Any, careful: bool, time_factor: float
) -> list[dict[str, Any]]:
    """Play a deck over real socket.io at ``time_factor``; the bot's pauses scale with it.

    ``live`` is the in-process server fixture (tests/conftest.py). Returns what the
    candidate's connection received.
    """
    import asyncio

    from omnisim.deck import load_deck
    from omnisim.deck.scripts import load_scripts

    deck = load_deck(deck_path)
    scale = deck.time_factor / time_factor  # the deck's own pace, only faster
    bot = ScriptedCandidate(deck, load_scripts(), careful)
    tokens = await live.session(deck_path, time_factor=time_factor)
    client = await live.connect(tokens.candidate)
    tasks: list[asyncio.Task[None]] = []

    async def run(steps: list[Step]) -> None:
        for delay, kind, data in steps:
            await asyncio.sleep(delay * scale)
            await client.act(kind, data)  # refusals (contact already gone) are part of life

    seen = 0
    await client.act("start")
    end_wall = deck.duration / time_factor
    started = asyncio.get_running_loop().time()
    finished = False
    while not any(e["type"] == "session.ended" for e in client.events):
        for event in client.events[seen:]:
            tasks.append(asyncio.create_task(run(bot.on_event(event))))
        seen = len(client.events)
        elapsed = asyncio.get_running_loop().time() - started
        if not finished and elapsed >= end_wall - 120 * scale:
            finished = True
            tasks.append(asyncio.create_task(run(bot.finish())))
        if elapsed > end_wall + 30:
            raise AssertionError("the session did not end")
        await asyncio.sleep(0.005)
    for task in tasks:
        task.cancel()
    return client.events
