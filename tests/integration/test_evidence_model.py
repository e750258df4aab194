"""With the real sorting model: imported feedback arrives sorted into segments in three languages, similar
statements group into themes, and what people correct teaches the workspace's sorter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from empathy_studio.settings import Settings
from tests.integration.conftest import Api, make_map, wait_for_import

pytestmark = pytest.mark.model

FEEDBACK = """text,source
The delivery was two hours late again and my food was cold.,Ticket
My groceries arrived late and the ice cream had melted.,Ticket
The courier was late for the third time this week.,Review
Late deliveries keep ruining our dinner plans.,Survey
Het pakket kwam weer veel te laat en het eten was koud.,Ticket
Die Lieferung kam schon wieder zu spät und das Essen war kalt.,Ticket
I would love to have dinner sorted in five minutes.,Survey
What I really want is to stop thinking about what to cook every night.,Survey
My sister told me this app saved her a lot of money.,Interview
Mijn collega zegt dat de app veel beter is dan die van de concurrent.,Review
Meine Freundin hat mir erzählt dass die App viel Zeit spart.,Review
"""


@pytest.fixture
def settings(database_url: str, tmp_path: Path, test_model_folder: Path, model_cache_dir: Path) -> Settings:
    return Settings(
        env="test",
        data_dir=tmp_path,
        database_url=database_url,
        model=str(test_model_folder),
        model_cache_dir=model_cache_dir,
    )


def import_feedback(api: Api, project: int) -> dict[str, Any]:
    started = api.ok(
        "POST",
        f"/api/projects/{project}/feedback",
        202,
        files={"file": ("f.csv", FEEDBACK.encode(), "text/csv")},
    )
    done = wait_for_import(api, started["id"])
    assert done["status"] == "done", done
    return done


def by_text(api: Api, project: int) -> dict[str, dict[str, Any]]:
    page = api.ok("GET", f"/api/projects/{project}/statements", params={"limit": 500})
    return {s["text"]: s for s in page["statements"]}


def test_imported_feedback_is_sorted_grouped_and_turned_into_a_note(owner: Api) -> None:
    board = make_map(owner)
    project = board["project_id"]
    done = import_feedback(owner, project)
    assert done["model_id"] and done["model_id"].startswith("all-MiniLM-L6-v2")
    statements = by_text(owner, project)
    late = [s for t, s in statements.items() if any(w in t.lower() for w in ("late", "laat", "spät"))]
    assert len(late) == 6
    assert {s["segment"] for s in late} == {"pain"}, [(s["text"], s["segment"]) for s in late]
    assert all(s["sorted_by"] == "model" and 0 < s["confidence"] <= 1 for s in late)
    heard = [
        statements[t]
        for t in statements
        if t.startswith(("My sister told", "Mijn collega zegt", "Meine Freundin"))
    ]
    assert {s["segment"] for s in heard} == {"hear"}, [(s["text"], s["segment"]) for s in heard]

    late_ids = {s["id"] for s in late}
    preview = f"/api/projects/{project}/evidence-themes/preview"
    drafts = owner.ok("GET", preview, params={"segment": "pain"})
    assert drafts, "the late deliveries should form a theme"
    assert set(drafts[0]["statement_ids"]) <= late_ids and len(drafts[0]["statement_ids"]) >= 2
    broader = owner.ok("GET", preview, params={"segment": "pain", "similarity": 0.4})
    biggest = broader[0]
    assert set(biggest["statement_ids"]) <= late_ids
    assert len(biggest["statement_ids"]) > len(drafts[0]["statement_ids"])  # looser grouping, bigger theme
    members = " ".join(s["text"].lower() for s in late if s["id"] in biggest["statement_ids"])
    assert all(word in members for word in biggest["label"].split(" · "))  # named by its key words
    accepted = owner.ok(
        "POST",
        f"/api/projects/{project}/evidence-themes",
        201,
        json={
            "segment": "pain",
            "themes": [{"label": biggest["label"], "statement_ids": biggest["statement_ids"]}],
        },
    )
    note = owner.ok(
        "POST", f"/api/maps/{board['id']}/evidence-notes", 201, json={"theme_id": accepted[0]["id"]}
    )
    assert (note["segment"], note["evidence_count"]) == ("pain", len(biggest["statement_ids"]))
    again = owner.ok("GET", f"/api/projects/{project}/evidence-themes/preview", params={"segment": "pain"})
    grouped = {i for d in again for i in d["statement_ids"]}
    assert not grouped & set(biggest["statement_ids"])  # accepted statements are not offered again


def test_corrections_teach_the_workspace_sorter(owner: Api) -> None:
    board = make_map(owner)
    project = board["project_id"]
    import_feedback(owner, project)
    statements = by_text(owner, project)
    wish = statements["I would love to have dinner sorted in five minutes."]
    # The team decides wishes like these belong in Think & Feel on their maps, and says so twice.
    owner.ok("PATCH", f"/api/statements/{wish['id']}", json={"segment": "think_feel"})
    other = statements["What I really want is to stop thinking about what to cook every night."]
    owner.ok("PATCH", f"/api/statements/{other['id']}", json={"segment": "think_feel"})
    second = make_map(owner)["project_id"]  # another project of the same workspace learns from it
    started = owner.ok(
        "POST",
        f"/api/projects/{second}/feedback",
        202,
        files={
            "file": (
                "f.csv",
                b"text\nI would love to have dinner sorted in five minutes, every day.\n",
                "text/csv",
            )
        },
    )
    wait_for_import(owner, started["id"])
    learned = owner.ok("GET", f"/api/projects/{second}/statements")["statements"][0]
    assert learned["segment"] == "think_feel", learned
    resorted = owner.ok("POST", f"/api/projects/{project}/statements/resort")
    assert resorted["resorted"] == len(statements) - 2  # what people sorted stays as they sorted it
    assert by_text(owner, project)[wish["text"]]["sorted_by"] == "person"
