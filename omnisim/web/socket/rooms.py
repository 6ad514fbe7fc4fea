"""The socket.io rooms the feed emits to, and what each receives (docs/protocol.md).

A room holds the sockets that see a stream the same way: one per role of an attempt,
one per exam for the trainer's board (every stream of the exam, through the trainer's
view), one per jury member for the grading stream (what each may see differs).
"""

from __future__ import annotations

ROLES = ("candidate", "trainer", "jury")


def role_room(stream: str, role: str) -> str:
    """An attempt's sockets of one role (the desk, the trainer's console, a jury page)."""
    return f"{stream}:{role}"


def board_room(exam_id: str) -> str:
    """The exam's board: every attempt and the exam's own stream, and presence."""
    return f"board:{exam_id}"


def jury_room(stream: str, person: str) -> str:
    """One jury member's sockets following the grading stream, through the blind rule."""
    return f"{stream}:jury:{person}"
