"""Applies board events to a map snapshot, exactly as a client screen does. The server never needs it;
tests and the benchmark client use it to prove that snapshot + events equals a fresh snapshot."""

from __future__ import annotations

import copy
from typing import Any


class BoardState:
    def __init__(self, snapshot: dict[str, Any]):
        self.map = copy.deepcopy(snapshot)
        self.seq: int = snapshot["seq"]
        self.stale = False  # set by an event that changes too much to patch in: load a fresh snapshot

    def apply(self, event: dict[str, Any]) -> bool:
        """Apply one event; False when it is old (already included) and was skipped."""
        if event["seq"] <= self.seq:
            return False
        if event["seq"] != self.seq + 1:
            raise ValueError(f"gap: have {self.seq}, got {event['seq']}")
        kind, payload = event["kind"], event["payload"]
        family = kind.split(".")[0]
        if payload.get("resync"):
            self.stale = True
        elif kind == "redacted":  # someone else's private note or vote: only its number reaches us
            pass
        elif kind == "note.hidden":
            self._remove("notes", payload["note_id"], renumber=True)
        elif family in ("theme", "vote", "session"):
            self._workshop(kind, payload)
        elif family == "note":
            self._remove("notes", payload["note"]["id"], renumber=True)
            if kind == "note.deleted":
                self._unlink_note(payload["note"]["id"])
            else:
                self._insert_note(payload["note"])
                self._link_note(payload["note"]["id"], payload.get("action_ids", []))
        elif family == "action":
            self._remove("actions", payload["action"]["id"], renumber=False)
            if kind != "action.deleted":
                self.map["actions"].append(payload["action"])
                self.map["actions"].sort(key=lambda a: a["id"])
        elif kind == "notes.imported":
            for note in payload["notes"]:
                self._insert_note(note)
        elif kind == "map.updated":
            self.map.update({k: v for k, v in payload.items() if k in self.map})
        self.seq = self.map["seq"] = event["seq"]
        return True

    def _workshop(self, kind: str, payload: dict[str, Any]) -> None:
        if family_of(kind) == "session":
            if self.map.get("session") is not None:
                self.map["session"].update(payload["session"])
        elif kind == "theme.deleted":
            self._remove("themes", payload["theme_id"], renumber=False)
            for note in self.map["notes"]:
                if note["id"] in payload["note_ids"]:
                    note["theme_id"] = None
        elif family_of(kind) == "theme":
            theme = payload["theme"]
            old: dict[str, Any] = next((t for t in self.map["themes"] if t["id"] == theme["id"]), {})
            self._remove("themes", theme["id"], renumber=False)
            self.map["themes"].append({**old, **theme})
            for note in self.map["notes"]:
                if note["id"] in payload.get("note_ids", []):
                    note["theme_id"] = theme["id"]
        else:  # one's own vote
            key, target = (
                ("notes", payload["note_id"]) if payload["note_id"] else ("themes", payload["theme_id"])
            )
            for item in self.map[key]:
                if item["id"] == target:
                    item["my_votes"] += 1 if kind == "vote.cast" else -1
            if self.map.get("session") is not None:
                self.map["session"]["votes_left"] = payload["votes_left"]

    def comparable(self) -> dict[str, Any]:
        """The parts both sides must agree on (timestamps of the map itself aside)."""
        order = {s["id"]: i for i, s in enumerate(self.map["segments"])}
        notes = sorted(self.map["notes"], key=lambda n: (order[n["segment"]], n["position"]))
        return {
            "notes": [
                {
                    k: n[k]
                    for k in (
                        "id",
                        "segment",
                        "position",
                        "text",
                        "color",
                        "basis",
                        "source",
                        "version",
                        "private",
                        "theme_id",
                        "final",
                        "my_votes",
                        "author_name",
                    )
                }
                for n in notes
            ],
            "actions": [
                {k: a[k] for k in ("id", "title", "owner_id", "due_date", "status", "note_ids")}
                for a in sorted(self.map["actions"], key=lambda a: a["id"])
            ],
            "themes": sorted(
                (
                    {k: t[k] for k in ("id", "segment", "name", "final", "my_votes")}
                    for t in self.map["themes"]
                ),
                key=lambda t: t["id"],
            ),
            "title": self.map["title"],
            "goal": self.map["goal"],
            "seq": self.seq,
        }

    def _remove(self, key: str, item_id: int, *, renumber: bool) -> None:
        items = self.map[key]
        gone = next((i for i in items if i["id"] == item_id), None)
        if gone is None:
            return
        items.remove(gone)
        if renumber and gone["position"] >= 0:  # notes off the board (private, hidden) hold no place
            for note in items:
                if note["segment"] == gone["segment"] and note["position"] > gone["position"]:
                    note["position"] -= 1

    def _insert_note(self, note: dict[str, Any]) -> None:
        for other in self.map["notes"] if note["position"] >= 0 else []:
            if other["segment"] == note["segment"] and other["position"] >= note["position"]:
                other["position"] += 1
        self.map["notes"].append(note)

    def _link_note(self, note_id: int, action_ids: list[int]) -> None:
        for action in self.map["actions"]:
            if action["id"] in action_ids and note_id not in action["note_ids"]:
                action["note_ids"] = sorted([*action["note_ids"], note_id])

    def _unlink_note(self, note_id: int) -> None:
        for action in self.map["actions"]:
            action["note_ids"] = [n for n in action["note_ids"] if n != note_id]


def family_of(kind: str) -> str:
    return kind.split(".")[0]
