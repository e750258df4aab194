"""Screenshots of the main pages with the sample project, for looking at what we build.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]      (default: artifacts/screenshots)

Starts the real server on a fresh SQLite database, signs up, loads the sample project and saves the
map page at desktop and tablet widths, the invite-guests dialog, the persona page, the project page, the
sign-up and sign-in pages."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from tests.e2e.server import CHROMIUM_ARGS, find_chromium, running_server  # noqa: E402

SIZES = {
    "desktop-1440": (1440, 900),
    "desktop-1920": (1920, 1080),
    "tablet-1024": (1024, 768),
    "tablet-820": (820, 1180),
}


FOUR_AREA_JS = """async (personaId) => {
  const csrf = document.cookie.split("; ").find((c) => c.startsWith("es_csrf="))?.split("=")[1] ?? "";
  const call = async (method, url, body) => (await fetch(url, { method, body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf } })).json();
  const persona = await (await fetch(`/api/personas/${personaId}`)).json();
  const map = await call("POST", `/api/projects/${persona.project_id}/maps`, { title: "Quick start: four areas",
    persona_id: persona.id, goal: "What do we already believe about commuters?", perspective: "team",
    template: "four_area", language: "en" });
  for (const [segment, text] of [["think", "Repairs are expensive"], ["feel", "Anxious before a long ride"],
      ["say", "'I'll get it serviced next month'"], ["do", "Books only when the bike breaks"]]) {
    await call("POST", `/api/maps/${map.id}/notes`, { segment, text });
  }
  return map.id;
}"""


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "artifacts" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    chromium = find_chromium()
    if chromium is None:
        sys.exit("No Chromium found (apt-get install chromium).")
    with running_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(base + "/")
        page.get_by_label("Your name").wait_for()
        page.screenshot(path=out / "signup.png")
        page.get_by_label("Your name").fill("Olivia Owner")
        page.get_by_label("E-mail address").fill("olivia@example.org")
        page.get_by_label("Password").fill("correct horse battery")
        page.get_by_role("button", name="Create account").click()
        page.get_by_role("button", name="Load sample project").first.wait_for()
        page.screenshot(path=out / "workspace-empty.png", full_page=True)
        page.get_by_role("button", name="Load sample project").first.click()
        page.wait_for_url("**/#/p/*")
        page.locator("a.map").first.wait_for()
        page.screenshot(path=out / "project.png", full_page=True)
        page.locator("a.map").first.click()
        page.locator(".note").first.wait_for()
        page.get_by_text("Live", exact=True).wait_for()
        for name, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(400)
            page.screenshot(path=out / f"map-{name}.png", full_page=True)
        page.set_viewport_size({"width": 1440, "height": 900})
        page.get_by_test_id("note").first.focus()
        page.screenshot(path=out / "map-focus-1440.png")
        page.get_by_role("button", name="Invite guests").click()
        page.get_by_role("dialog").wait_for()
        page.screenshot(path=out / "invite-guests.png")
        page.keyboard.press("Escape")
        page.get_by_role("link", name="Open profile →").click()
        page.get_by_role("heading", level=1).wait_for()
        page.screenshot(path=out / "persona.png", full_page=True)
        # A quick four-area map of the same persona, with a few notes, to see the lighter canvas.
        map_id = page.evaluate(FOUR_AREA_JS, page.url.split("/")[-1])
        page.goto(f"{base}/#/m/{map_id}")
        page.get_by_test_id("note").first.wait_for()
        page.screenshot(path=out / "map-four-area.png", full_page=True)
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="Sign in").wait_for()
        page.screenshot(path=out / "signin.png")
        browser.close()
    print(f"Screenshots written to {out}")


if __name__ == "__main__":
    main()
