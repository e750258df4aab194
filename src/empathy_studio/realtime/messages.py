"""What a client may send over a live connection. Anything else is answered with an error."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

OPS = (
    "note.create",
    "note.update",
    "note.move",
    "note.delete",
    "action.create",
    "action.update",
    "action.delete",
    "map.update",
    "undo",
    "session.start",
    "session.phase",
    "session.settings",
    "session.timer",
    "session.focus",
    "session.end",
    "theme.create",
    "theme.update",
    "theme.delete",
    "note.group",
    "note.merge",
    "note.hide",
    "note.select",
    "theme.select",
    "vote.cast",
    "vote.retract",
)


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Command(Message):
    """A change the client wants. ``id`` is chosen by the client; a retry with the same id applies once."""

    type: Literal["command"]
    id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    op: Literal[OPS]  # type: ignore[valid-type]
    args: dict[str, Any] = Field(default_factory=dict)


class Sync(Message):
    """Ask for every event after ``since`` (after a gap), or a fresh snapshot when ``since`` is null."""

    type: Literal["sync"]
    since: int | None = Field(None, ge=0, le=2_147_483_647)


class Ping(Message):
    type: Literal["ping"]


ClientMessage = Annotated[Command | Sync | Ping, Field(discriminator="type")]
client_message = TypeAdapter[Command | Sync | Ping](ClientMessage)


def error_message(code: str, message: str, command_id: str | None = None, **details: Any) -> dict[str, Any]:
    return {
        "type": "error",
        "id": command_id,
        "error": {"code": code, "message": message, "details": details},
    }
