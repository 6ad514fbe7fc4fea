"""Where the référentiels' texts are: ``shared/seeds/`` beside the repository (CI), or beside
one of its parents (a git worktree under ``wt/``)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def seeds_dir() -> Path | None:
    for folder in ROOT.parents:
        candidate = folder / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


SEEDS = seeds_dir()
