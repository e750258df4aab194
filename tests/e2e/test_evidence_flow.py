"""A researcher imports customer feedback in the browser, accepts a theme as a note on the map, and sees on
the map how many customer statements back it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.server import running_server
from tests.e2e.test_map_flow import sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.model]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
FEEDBACK = """comment;channel;date
The delivery was two hours late again and my food was cold.;Ticket;2026-03-02
My groceries arrived late and the ice cream had melted.;Ticket;2026-03-02
The courier was late for the third time this week.;Review;2026-03-03
Late deliveries keep ruining our dinner plans, every single week.;Survey;2026-03-04
Het pakket kwam weer veel te laat en het eten was koud.;Ticket;2026-03-05
I would love to have dinner sorted in five minutes.;Survey;2026-03-05
My sister told me this app saved her a lot of money.;Interview;2026-03-06
Mail me at jan@example.org if you want to know more.;Survey;2026-03-06
"""


@pytest.fixture
def evidence_url(chromium_path: str, test_model_folder: Path, model_cache_dir: Path) -> Any:
    env = {"EMPATHY_MODEL": str(test_model_folder), "EMPATHY_MODEL_CACHE_DIR": str(model_cache_dir)}
    with running_server(env) as base:
        yield base


def test_import_feedback_accept_a_theme_and_see_its_evidence_on_the_map(
    browser: Any, evidence_url: str, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    sign_up(page, evidence_url)
    page.get_by_role("button", name="Load sample project").first.click()
    page.locator("a.map").first.wait_for()
    page.get_by_test_id("open-evidence").click()
    expect(page.get_by_role("heading", name="Customer evidence")).to_be_visible()

    feedback = tmp_path / "feedback.csv"
    feedback.write_text(FEEDBACK, encoding="utf-8")
    page.get_by_role("button", name="+ Import feedback").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_test_id("feedback-file").set_input_files(str(feedback))
    expect(dialog.get_by_text("8 items found (CSV)")).to_be_visible()
    expect(dialog.get_by_test_id("column-text")).to_have_value("comment")
    dialog.get_by_test_id("column-source").select_option("channel")
    page.screenshot(path=SHOTS / "evidence-import.png")
    dialog.get_by_role("button", name="Import", exact=True).click()
    expect(dialog.get_by_role("status")).to_contain_text("8 items imported")
    dialog.get_by_role("button", name="Close").click()

    statements = page.get_by_test_id("statement")
    expect(statements.first).to_be_visible()
    expect(page.get_by_text("jan@example.org")).to_have_count(0)  # masked on import
    expect(page.get_by_test_id("bar-pain")).to_contain_text("Pain")
    page.screenshot(path=SHOTS / "evidence-statements.png", full_page=True)

    page.get_by_role("tab", name="Themes").click()
    page.get_by_label("Segment").select_option("pain")
    page.get_by_role("button", name="Suggest themes").click()
    page.get_by_role("button", name="Accept selected").click()
    theme = page.get_by_test_id("evidence-theme").first
    expect(theme).to_be_visible()
    size = theme.locator(".badge").inner_text()  # "5 statements"
    theme.get_by_role("button", name="Note on map").click()
    expect(page.get_by_role("status")).to_have_text("Note added to the map.")
    page.screenshot(path=SHOTS / "evidence-themes.png", full_page=True)

    page.get_by_role("link", name="←").first.click()
    page.locator("a.map").first.click()
    pain = page.get_by_role("region", name="Pain", exact=True)
    badge = pain.get_by_test_id("evidence-count")
    expect(badge).to_have_text(size.split()[0])
    expect(pain.get_by_test_id("backing-pain")).to_contain_text("customer statements")
    badge.click()
    shown = page.get_by_role("dialog").get_by_test_id("note-evidence")
    expect(shown).to_have_count(int(size.split()[0]))
    expect(shown.first).to_contain_text("late")
    page.screenshot(path=SHOTS / "evidence-on-map.png", full_page=True)

    # More evidence for the same note: found from the note itself and attached.
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Only this segment").uncheck()
    dialog.get_by_label("Find customer statements").fill("sister")
    candidate = dialog.get_by_test_id("evidence-candidate")
    expect(candidate).to_have_count(1)
    candidate.get_by_role("button", name="Attach").click()
    expect(candidate).to_contain_text("Attached")
    expect(shown).to_have_count(int(size.split()[0]) + 1)
    page.screenshot(path=SHOTS / "evidence-attach-from-note.png", full_page=True)
    dialog.get_by_role("button", name="Close").click()
    expect(badge).to_have_text(str(int(size.split()[0]) + 1))  # live: the note's count follows
