"""The simulated clock: deck-compressed time that the trainer can pause.

Pure: the engine re-anchors it at each start/pause/resume event of the log and
asks it for "sim time at this wall time", so a restarted server resumes where it was.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SimClock:
    """``factor`` sim seconds pass per wall second while running.

    ``anchor_wall``/``anchor_sim`` pin the last start or resume; while paused the
    sim time stays at ``anchor_sim``.
    """

    factor: float
    anchor_wall: float = 0.0
    anchor_sim: float = 0.0
    running: bool = False

    def now(self, wall: float) -> float:
        if not self.running:
            return self.anchor_sim
        return self.anchor_sim + max(0.0, wall - self.anchor_wall) * self.factor

    def wall_at(self, sim: float) -> float | None:
        """The wall time at which ``sim`` will be reached, or None while paused."""
        if not self.running:
            return None
        return self.anchor_wall + max(0.0, sim - self.anchor_sim) / self.factor
