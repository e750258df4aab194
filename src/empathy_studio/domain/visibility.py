"""Who sees what of a board event. Every event goes to everyone on the map so that sequence numbers stay
gap-free, but its content only to its audience: a private brainstorm note to its author, a vote to the
voter, a hidden note to the facilitators. Everyone else gets the same event number with nothing in it.
In anonymous phases the names of other people's notes are blanked as well."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FACILITATORS = "facilitators"


@dataclass(frozen=True)
class Viewer:
    user_id: int
    facilitates: bool


def only_for(user_id: int) -> str:
    return f"user:{user_id}"


def can_see(audience: str | None, viewer: Viewer) -> bool:
    if audience is None:
        return True
    if audience == FACILITATORS:
        return viewer.facilitates
    return audience == only_for(viewer.user_id)


def event_for(event: dict[str, Any], viewer: Viewer) -> dict[str, Any]:
    """The event as ``viewer`` may receive it, without the internal visibility keys and without the
    previous state that undo keeps ("before"): screens never use it, and it doubled what every edit sent
    to every participant."""
    audience = event.get("audience")
    public = {k: v for k, v in event.items() if k not in ("audience", "anonymous")}
    payload = public["payload"]
    if isinstance(payload, dict) and "before" in payload:
        public["payload"] = {k: v for k, v in payload.items() if k != "before"}
    if not can_see(audience, viewer):
        return {
            **public,
            "kind": "redacted",
            "actor_id": None,
            "command_id": None,
            "payload": {"was": event["kind"]},
        }
    if event.get("anonymous"):
        public["payload"] = without_authors(public["payload"], viewer.user_id)
        if public["actor_id"] != viewer.user_id:
            public["actor_id"] = None
    return public


def without_authors(value: Any, viewer_id: int) -> Any:
    """Blank the author of every note in ``value`` that ``viewer_id`` did not write."""
    if isinstance(value, list):
        return [without_authors(item, viewer_id) for item in value]
    if not isinstance(value, dict):
        return value
    out = {k: without_authors(v, viewer_id) for k, v in value.items()}
    if "author_id" in out and out["author_id"] != viewer_id:
        out["author_id"] = None
        out["author_name"] = ""
        if "authors" in out:
            out["authors"] = []
    return out
