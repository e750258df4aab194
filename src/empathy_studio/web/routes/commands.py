"""The workshop over plain HTTP: every command the live socket takes, for scripts and integrations."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import Field, ValidationError

from empathy_studio.domain.errors import Conflict, DomainError, InvalidInput
from empathy_studio.realtime.messages import OPS, Command
from empathy_studio.services.inputs import Input
from empathy_studio.web.auth import ActorDep, PathId, ServicesDep
from empathy_studio.web.live_commands import run_command

router = APIRouter(prefix="/api", tags=["workshop"])


class CommandIn(Input):
    op: str = Field(description="One of: " + ", ".join(OPS), max_length=40)
    args: dict[str, Any] = Field(default_factory=dict)
    id: str | None = Field(
        None, description="Your id for this command (8-64 of A-Z a-z 0-9 _ . : -), so a retry applies once."
    )


@router.post("/maps/{map_id}/commands")
async def command(map_id: PathId, body: CommandIn, actor: ActorDep, svc: ServicesDep) -> Any:
    """Run one board command, exactly as over the live socket (see docs/API.md, "Live protocol"); the
    answer is the command's result. Everyone connected to the map sees the change at once. Sent again
    with the same ``id``, it is not applied twice: the answer is 409 ``duplicate_command``."""
    raw = {"type": "command", "id": body.id or f"http-{uuid.uuid4()}", "op": body.op, "args": body.args}
    try:
        parsed = Command.model_validate(raw)
    except ValidationError as error:
        fields = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in error.errors()]
        raise InvalidInput("Please check the command.", details={"fields": fields}) from None
    try:
        return await run_command(svc, actor, map_id, parsed)
    except DomainError as error:
        # A retry of a command that was applied (its answer lost on the way) fails its checks the
        # second time, as a conflict or not-found: say that it was applied instead, as the socket does.
        if body.id is None or error.code in ("duplicate_command", "command_id_taken"):
            raise
        try:
            await svc.maps.role_on(actor, map_id)  # say nothing about a map the caller cannot see
        except DomainError:
            raise error from None
        earlier = await svc.board_log.applied_command(actor, map_id, parsed.id)
        if earlier is None:
            raise
        raise Conflict(
            "This command was applied already.",
            code="duplicate_command",
            details={"command_id": parsed.id, "seq": earlier["seq"]},
        ) from None
