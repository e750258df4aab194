"""A facilitator and a customer who joined by link run a whole workshop in two real browsers: private
brainstorm, reveal, grouping by drag and drop, dot voting, the final map and an action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_map_flow import add_note, sign_up

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

SETUP_JS = """async () => {
  const csrf = document.cookie.split("; ").find((c) => c.startsWith("es_csrf="))?.split("=")[1] ?? "";
  const call = async (method, url, body) => (await fetch(url, { method, body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf } })).json();
  const workspace = (await (await fetch("/api/workspaces")).json())[0];
  const project = await call("POST", `/api/workspaces/${workspace.id}/projects`, { name: "Grocery study" });
  const persona = await call("POST", `/api/projects/${project.id}/personas`, { name: "Sanne", age: "38" });
  const map = await call("POST", `/api/projects/${project.id}/maps`, { title: "Customers on Friday",
    persona_id: persona.id, goal: "Why do families stop ordering on Fridays?", perspective: "customer" });
  return { mapId: map.id };
}"""

GUEST_NOTE = "Friday slots are always full"
OWN_NOTE = "No delivery on Friday evening"


def next_phase(page: Page, name: str) -> None:
    page.get_by_test_id("next-phase").click()
    expect(page.get_by_test_id("phase")).to_have_text(name)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"workshop-{name}.png", full_page=True)


def test_facilitator_and_guest_run_a_workshop_to_one_final_map(browser: Any, base_url: str) -> None:
    lead = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    sign_up(lead, base_url)
    setup = lead.evaluate(SETUP_JS)
    lead.goto(f"{base_url}/#/m/{setup['mapId']}")
    expect(lead.get_by_text("Live", exact=True)).to_be_visible()

    # The facilitator makes a join link with a passcode for the customer.
    lead.get_by_role("button", name="Invite guests").click()
    inviting = lead.get_by_role("dialog", name="Invite guests")
    inviting.get_by_label("Passcode (optional)").fill("abc")  # too short: said, and nothing made
    inviting.get_by_role("button", name="Create join link").click()
    expect(inviting.get_by_label("Passcode (optional)")).to_have_attribute("aria-invalid", "true")
    expect(inviting.get_by_test_id("join-link")).to_have_count(0)
    inviting.get_by_label("Passcode (optional)").fill("sunflower")
    inviting.get_by_label("Valid for").select_option(label="2 hours")
    inviting.get_by_role("button", name="Create join link").click()
    join_url = inviting.get_by_label("Join link").input_value()
    assert join_url.startswith(f"{base_url}/#/join/")
    expect(inviting.get_by_test_id("join-link")).to_contain_text("passcode")
    shot(lead, "invite-guests")
    inviting.get_by_role("button", name="Close", exact=True).click()

    guest = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    guest.goto(join_url)
    guest.get_by_label("Your name").fill("Customer Carla")
    guest.get_by_label("Passcode").fill("sunflower")
    guest.get_by_role("button", name="Join").click()
    expect(guest.get_by_role("heading", name="Customers on Friday")).to_be_visible()
    expect(guest.get_by_role("button", name="Run a workshop")).to_have_count(0)  # guests do not lead

    lead.get_by_role("button", name="Run a workshop").click()
    lead.get_by_role("dialog").get_by_label("Votes per person").fill("3")
    lead.get_by_role("dialog").get_by_role("button", name="Start workshop").click()
    expect(guest.get_by_test_id("phase")).to_have_text("Frame")

    # Brainstorm: each writes privately; the facilitator sees only that the guest wrote something.
    next_phase(lead, "Brainstorm")
    expect(guest.get_by_test_id("phase")).to_have_text("Brainstorm")
    add_note(guest, "Pain", GUEST_NOTE)
    add_note(lead, "Pain", OWN_NOTE)
    expect(lead.get_by_text("1 notes by others, hidden until the reveal")).to_be_visible()
    expect(lead.get_by_text(GUEST_NOTE)).to_have_count(0)
    expect(guest.get_by_text(OWN_NOTE)).to_have_count(0)
    shot(lead, "brainstorm")

    next_phase(lead, "Reveal")
    for page in (lead, guest):
        expect(page.get_by_text(GUEST_NOTE)).to_be_visible()
        expect(page.get_by_text(OWN_NOTE)).to_be_visible()

    # Group: the facilitator drops the guest's note onto their own and names the theme.
    next_phase(lead, "Group")
    pain = lead.get_by_role("region", name="Pain", exact=True)
    pain.get_by_text(GUEST_NOTE).drag_to(pain.get_by_text(OWN_NOTE))
    naming = lead.get_by_role("dialog", name="Group as theme")
    naming.get_by_label("Theme name").fill("Friday delivery")
    naming.get_by_role("button", name="Save").click()
    expect(guest.get_by_test_id("theme").filter(has_text="Friday delivery")).to_be_visible()
    shot(lead, "group")

    # Vote: dots are private until voting ends.
    next_phase(lead, "Vote")
    guest.get_by_role("button", name="Vote: Friday delivery").click()
    expect(guest.get_by_test_id("votes-left")).to_have_text("2 votes left")
    lead.get_by_role("button", name="Vote: Friday delivery").click()
    expect(lead.get_by_test_id("votes-left")).to_have_text("2 votes left")
    shot(guest, "vote")

    next_phase(lead, "Converge")
    for page in (lead, guest):
        expect(
            page.get_by_test_id("theme").filter(has_text="Friday delivery").get_by_title("2 votes")
        ).to_be_visible()
    lead.get_by_label("On the final map: Friday delivery").check()

    next_phase(lead, "Actions")
    top = lead.get_by_role("region", name="Top voted")
    top.get_by_label("Owner").select_option(label="Olivia Owner")
    top.get_by_role("button", name="Make an action").click()
    shot(lead, "actions")
    for page in (lead, guest):
        expect(page.locator("[data-action-id]").filter(has_text="Friday delivery")).to_be_visible()

    # Both screens show the same final map.
    lead.get_by_label("Final map only").check()
    guest.get_by_label("Final map only").check()
    for page in (lead, guest):
        theme = page.get_by_test_id("theme").filter(has_text="Friday delivery")
        expect(theme.get_by_test_id("note")).to_have_count(2)
    lead_notes = sorted(lead.get_by_test_id("note").all_inner_texts())
    guest_notes = sorted(guest.get_by_test_id("note").all_inner_texts())
    assert [n.splitlines()[0] for n in lead_notes] == [n.splitlines()[0] for n in guest_notes]

    lead.once("dialog", lambda dialog: dialog.accept())
    lead.get_by_role("button", name="End workshop").click()
    expect(lead.get_by_test_id("session-record")).to_have_count(1)
    expect(guest.get_by_text("Workshop records")).to_be_visible()

    # The workshop is over: closing the link signs the customer out, and their screen says so.
    lead.get_by_role("button", name="Invite guests").click()
    inviting = lead.get_by_role("dialog", name="Invite guests")
    expect(inviting.get_by_test_id("join-link")).to_contain_text("1 joined")
    expect(inviting.get_by_test_id("guest")).to_contain_text("Customer Carla")
    lead.once("dialog", lambda asked: asked.accept())  # "the 1 guest who joined is signed out"
    inviting.get_by_role("button", name="Close link").click()
    expect(inviting.get_by_test_id("join-link")).to_contain_text("Closed")
    expect(inviting.get_by_test_id("guest")).to_contain_text("signed out")
    shot(lead, "guest-link-closed")
    expect(guest.get_by_role("alert")).to_contain_text("You no longer have access to this map")
    shot(guest, "access-ended")
    expect(guest.get_by_text(GUEST_NOTE)).to_have_count(0)
