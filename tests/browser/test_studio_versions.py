"""The studio's versions in Chromium: two trainers saving the same deck get a conflict (never a
silent overwrite), the history says what changed in words, an old version comes back;
nothing typed is lost on a reload or a lost connection; every field of the deck's JSON
Schema has a control."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Page, expect

from omnisim.deck.jsonschema import document_schema
from omnisim.web.keys import LIBRARY
from tests.browser.test_studio import field, part, saved, sign_in
from tests.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.loop_block_ok(2)]


async def a_deck(live, trainer_id: str, title: str = "Mini du lundi") -> str:
    made = await live.app[LIBRARY].duplicate(trainer_id, "bundled:mini", lambda _t: title)
    return made.deck.deck_id


async def test_a_second_trainers_save_is_a_conflict_shown_in_words(live, browser, screenshot_dir):
    shots = screenshot_dir / "studio"
    shots.mkdir(exist_ok=True)
    anne = await live.accounts.add_trainer("anne", "Anne Formatrice", TEST_PASSWORD)
    await live.accounts.add_trainer("marc", "Marc Coévaluateur", TEST_PASSWORD)
    deck_id = await a_deck(live, anne.id)
    first = await browser.new_context(viewport={"width": 1400, "height": 900})
    second = await browser.new_context(viewport={"width": 1400, "height": 900})
    a, b = await first.new_page(), await second.new_page()
    await sign_in(a, live.url, "anne", f"/decks/{deck_id}")
    await sign_in(b, live.url, "marc", f"/decks/{deck_id}")

    await field(a, "settings.title").fill("Mini du lundi matin")
    await saved(a)
    await part(b, "Contacts")
    await b.locator(".item-list button").first.click()
    await field(b, "contacts[0].opening").fill("Bonjour, mon colis n'est pas arrivé.")
    dialog = b.get_by_role("alertdialog", name="Une autre personne a enregistré ce deck")
    await expect(dialog).to_be_visible(timeout=10000)
    await expect(dialog).to_contain_text("Anne Formatrice")
    await expect(dialog).to_contain_text(
        "Réglages : titre « Mini du lundi » → « Mini du lundi matin »"
    )
    await expect(b.locator(".sync")).to_contain_text("Conflit")
    await b.screenshot(path=str(shots / "conflict.png"))

    await dialog.get_by_role(
        "button", name="Garder mes modifications par-dessus les siennes"
    ).click()
    await saved(b)
    await part(b, "Réglages")
    await expect(field(b, "settings.title")).to_have_value("Mini du lundi matin")  # theirs kept
    deck = await live.app[LIBRARY].deck(deck_id)
    assert deck.version == 3 and [v.author for v in deck.versions] == [
        anne.id,
        anne.id,
        deck.versions[2].author,
    ]
    assert deck.document["contacts"][0]["opening"] == "Bonjour, mon colis n'est pas arrivé."
    assert deck.document["settings"]["title"] == "Mini du lundi matin"

    # The history, the difference between two versions in words, and a restore.
    await b.get_by_role("button", name="Historique").click()
    history = b.locator("ol.history > li")
    await expect(history).to_have_count(3)
    await expect(history.first).to_contain_text("Marc Coévaluateur")
    await b.get_by_label("De la").select_option("1")
    await b.get_by_label("à la").select_option("3")
    await b.get_by_role("button", name="Comparer").click()
    difference = b.get_by_role("region", name="Ce qui change de la version 1 à la version 3")
    await expect(difference).to_contain_text(
        "Réglages : titre « Mini du lundi » → « Mini du lundi matin »"
    )
    await expect(difference).to_contain_text("Contact tchat-livraison : première phrase")
    await b.screenshot(path=str(shots / "version-difference.png"))
    await history.last.get_by_role("button", name="Revenir à la version 1").click()
    await expect(b.locator(".notice")).to_contain_text("La version 1 est revenue")
    await expect(history).to_have_count(4)
    await expect(history.first).to_contain_text("Retour à la version 1")
    assert (await live.app[LIBRARY].deck(deck_id)).document == deck.documents[0]
    await first.close()
    await second.close()


async def test_nothing_typed_is_lost_on_a_reload_or_a_lost_connection(live, browser):
    anne = await live.accounts.add_trainer("anne", "Anne Formatrice", TEST_PASSWORD)
    deck_id = await a_deck(live, anne.id)
    context = await browser.new_context()
    page = await context.new_page()
    await sign_in(page, live.url, "anne", f"/decks/{deck_id}")
    await field(page, "settings.title").fill("Tapé puis rechargé")
    await page.reload()  # before the pause that saves it: kept in the browser
    await expect(page.locator(".notice")).to_contain_text("retrouvées dans ce navigateur")
    await expect(field(page, "settings.title")).to_have_value("Tapé puis rechargé")
    await saved(page)
    assert (await live.app[LIBRARY].deck(deck_id)).title == "Tapé puis rechargé"

    await context.set_offline(True)
    await field(page, "settings.title").fill("Écrit hors ligne")
    await expect(page.locator(".sync")).to_contain_text("Hors ligne", timeout=10000)
    kept = await page.evaluate(f"localStorage.getItem('omnisim:studio:{deck_id}')")
    assert kept and "Écrit hors ligne" in kept
    await context.set_offline(False)
    await saved(page)  # sent again by itself
    assert (await live.app[LIBRARY].deck(deck_id)).title == "Écrit hors ligne"
    await context.close()


# -- every field of the schema has a control ------------------------------------------


def _inner(schema: dict[str, Any]) -> dict[str, Any]:
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def sample(schema: dict[str, Any], name: str = "") -> Any:
    """A value for every field of ``schema`` (one item in every list, one key in every map)."""
    inner = _inner(schema)
    if name == "at":
        return 60
    if "enum" in inner:
        return inner["enum"][0]
    if "anyOf" in inner:
        return sample(inner["anyOf"][0], name)
    kind = inner.get("type")
    if kind == "object" and "properties" in inner:
        return {key: sample(value, key) for key, value in inner["properties"].items()}
    if kind == "object":
        extra = inner.get("additionalProperties")
        return {"chat": sample(extra, "chat")} if isinstance(extra, dict) else {}
    if kind == "array":
        return [sample(inner.get("items", {}), name)]
    if kind in ("number", "integer"):
        return 1
    if kind == "boolean":
        return True
    return "x"


def leaf_paths(schema: dict[str, Any], prefix: str) -> list[str]:
    """Every field a trainer must be able to set (lists step into their first item)."""
    inner = _inner(schema)
    if inner.get("type") == "object" and "properties" in inner:
        return [
            p
            for key, value in inner["properties"].items()
            for p in leaf_paths(value, f"{prefix}.{key}" if prefix else key)
        ]
    items = _inner(inner.get("items", {})) if inner.get("type") == "array" else {}
    if items.get("type") == "object" and "properties" in items:
        return [prefix, *leaf_paths(items, f"{prefix}[0]")]
    return [prefix]


SECTIONS = {
    "settings": "Réglages",
    "briefing": "Consignes du candidat",
    "principals": "Donneurs d'ordres",
    "crm": "Fiches CRM",
    "knowledge": "Base de connaissances",
    "templates": "Lettres-types",
    "scripts": "Scripts de diagnostic",
    "contacts": "Contacts",
}


async def test_every_field_of_the_deck_schema_has_a_control(live, browser):
    """Fails when the format gains a field the studio cannot set (the forms are made from the
    schema, so this guards the form maker, not a list kept by hand)."""
    schema = document_schema()
    document = {
        name: sample(part_schema, name) for name, part_schema in schema["properties"].items()
    }
    anne = await live.accounts.add_trainer("anne", "Anne Formatrice", TEST_PASSWORD)
    made = await live.app[LIBRARY].create(anne.id, document)
    page: Page = await browser.new_page(viewport={"width": 1400, "height": 900})
    await sign_in(page, live.url, "anne", f"/decks/{made.deck.deck_id}")
    missing: list[str] = []
    for section, label in SECTIONS.items():
        await part(page, label)
        if section not in ("settings", "briefing"):
            await page.locator(".item-list button").first.click()
        paths = leaf_paths(schema["properties"][section], section)
        for path in paths:
            if section not in ("settings", "briefing") and path == section:
                continue  # the list itself: the part's page
            if await page.locator(f'[data-path="{path}"]').count() == 0:
                missing.append(path)
    assert missing == [], f"fields of the deck schema with no control in the studio: {missing}"
    assert len(re.findall(r"\.", " ".join(leaf_paths(schema, "")))) > 100  # the walk saw them all
