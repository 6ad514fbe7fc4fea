"""The deck library on both stores: versions, conflicts, publication, archive and delete."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import pytest

from omnisim.deck.document import files_of
from omnisim.deck.yamlpos import DeckError
from omnisim.exams.roster import RosterEntry
from omnisim.live.exams import Exams
from omnisim.live.library import DeckConflict, Library
from omnisim.refusals import RefusalError

ROOT = Path(__file__).resolve().parents[2]


def zip_of(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for relpath, text in files.items():
            archive.writestr(f"deck/{relpath}", text)
    return buffer.getvalue()


async def test_saves_make_versions_and_a_stale_save_is_a_conflict(make_store):
    store = make_store()
    library = Library(store)
    made = await library.duplicate("t1", "bundled:mini", lambda _title: "Mini (copie)")
    deck = made.deck
    assert made.problems == [] and deck.version == 1 and deck.title == "Mini (copie)"
    doc = copy.deepcopy(deck.document)
    doc["contacts"][0]["at"] = 120
    saved = await library.save("t1", deck.deck_id, 1, doc)
    assert saved.deck.version == 2 and saved.deck.versions[-1].author == "t1"
    same = await library.save("t1", deck.deck_id, 2, doc)  # nothing changed: no version
    assert same.deck.version == 2

    other = Library(store)  # a second worker, or a second trainer's tab
    stale = copy.deepcopy(deck.documents[0])
    stale["settings"]["seed"] = 9
    with pytest.raises(DeckConflict) as conflict:
        await other.save("t2", deck.deck_id, 1, stale)
    theirs = conflict.value.deck.since(conflict.value.base)
    assert [v.author for v in theirs] == ["t1"]
    assert [c.path for c in theirs[0].changes] == [("contacts", "tchat-livraison", "at")]
    assert (await other.deck(deck.deck_id)).document["contacts"][0]["at"] == 120

    restored = await library.restore("t2", deck.deck_id, 1, 2)
    assert restored.deck.version == 3 and restored.deck.versions[-1].restored_from == 1
    assert restored.deck.document == deck.documents[0]
    fresh = Library(store)  # the fold from the whole stream equals the one kept up to date
    await fresh.refresh()
    assert fresh.state.decks == library.state.decks


async def test_drafts_save_with_problems_but_only_a_clean_version_is_published(make_store):
    library = Library(make_store())
    made = await library.duplicate("t1", "bundled:mini", lambda _title: "Brouillon")
    deck_id = made.deck.deck_id
    broken = copy.deepcopy(made.deck.document)
    broken["contacts"][0]["channel"] = "fax"
    saved = await library.save("t1", deck_id, 1, broken)
    assert saved.deck.version == 2 and [p.path for p in saved.problems] == ["contacts[0].channel"]
    assert saved.deck.versions[-1].problems == 1
    refused = await library.publish("t1", deck_id, 2)
    assert [p.path for p in refused] == ["contacts[0].channel"]
    with pytest.raises(RefusalError) as unpublished:
        await library.scenario_for("t1", f"library:{deck_id}", exam=True)
    assert unpublished.value.field == "deck"
    with pytest.raises(DeckError):  # the studio trying the draft: its problems, located
        await library.scenario_for("t1", f"library:{deck_id}")
    assert await library.publish("t1", deck_id, 1) == []
    scenario = await library.scenario_for("t1", f"library:{deck_id}", exam=True)
    assert scenario.deck.contacts[0].channel == "chat"  # the published version, not the draft
    assert scenario.snapshot["deck_root"] == f"library:{deck_id}"
    assert [d.deck_id for d in await library.exam_choices()] == [deck_id]
    await library.archive("t1", deck_id, True)
    assert await library.exam_choices() == []
    with pytest.raises(RefusalError):
        await library.scenario_for("t1", f"library:{deck_id}", exam=True)


async def test_a_zip_imported_twice_is_one_deck_and_a_download_comes_back_the_same(make_store):
    library = Library(make_store())
    demo = await library.duplicate("t1", "bundled:demo", lambda _title: "Démo")
    download = zip_of(dict(files_of(demo.deck.document).files.files))
    imported = await library.import_zip("t2", download, "demo.zip")
    assert imported.problems == [] and imported.deck is not None and not imported.new
    assert imported.deck.deck_id == demo.deck.deck_id  # the same content: no twin

    folder = ROOT / "decks" / "english"
    files = {str(p.relative_to(folder)): p.read_text() for p in folder.rglob("*") if p.is_file()}
    first = await library.import_zip("t1", zip_of(files), "english.zip")
    assert first.deck is not None and first.new and first.deck.published == 1  # usable at once
    again = await library.import_zip("t2", zip_of(files), "english-2.zip")
    assert again.deck is not None and not again.new
    assert again.deck.deck_id == first.deck.deck_id
    broken = files | {"contacts/x.yaml": "id: [unclosed"}
    unread = await library.import_zip("t1", zip_of(broken), "broken.zip")
    assert unread.deck is None and unread.unreadable[0].file.endswith("contacts/x.yaml")
    draft = files | {"contacts/y.yaml": "at: 10\nchannel: fax\ncustomer: {name: X}\nopening: A"}
    refused = await library.import_zip("t1", zip_of(draft), "draft.zip", drafts=False)
    assert refused.deck is None and [p.path for p in refused.problems] == ["contacts[5].channel"]
    kept = await library.import_zip("t1", zip_of(draft), "draft.zip")
    assert kept.deck is not None and kept.new and kept.deck.published == 0


async def test_a_deck_an_exam_was_made_on_cannot_be_deleted(make_store):
    store = make_store()
    library = Library(store)
    used = (await library.duplicate("t1", "bundled:mini", lambda _title: "Utilisé")).deck.deck_id
    spare = (await library.duplicate("t1", "bundled:mini", lambda _title: "Libre")).deck.deck_id
    await library.publish("t1", used, 1)

    exams = Exams(store)
    scenario = await library.scenario_for("t1", f"library:{used}", exam=True)
    await exams.create("t1", scenario, [RosterEntry("Claire", number="1")], mode="training")
    assert len(await library.used_by(used)) == 1
    with pytest.raises(RefusalError) as refused:
        await library.delete("t1", used)
    assert refused.value.key == "err.deck_used"
    await library.delete("t1", spare)
    assert [d.deck_id for d in await library.decks()] == [used]
    with pytest.raises(LookupError):
        await library.deck(spare)
    await exams.close()
