"""A person builds a complete empathy map in a real browser, and finds it again after a reload."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

SEGMENTS = {
    "See": "Sees meal-kit ads at the station",
    "Hear": "Colleagues praise a rival app",
    "Think & Feel": "Worries about wasting food",
    "Say & Do": "Orders late on Sunday evening",
    "Pain": "Delivery slots are always full",
    "Gain": "Dinner sorted without thinking",
}


def sign_up(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", name="Welcome! Create the first account")).to_be_visible()
    page.get_by_label("Your name").fill("Olivia Owner")
    page.get_by_label("E-mail address").fill("olivia@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Projects")).to_be_visible()


def add_note(page: Page, segment: str, text: str) -> None:
    region = page.get_by_role("region", name=segment, exact=True)
    region.get_by_role("button", name="Add note", exact=True).click()
    box = region.get_by_role("textbox")
    box.fill(text)
    box.press("Enter")
    expect(region.get_by_text(text)).to_be_visible()


def drag(page: Page, source: Any, target: Any) -> None:
    """A real mouse drag in small steps, as a person does it."""
    source.scroll_into_view_if_needed()
    target.scroll_into_view_if_needed()
    start = source.bounding_box()
    end = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    for step in range(1, 21):
        page.mouse.move(
            start["x"] + (end["x"] + end["width"] / 2 - start["x"]) * step / 20,
            start["y"] + (end["y"] + 40 - start["y"]) * step / 20,
        )
        page.wait_for_timeout(15)
    # Hover a moment over the target, as a person does: the drag library notices the zone on its next
    # check of where the dragged note is, not on every mouse event.
    x, y = end["x"] + end["width"] / 2, end["y"] + 40
    for wiggle in (2, -2, 0):
        page.mouse.move(x + wiggle, y)
        page.wait_for_timeout(120)
    page.mouse.up()


def test_build_a_map_drag_a_note_add_an_action_and_reload(browser: Any, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_up(page, base_url)

    page.get_by_role("button", name="+ New project").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Grocery delivery study")
    dialog.get_by_label("Goal").fill("Understand why families cancel")
    dialog.get_by_role("button", name="Create", exact=True).click()
    expect(page.get_by_role("heading", name="Grocery delivery study")).to_be_visible()

    page.get_by_role("button", name="+ New persona").click()
    page.get_by_role("dialog").get_by_label("Name").fill("Sanne de Vries")
    page.get_by_role("dialog").get_by_role("button", name="Create", exact=True).click()
    page.get_by_label("Age", exact=True).fill("38")
    page.get_by_label("Goals, needs and desires").fill("Less time on groceries")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved")
    page.get_by_role("link", name="← Projects").click()

    page.get_by_role("button", name="+ New empathy map").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Title").fill("Busy parents")
    dialog.get_by_label("Goal / problem statement").fill("Why do busy parents cancel after a month?")
    dialog.get_by_role("button", name="Create", exact=True).click()
    expect(page.get_by_role("heading", name="Busy parents")).to_be_visible()
    expect(page.get_by_text("Live", exact=True)).to_be_visible()

    for segment, text in SEGMENTS.items():
        add_note(page, segment, text)

    pain = page.get_by_role("region", name="Pain", exact=True)
    gain = page.get_by_role("region", name="Gain", exact=True)
    drag(page, pain.get_by_text(SEGMENTS["Pain"]), gain.get_by_text(SEGMENTS["Gain"]))
    expect(gain.get_by_text(SEGMENTS["Pain"])).to_be_visible()
    expect(pain.get_by_text(SEGMENTS["Pain"])).to_have_count(0)

    page.get_by_placeholder("What will we do?").fill("Open more evening slots")
    page.locator("form.new").get_by_label("Owner").select_option(label="Olivia Owner")
    page.get_by_role("button", name="Link notes").click()
    picker = page.get_by_role("dialog", name="Link notes")
    picker.get_by_label(SEGMENTS["Say & Do"]).check()
    picker.get_by_role("button", name="Done").click()
    expect(page.get_by_role("button", name="1 notes linked")).to_be_visible()
    page.locator("form.new").get_by_role("button", name="Create", exact=True).click()
    action = page.locator("[data-action-id]").filter(has_text="Open more evening slots")
    expect(action).to_be_visible()

    page.reload()
    for segment, text in SEGMENTS.items():
        where = "Gain" if segment == "Pain" else segment
        expect(page.get_by_role("region", name=where, exact=True).get_by_text(text)).to_be_visible()
    action = page.locator("[data-action-id]").filter(has_text="Open more evening slots")
    expect(action.get_by_label("Owner")).to_have_value(str(1))
    # The link shows both ways: the note on the action, and a badge on the note.
    expect(action.get_by_role("button", name=SEGMENTS["Say & Do"])).to_be_visible()
    say_do = page.get_by_role("region", name="Say & Do", exact=True)
    expect(say_do.get_by_test_id("note").get_by_title("Motivated 1 action(s)")).to_be_visible()
    expect(page.get_by_text("Why do busy parents cancel after a month?")).to_be_visible()


def test_note_text_with_markup_is_shown_as_text(browser: Any, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    sign_up(page, base_url)
    page.get_by_role("button", name="Load sample project").first.click()
    page.locator("a.map").first.click()
    payload = "<img src=x onerror=alert(1)>"
    add_note(page, "See", payload)
    page.reload()
    expect(page.get_by_role("region", name="See", exact=True).get_by_text(payload)).to_be_visible()
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('.note img').length") == 0


def test_keyboard_moves_a_note_and_undo_brings_it_back(browser: Any, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_up(page, base_url)
    page.get_by_role("button", name="Load sample project").first.click()
    page.locator("a.map").first.click()
    see = page.get_by_role("region", name="See", exact=True)
    think = page.get_by_role("region", name="Think & Feel", exact=True)
    first = see.get_by_test_id("note").first
    text = first.locator(".text").inner_text()
    first.focus()
    page.keyboard.press("Alt+ArrowLeft")  # See is drawn right of the head: left is Think & Feel
    expect(think.get_by_text(text, exact=True)).to_be_visible()
    expect(see.get_by_text(text, exact=True)).to_have_count(0)
    expect(page.get_by_text("Moved to Think & Feel")).to_be_attached()

    page.locator("h1").click()  # leave the note, as a person would before pressing Ctrl+Z
    page.keyboard.press("Control+z")
    expect(see.get_by_text(text, exact=True)).to_be_visible()
    expect(think.get_by_text(text, exact=True)).to_have_count(0)
