"""Script in every text field a user can fill stays text in the browser: no dialog, no script run, no
injected element, on every page that shows it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_map_flow import sign_up

pytestmark = pytest.mark.e2e

PAYLOADS = [
    "<img src=x onerror=\"window.__xss='img'\">",
    "<script>window.__xss='script'</script>",
    '"><svg onload="window.__xss=\'svg\'">',
    "javascript:window.__xss='link'",
    "{{constructor.constructor('window.__xss=1')()}}",
]

FILL_JS = """async (payloads) => {
  const csrf = document.cookie.split("; ").find((c) => c.startsWith("es_csrf="))?.split("=")[1] ?? "";
  const call = async (method, url, body) => (await fetch(url, { method, body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf } })).json();
  const p = (i) => payloads[i % payloads.length] + " #" + i;
  const workspace = (await (await fetch("/api/workspaces")).json())[0];
  await call("PATCH", `/api/workspaces/${workspace.id}`, { name: p(0) });
  await call("PATCH", "/api/me", { display_name: p(1).slice(0, 80) });
  const project = await call("POST", `/api/workspaces/${workspace.id}/projects`, { name: p(2), description: p(3),
    goal: p(4), milestones: [{ title: p(5), date: "2027-01-01" }] });
  const fields = ["age", "place", "household", "work", "hobbies", "education", "context_of_use", "goals", "pains",
    "influences", "how_we_help"];
  const persona = await call("POST", `/api/projects/${project.id}/personas`, { name: p(6) });
  await call("PATCH", `/api/personas/${persona.id}`, Object.fromEntries(fields.map((f, i) => [f, p(7 + i).slice(0, 40)])));
  const map = await call("POST", `/api/projects/${project.id}/maps`, { title: p(20), goal: p(21), persona_id: persona.id });
  const notes = [];
  for (const [i, segment] of ["see", "hear", "think_feel", "say_do", "pain", "gain"].entries()) {
    notes.push(await call("POST", `/api/maps/${map.id}/notes`, { segment, text: p(30 + i), source: p(40 + i) }));
  }
  const me = await (await fetch("/api/me")).json();
  await call("POST", `/api/maps/${map.id}/actions`, { title: p(50), description: p(51), owner_id: me.id,
    note_ids: [notes[0].id] });
  await call("POST", `/api/maps/${map.id}/commands`, { op: "theme.create", args: { name: p(52), note_ids: [notes[4].id] } });
  return { project: project.id, persona: persona.id, map: map.id };
}"""


def test_script_in_any_field_is_shown_as_text(browser: Any, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_up(page, base_url)
    ids = page.evaluate(FILL_JS, PAYLOADS)
    for route in (
        "#/",
        f"#/p/{ids['project']}",
        f"#/persona/{ids['persona']}",
        f"#/m/{ids['map']}",
        "#/account",
    ):
        page.goto(f"{base_url}/{route}")
        page.reload()
        if route == "#/account":  # the name is in a form field there, and in the header
            expect(page.get_by_label("Your name")).to_have_value(PAYLOADS[1] + " #1")
            expect(page.get_by_role("banner")).to_contain_text(PAYLOADS[1])
        else:
            expect(page.locator("main")).to_contain_text(
                re.compile(r"(onerror|onload|<script>|javascript:).* #\d+")
            )
        assert page.evaluate("window.__xss") is None, route
        injected = page.evaluate(
            "document.querySelectorAll('main img[src=x], main svg[onload], main script').length"
        )
        assert injected == 0, route
    page.goto(f"{base_url}/#/m/{ids['map']}")
    map_page = page.get_by_test_id("segment-see")
    expect(map_page.get_by_text(PAYLOADS[0] + " #30")).to_be_visible()
    assert dialogs == []
