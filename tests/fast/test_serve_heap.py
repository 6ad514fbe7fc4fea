"""A served worker settles its heap once started (omnisim/web/serve.py): start-up's
objects frozen out of the cyclic collector, young collections rarer, and garbage made
before the freeze still collected (not frozen for ever)."""

from __future__ import annotations

import gc
import weakref

from omnisim.web.serve import YOUNG_THRESHOLD, serve, settle_heap


class Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_start_up_objects_are_frozen_and_garbage_is_not():
    threshold = gc.get_threshold()
    kept = Cycle()
    dropped = Cycle()
    gone = weakref.ref(dropped)
    del dropped  # cyclic garbage made before serving: collected, never frozen
    try:
        await settle_heap()
        assert gone() is None
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert kept.me is kept
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_serve_settles_the_heap_after_every_other_start_up_step(monkeypatch, tmp_path):
    from omnisim.settings import Settings
    from omnisim.web import serve as served

    hooks = []
    monkeypatch.setattr(served.web, "run_app", lambda app, **_: hooks.extend(app.on_startup))
    serve(Settings(store=str(tmp_path / "e.db")), None, lambda _text: None, "fr")
    assert hooks[-1] is settle_heap
