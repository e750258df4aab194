"""Who may do what, route by route: every API route and the live socket, for every kind of caller.

Callers: the owner, a facilitator, a member and a viewer of workspace A; a guest who joined map A; a
guest of a map elsewhere; a member of another workspace; and nobody signed in. The table below says
what each route needs; the expected answer follows from it: allowed, 401 (not signed in), 404 (not
yours to know about) or 403 (yours to see, not to change). A route missing from the table fails the test,
so new routes cannot slip by unchecked."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.websockets import WebSocketDisconnect

from empathy_studio.domain.roles import Permission, allows
from empathy_studio.domain.values import Role
from tests.integration.conftest import Api, invite, make_map, wait_for_import
from tests.integration.test_guests import join
from tests.integration.test_live import command, reply, until
from tests.integration.test_projects import PNG

R, C, W, F, A = (
    Permission.READ,
    Permission.CONTRIBUTE,
    Permission.WRITE,
    Permission.FACILITATE,
    Permission.ADMINISTER,
)
MAP_SCOPES = ("map", "note", "action")
MARKDOWN = ("map.md", b"## See\n\n- Seen in a shop\n", "text/markdown")
FEEDBACK = ("feedback.csv", b"text,source\nThe app crashes at checkout,Review\n", "text/csv")
CSV = ("notes.csv", b"text\nDelivery slots are always full\n", "text/csv")


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    scope: str  # which resource the route reaches: workspace, project, persona, map, note, action
    needs: Permission
    body: Callable[[], dict[str, Any]] | None = None
    destructive: bool = False  # an allowed call uses up its target, so it gets a fresh one


def body(**fields: Any) -> Callable[[], dict[str, Any]]:
    return lambda: {"json": fields}


ROUTES = [
    Route("GET", "/api/workspaces/{workspace_id}", "workspace", R),
    Route("PATCH", "/api/workspaces/{workspace_id}", "workspace", A, body(name="Renamed")),
    Route("DELETE", "/api/workspaces/{workspace_id}", "workspace", A, destructive=True),
    Route("PATCH", "/api/workspaces/{workspace_id}/members/{user_id}", "workspace", A, body(role="viewer")),
    Route("DELETE", "/api/workspaces/{workspace_id}/members/{user_id}", "workspace", A, destructive=True),
    Route("GET", "/api/workspaces/{workspace_id}/invites", "workspace", A),
    Route("POST", "/api/workspaces/{workspace_id}/invites", "workspace", A, body(role="member")),
    Route("DELETE", "/api/workspaces/{workspace_id}/invites/{invite_id}", "workspace", A, destructive=True),
    Route("GET", "/api/workspaces/{workspace_id}/projects", "workspace", R),
    Route("POST", "/api/workspaces/{workspace_id}/projects", "workspace", W, body(name="New")),
    Route(
        "POST", "/api/workspaces/{workspace_id}/import", "workspace", W,
        body(format="empathy-studio/project", version=2, project={"name": "Imported"}),
    ),
    Route("POST", "/api/workspaces/{workspace_id}/demo", "workspace", W, body(language="nl")),
    Route("GET", "/api/projects/{project_id}", "project", R),
    Route("PATCH", "/api/projects/{project_id}", "project", W, body(name="Renamed")),
    Route("DELETE", "/api/projects/{project_id}", "project", W, destructive=True),
    Route("GET", "/api/projects/{project_id}/personas", "project", R),
    Route("POST", "/api/projects/{project_id}/personas", "project", W, body(name="Piet")),
    Route("GET", "/api/projects/{project_id}/export", "project", R),
    Route("POST", "/api/projects/{project_id}/maps", "project", W, body(title="Another map")),
    Route("GET", "/api/personas/{persona_id}", "persona", R),
    Route("PATCH", "/api/personas/{persona_id}", "persona", W, body(age="40")),
    Route("DELETE", "/api/personas/{persona_id}", "persona", W, destructive=True),
    Route("PUT", "/api/personas/{persona_id}/photo", "persona", W, lambda: {"files": {"file": ("p.png", PNG, "image/png")}}),
    Route("GET", "/api/personas/{persona_id}/photo", "persona", R),
    Route("DELETE", "/api/personas/{persona_id}/photo", "persona", W, destructive=True),
    Route("GET", "/api/maps/{map_id}", "map", R),
    Route("PATCH", "/api/maps/{map_id}", "map", W, body(goal="A sharper goal")),
    Route("DELETE", "/api/maps/{map_id}", "map", W, destructive=True),
    Route("POST", "/api/maps/{map_id}/notes", "map", C, body(segment="see", text="Seen")),
    Route("POST", "/api/maps/{map_id}/undo", "map", C),
    Route("POST", "/api/maps/{map_id}/actions", "map", W, body(title="Do it")),
    Route("GET", "/api/maps/{map_id}/export", "map", R),
    Route("POST", "/api/maps/{map_id}/import/notes/preview", "map", C, lambda: {"files": {"file": CSV}}),
    Route(
        "POST", "/api/maps/{map_id}/import/notes", "map", C,
        lambda: {"files": {"file": CSV}, "data": {"mapping": json.dumps({"text": "text", "default_segment": "see"})}},
    ),
    Route("POST", "/api/maps/{map_id}/import/markdown", "map", C, lambda: {"files": {"file": MARKDOWN}}),
    Route("POST", "/api/maps/{map_id}/commands", "map", C, body(op="note.create", args={"segment": "see", "text": "x"})),
    Route("POST", "/api/maps/{map_id}/guest-links", "map", F, body()),
    Route("GET", "/api/maps/{map_id}/guest-links", "map", F),
    Route("DELETE", "/api/maps/{map_id}/guest-links/{link_id}", "map", F, destructive=True),
    Route("GET", "/api/maps/{map_id}/guests", "map", F),
    Route("DELETE", "/api/maps/{map_id}/guests/{guest_id}", "map", F, destructive=True),
    Route("PATCH", "/api/notes/{note_id}", "note", C, body(color="pink", version=1)),
    Route("DELETE", "/api/notes/{note_id}", "note", C, destructive=True),
    Route("POST", "/api/notes/{note_id}/move", "note", C, body(segment="hear", index=0)),
    Route("PATCH", "/api/actions/{action_id}", "action", W, body(status="doing")),
    Route("DELETE", "/api/actions/{action_id}", "action", W, destructive=True),
    Route("POST", "/api/projects/{project_id}/feedback/preview", "project", W, lambda: {"files": {"file": FEEDBACK}}),
    Route("POST", "/api/projects/{project_id}/feedback", "project", W, lambda: {"files": {"file": FEEDBACK}}),
    Route("GET", "/api/projects/{project_id}/feedback", "project", R),
    Route("GET", "/api/feedback-imports/{import_id}", "feedback_import", R),
    Route("POST", "/api/feedback-imports/{import_id}/cancel", "feedback_import", W),
    Route("GET", "/api/projects/{project_id}/evidence", "project", R),
    Route("GET", "/api/projects/{project_id}/statements", "project", R),
    Route("POST", "/api/projects/{project_id}/statements/resort", "project", W),
    Route("PATCH", "/api/statements/{statement_id}", "statement", W, body(segment="pain")),
    Route("GET", "/api/projects/{project_id}/evidence-themes", "project", R),
    Route("GET", "/api/projects/{project_id}/evidence-themes/preview", "project", R, lambda: {"params": {"segment": "pain"}}),
    Route("POST", "/api/projects/{project_id}/evidence-themes", "project", W, body(segment="pain", themes=[{"label": "x", "statement_ids": [999999]}])),
    Route("PATCH", "/api/evidence-themes/{theme_id}", "evidence_theme", W, body(label="Renamed")),
    Route("POST", "/api/evidence-themes/{theme_id}/split", "evidence_theme", W, body(statement_ids=[999999])),
    Route("POST", "/api/evidence-themes/{theme_id}/merge", "evidence_theme", W, body(into=999999)),
    Route("DELETE", "/api/evidence-themes/{theme_id}", "evidence_theme", W, destructive=True),
    Route("POST", "/api/maps/{map_id}/evidence-notes", "map_evidence", W, body(statement_ids=[999999])),
    Route("GET", "/api/maps/{map_id}/evidence-backing", "map_evidence", R),
    Route("GET", "/api/notes/{note_id}/evidence", "note_evidence", R),
    Route("POST", "/api/notes/{note_id}/evidence", "note_evidence", W, body(statement_ids=[999999])),
    Route("DELETE", "/api/notes/{note_id}/evidence/{statement_id}", "note_evidence", W),
]  # fmt: skip

# Routes that belong to the caller alone or to nobody in particular, with who may call them.
OWN_OR_PUBLIC = {
    ("GET", "/healthz"): "anyone",
    ("GET", "/readyz"): "anyone",
    ("GET", "/api/setup"): "anyone",
    ("GET", "/api/templates"): "anyone",
    ("POST", "/api/auth/signup"): "anyone",
    ("POST", "/api/auth/login"): "anyone",
    ("POST", "/api/auth/logout"): "anyone",
    ("GET", "/api/invites/{token}"): "anyone",
    ("POST", "/api/invites/{token}/accept"): "signed in",
    ("GET", "/api/join/{token}"): "anyone",
    ("POST", "/api/join/{token}"): "anyone",
    ("GET", "/api/me"): "signed in",
    ("PATCH", "/api/me"): "signed in",
    ("GET", "/api/me/tokens"): "signed in",
    ("POST", "/api/me/tokens"): "signed in",
    ("DELETE", "/api/me/tokens/{token_id}"): "signed in",
    ("GET", "/api/workspaces"): "signed in",
    ("POST", "/api/workspaces"): "signed in",
}
ROLES = ("owner", "facilitator", "member", "viewer", "guest here", "guest elsewhere", "outsider", "anonymous")


def expected(route: Route, caller: str) -> int | str:
    if caller == "anonymous":
        return 401
    if caller in ("outsider", "guest elsewhere"):
        return 404
    if caller == "guest here":
        if route.scope not in MAP_SCOPES:
            return 404
        role = Role.GUEST
    else:
        role = Role(caller)
    return "allowed" if allows(role, route.needs) else 403


class World:
    """Workspace A with one of each role and a full map; workspace B elsewhere with its own guest."""

    def __init__(self, owner: Api, member_factory: Any, app_factory: Any):
        self.owner, self.app_factory = owner, app_factory
        self.count = itertools.count()
        self.callers: dict[str, Api] = {"owner": owner}
        for role in ("facilitator", "member", "viewer"):
            self.callers[role] = member_factory(role)
        board = make_map(owner)
        self.ids = {"workspace_id": owner.workspace_id(), "project_id": board["project_id"],
                    "persona_id": board["persona_id"], "map_id": board["id"]}  # fmt: skip
        owner.ok(
            "PUT", f"/api/personas/{board['persona_id']}/photo", files={"file": ("p.png", PNG, "image/png")}
        )
        self.ids["note_id"] = self.note()
        self.ids["action_id"] = self.post(f"/api/maps/{board['id']}/actions", {"title": "Keep"})
        self.ids["invite_id"] = self.post(
            f"/api/workspaces/{self.ids['workspace_id']}/invites", {"role": "member"}
        )
        self.ids["link_id"] = self.post(f"/api/maps/{board['id']}/guest-links", {})
        self.ids["user_id"] = self.person_id(self.ids["workspace_id"])  # whose role the table changes
        self.ids["import_id"], self.ids["statement_id"] = self.feedback()
        self.ids["theme_id"] = self.theme()
        self.callers["guest here"] = self.guest(board["id"])
        self.ids["guest_id"] = int(self.guest(board["id"]).ok("GET", "/api/me")["id"])
        elsewhere = owner.ok("POST", "/api/workspaces", 201, json={"name": "Workspace B"})
        self.callers["outsider"] = self.person(elsewhere["id"])
        project_b = owner.ok("POST", f"/api/workspaces/{elsewhere['id']}/projects", 201, json={"name": "B"})
        map_b = owner.ok("POST", f"/api/projects/{project_b['id']}/maps", 201, json={"title": "B map"})
        self.callers["guest elsewhere"] = self.guest(map_b["id"])
        self.callers["anonymous"] = app_factory()

    def post(self, path: str, json_body: dict[str, Any]) -> int:
        return int(self.owner.ok("POST", path, 201, json=json_body)["id"])

    def note(self) -> int:
        return self.post(
            f"/api/maps/{self.ids['map_id']}/notes", {"segment": "pain", "text": f"note {next(self.count)}"}
        )

    def feedback(self) -> tuple[int, int]:
        """Customer statements in project A, imported through the API like any file."""
        started = self.owner.ok(
            "POST", f"/api/projects/{self.ids['project_id']}/feedback", 202, files={"file": FEEDBACK}
        )
        finished = wait_for_import(self.owner, started["id"])
        assert finished["status"] == "done", finished
        page = self.owner.ok("GET", f"/api/projects/{self.ids['project_id']}/statements")
        statement = page["statements"][0]["id"]
        self.owner.ok("PATCH", f"/api/statements/{statement}", json={"segment": "pain"})
        return int(started["id"]), int(statement)

    def theme(self) -> int:
        themes = self.owner.ok(
            "POST",
            f"/api/projects/{self.ids['project_id']}/evidence-themes",
            201,
            json={
                "segment": "pain",
                "themes": [{"label": "Checkout", "statement_ids": [self.ids["statement_id"]]}],
            },
        )
        return int(themes[0]["id"])

    def guest(self, map_id: int) -> Api:
        link = self.owner.ok("POST", f"/api/maps/{map_id}/guest-links", 201, json={})
        return join(self.app_factory, link["token"], f"Guest {next(self.count)}")

    def person(self, workspace_id: int) -> Api:
        api: Api = self.app_factory()
        token = invite_to(self.owner, workspace_id)
        api.signup(f"person{next(self.count)}@example.org", "Person", invite_token=token)
        return api

    def person_id(self, workspace_id: int) -> int:
        return int(self.person(workspace_id).ok("GET", "/api/me")["id"])

    def fresh(self, name: str) -> int:
        """A new target for a call that will use it up."""
        ws, project, board = self.ids["workspace_id"], self.ids["project_id"], self.ids["map_id"]
        if name == "workspace_id":
            return int(self.owner.ok("POST", "/api/workspaces", 201, json={"name": "Spare"})["id"])
        if name == "user_id":
            return self.person_id(ws)
        if name == "persona_id":
            persona = self.post(f"/api/projects/{project}/personas", {"name": "Spare"})
            self.owner.ok(
                "PUT", f"/api/personas/{persona}/photo", files={"file": ("p.png", PNG, "image/png")}
            )
            return persona
        makers: dict[str, Callable[[], int]] = {
            "invite_id": lambda: self.post(f"/api/workspaces/{ws}/invites", {"role": "member"}),
            "project_id": lambda: self.post(f"/api/workspaces/{ws}/projects", {"name": "Spare"}),
            "map_id": lambda: self.post(f"/api/projects/{project}/maps", {"title": "Spare"}),
            "link_id": lambda: self.post(f"/api/maps/{board}/guest-links", {}),
            "note_id": self.note,
            "action_id": lambda: self.post(f"/api/maps/{board}/actions", {"title": "Spare"}),
            "theme_id": self.theme,
            "guest_id": lambda: int(self.guest(board).ok("GET", "/api/me")["id"]),
        }
        return makers[name]()

    def path(self, route: Route, use_up: bool) -> str:
        names = [part[1:-1] for part in route.path.split("/") if part.startswith("{")]
        values = dict(self.ids)
        if use_up:  # the last id in the path is the one the call removes
            values[names[-1]] = self.fresh(names[-1])
        return route.path.format(**values)


def invite_to(owner: Api, workspace_id: int) -> str:
    created = owner.ok("POST", f"/api/workspaces/{workspace_id}/invites", 201, json={"role": "member"})
    return str(created["token"])


def test_every_route_is_in_the_table(owner: Api) -> None:
    documented = {
        (m.upper(), p) for p, methods in owner.ok("GET", "/openapi.json")["paths"].items() for m in methods
    }
    covered = {(r.method, r.path) for r in ROUTES} | set(OWN_OR_PUBLIC)
    assert documented - covered == set(), "add these routes to the access table"
    assert covered - documented == set(), "these routes in the table no longer exist"


def test_each_caller_gets_exactly_what_their_role_allows(
    owner: Api, member_factory: Any, app_factory: Any
) -> None:
    world = World(owner, member_factory, app_factory)
    wrong = []
    for route, caller in itertools.product(ROUTES, ROLES):
        want = expected(route, caller)
        path = world.path(route, use_up=route.destructive and want == "allowed")
        response = world.callers[caller].request(route.method, path, **(route.body() if route.body else {}))
        got: int | str = response.status_code
        if want == "allowed":
            got = "allowed" if got < 400 or got in (409, 422) else got  # refused by rules, not by access
        if got != want:
            wrong.append(
                f"{caller:>15} {route.method} {route.path}: expected {want}, got {got} {response.text[:120]}"
            )
    assert not wrong, "\n".join(wrong)


def test_account_routes_need_a_sign_in_and_reach_only_ones_own(owner: Api, app_factory: Any) -> None:
    nobody = app_factory()
    for (method, path), who in OWN_OR_PUBLIC.items():
        if who == "signed in" and "{" not in path:
            assert nobody.request(method, path, json={}).status_code == 401, (method, path)
    mine = owner.ok("POST", "/api/me/tokens", 201, json={"name": "cli"})
    other = app_factory()
    other.signup("other@example.org", "Other", invite_token=invite(owner, "member"))
    assert other.delete(f"/api/me/tokens/{mine['id']}").status_code == 404


def test_the_live_socket_follows_the_same_rules(owner: Api, member_factory: Any, app_factory: Any) -> None:
    world = World(owner, member_factory, app_factory)
    map_id = world.ids["map_id"]
    for caller in ROLES:
        api = world.callers[caller]
        want = expected(Route("POST", "", "map", C), caller)
        try:
            with api.live(map_id) as ws:
                until(ws, "snapshot")
                answer = reply(ws, command(ws, "note.create", segment="see", text=f"by {caller}"), [])
        except WebSocketDisconnect as closed:
            assert want in (401, 404), caller
            assert closed.code == (4401 if want == 401 else 4404), caller
            continue
        if want == "allowed":
            assert answer["type"] == "ack", (caller, answer)
        else:
            assert want == 403 and answer["error"]["code"] == "forbidden", (caller, answer)


# Every live command, with what it needs. Arguments point at real things on map A; a command refused by
# the workshop's rules (wrong phase, no session) still counts as allowed: access was granted.
OPS: dict[str, tuple[Permission, Callable[[dict[str, int]], dict[str, Any]]]] = {
    "note.create": (C, lambda ids: {"segment": "see", "text": "x"}),
    "note.update": (C, lambda ids: {"note_id": ids["note_id"], "color": "blue", "version": 1}),
    "note.move": (C, lambda ids: {"note_id": ids["note_id"], "segment": "gain", "index": 0}),
    "note.delete": (C, lambda ids: {"note_id": ids["spare_note"]}),
    "action.create": (W, lambda ids: {"title": "Act"}),
    "action.update": (W, lambda ids: {"action_id": ids["action_id"], "status": "done"}),
    "action.delete": (W, lambda ids: {"action_id": ids["spare_action"]}),
    "map.update": (W, lambda ids: {"goal": "Sharper"}),
    "undo": (C, lambda ids: {}),
    "session.start": (F, lambda ids: {}),
    "session.phase": (F, lambda ids: {"phase": "brainstorm"}),
    "session.settings": (F, lambda ids: {"anonymous": False}),
    "session.timer": (F, lambda ids: {"seconds": 60}),
    "session.focus": (F, lambda ids: {"segment": "see"}),
    "session.end": (F, lambda ids: {}),
    "theme.create": (C, lambda ids: {"name": "T", "note_ids": [ids["note_id"]]}),
    "theme.update": (C, lambda ids: {"theme_id": ids["spare_theme"], "name": "T2"}),
    "theme.delete": (C, lambda ids: {"theme_id": ids["spare_theme"]}),
    "note.group": (C, lambda ids: {"note_id": ids["note_id"], "theme_id": None}),
    "note.merge": (C, lambda ids: {"note_id": ids["note_id"], "others": [ids["spare_note"]]}),
    "note.hide": (F, lambda ids: {"note_id": ids["note_id"], "hidden": False}),
    "note.select": (W, lambda ids: {"note_id": ids["note_id"], "final": True}),
    "theme.select": (W, lambda ids: {"theme_id": ids["spare_theme"], "final": True}),
    "vote.cast": (C, lambda ids: {"note_id": ids["note_id"]}),
    "vote.retract": (C, lambda ids: {"note_id": ids["note_id"]}),
}


def test_every_live_command_follows_the_roles(owner: Api, member_factory: Any, app_factory: Any) -> None:
    from empathy_studio.realtime.messages import OPS as ALL_OPS

    assert set(OPS) == set(ALL_OPS), "add new live commands to the table"
    world = World(owner, member_factory, app_factory)
    map_id = world.ids["map_id"]
    wrong = []
    for (op, (needs, make_args)), caller in itertools.product(OPS.items(), ROLES):
        want = expected(Route("POST", "", "map", needs), caller)
        ids = {**world.ids, "spare_note": world.fresh("note_id"), "spare_action": world.fresh("action_id")}
        if op.startswith("theme.") and op != "theme.create":  # themes are made outside a session here
            theme = {"name": "Spare", "note_ids": [world.fresh("note_id")]}
            made = owner.ok(
                "POST", f"/api/maps/{map_id}/commands", json={"op": "theme.create", "args": theme}
            )
            ids["spare_theme"] = made["id"]
        response = world.callers[caller].post(
            f"/api/maps/{map_id}/commands", json={"op": op, "args": make_args(ids)}
        )
        got: int | str = response.status_code
        if want == "allowed":
            got = "allowed" if got < 400 or got in (409, 422) else got
        if got != want:
            wrong.append(f"{caller:>15} {op}: expected {want}, got {got} {response.text[:120]}")
    assert not wrong, "\n".join(wrong)
