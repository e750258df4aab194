"""The live connection of a map: snapshot or catch-up on connect, then commands in and events out.

Protocol (JSON text frames):
  client -> {"type": "command", "id": "<client id>", "op": "note.create", "args": {...}}
            {"type": "sync", "since": <seq or null>}          {"type": "ping"}
  server -> {"type": "snapshot", "map": {...}}                {"type": "events", "events": [...]}
            {"type": "event", "seq": n, "kind": "...", "payload": {...}, "command_id": ...}
            {"type": "ack", "id": "<client id>", "seq": n, "result": {...}, "duplicate": bool}
            {"type": "error", "id": ..., "error": {"code", "message", "details"}}
            {"type": "presence", "people": [...]}             {"type": "pong"}
            {"type": "reload"}  (an event already shown did not come true: load a fresh snapshot;
                                 see services/early_broadcast.py)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlparse

from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import OperationalError

from empathy_studio.composition import Services
from empathy_studio.domain.errors import DomainError
from empathy_studio.domain.roles import Permission, allows
from empathy_studio.domain.values import Role
from empathy_studio.realtime.hub import ACCESS_CHANGED_CLOSE, Connection, Person
from empathy_studio.realtime.messages import Command, Ping, Sync, client_message, error_message
from empathy_studio.services.context import Actor
from empathy_studio.web.auth import SESSION_COOKIE, PathId
from empathy_studio.web.live_commands import run_command

router = APIRouter()


def _same_origin(ws: WebSocket) -> bool:
    """Browsers always send Origin; a page on another site must not ride on our cookies."""
    origin = ws.headers.get("origin")
    return origin is None or urlparse(origin).netloc == ws.headers.get("host")


async def _authenticate(ws: WebSocket, svc: Services) -> tuple[Actor, datetime | None]:
    """Who is connecting, and when their sign-in ends (never, for an API token)."""
    authorization = ws.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return await svc.accounts.token_actor(authorization[7:].strip()), None
    actor, _csrf, ends_at = await svc.accounts.session_actor_until(ws.cookies.get(SESSION_COOKIE, ""))
    return actor, ends_at


@router.websocket("/api/maps/{map_id}/live")
async def live(
    ws: WebSocket, map_id: PathId, since: Annotated[int | None, Query(ge=0, le=2_147_483_647)] = None
) -> None:
    svc: Services = ws.app.state.services
    # Accepted before any check: a socket refused during the handshake reaches the browser as 1006 with
    # no reason, and the page would keep reconnecting; closed after it, the page learns why and stops.
    # Nothing is sent before the checks pass.
    await ws.accept()
    if not _same_origin(ws):
        await ws.close(code=4403, reason="Cross-site connection refused.")
        return
    try:
        actor, ends_at = await _authenticate(ws, svc)
        role = await svc.maps.role_on(actor, map_id)  # the read gate: unknown or foreign maps end here
    except DomainError as error:
        await ws.close(code=4401 if error.kind == "not_authenticated" else 4404, reason=error.message[:120])
        return
    if len(svc.hub.rooms.get(map_id, ())) >= svc.settings.max_participants_per_map:
        await ws.close(code=4429, reason="This map has as many participants as it can take.")
        return

    async def close(code: int, reason: str) -> None:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await ws.close(code=code, reason=reason)

    facilitates = allows(role, Permission.FACILITATE)
    connection = Connection(Person(actor.user_id, actor.display_name, facilitates), ws.send_text, close)
    svc.hub.join(map_id, connection)  # join first: events from now on queue up behind the snapshot
    gauge = ws.app.state.metrics.connections
    gauge.inc()
    ending = _end_with_sign_in(svc, connection, ends_at)
    try:
        # Asked again now that the hub knows the socket: a sign-out, closed join link or role change
        # in between would otherwise have missed it.
        try:
            await _authenticate(ws, svc)
            role_now = await svc.maps.role_on(actor, map_id)
        except DomainError as error:
            await close(4401 if error.kind == "not_authenticated" else 4404, error.message[:120])
            return
        if role_now != role:
            await close(ACCESS_CHANGED_CLOSE, "Your access changed; reconnecting.")
            return
        await _send_state(ws, svc, actor, map_id, since)
        connection.release()
        if svc.early is not None:
            svc.early.prepare(map_id)
        await _receive(ws, svc, actor, map_id, connection, role)
    except WebSocketDisconnect:
        pass
    finally:
        if ending is not None:
            ending.cancel()
        gauge.dec()
        svc.hub.leave(map_id, connection)
        connection.stop()
        if svc.early is not None and map_id not in svc.hub.rooms:
            svc.early.forget(map_id)
            if svc.relay is not None:
                svc.relay.owners.forget(map_id)
                await svc.early.quiet(map_id)  # our edits still being stored keep their numbers
                if map_id not in svc.hub.rooms:  # nobody came back meanwhile
                    await svc.relay.owners.release(map_id)


def _end_with_sign_in(
    svc: Services, connection: Connection, ends_at: datetime | None
) -> asyncio.TimerHandle | None:
    """Close the socket when the sign-in it was opened with runs out (a guest's ends with their link)."""
    if ends_at is None:
        return None
    seconds = max(0.0, (ends_at - svc.accounts.ctx.now()).total_seconds())
    return asyncio.get_running_loop().call_later(
        seconds, connection.end, 4401, "Your sign-in has ended. Please sign in again."
    )


async def _send_state(ws: WebSocket, svc: Services, actor: Actor, map_id: int, since: int | None) -> None:
    if svc.early is not None:
        await svc.early.settled(map_id)
    events = await svc.board_log.since(actor, map_id, since) if since is not None else None
    if events is None:
        snapshot = await svc.maps.get(actor, map_id)
        await ws.send_text(json.dumps({"type": "snapshot", "map": snapshot.model_dump(mode="json")}))
    else:
        await ws.send_text(json.dumps({"type": "events", "events": events}))
    await ws.send_text(json.dumps({"type": "presence", "people": svc.hub.present(map_id)}))


async def _receive(
    ws: WebSocket, svc: Services, actor: Actor, map_id: int, connection: Connection, role: Role
) -> None:
    limit = svc.settings.max_live_message_bytes
    bucket = TokenBucket(svc.settings.max_live_messages_per_second)
    while True:
        text = await ws.receive_text()
        if not bucket.take():
            connection.offer(json.dumps(error_message("rate_limited", bucket.message, _command_id(text))))
            continue
        if len(text.encode()) > limit:
            connection.offer(
                json.dumps(error_message("message_too_large", f"Messages are limited to {limit} bytes."))
            )
            continue
        try:
            message = client_message.validate_json(text)
        except ValidationError as problem:
            connection.offer(json.dumps(_invalid(text, problem)))
            continue
        reply: dict[str, Any]
        if isinstance(message, Ping):
            reply = {"type": "pong"}
        elif isinstance(message, Sync):
            if svc.early is not None:
                await svc.early.settled(map_id)
            events = (
                await svc.board_log.since(actor, map_id, message.since) if message.since is not None else None
            )
            if events is None:
                snapshot = await svc.maps.get(actor, map_id)
                reply = {"type": "snapshot", "map": snapshot.model_dump(mode="json")}
            else:
                reply = {"type": "events", "events": events}
        else:
            reply = await _command_where_the_map_runs(svc, actor, map_id, message, role)
        connection.offer(json.dumps(reply))


async def _command_where_the_map_runs(
    svc: Services, actor: Actor, map_id: int, command: Command, role: Role
) -> dict[str, Any]:
    """With several instances and early edits, a map's live commands run on the instance that holds its
    lease (realtime/map_owners.py), which puts them in order; this one hands them over and relays the
    answer. If that instance does not answer in time, the command runs here."""
    relay = svc.relay
    if relay is None or svc.early is None:
        return await _command(svc, actor, map_id, command, role)
    request = {
        "map_id": map_id,
        "user_id": actor.user_id,
        "display_name": actor.display_name,
        "role": role.value,
        "command": command.model_dump(mode="json"),
    }
    owner, answer = None, None
    try:
        async with asyncio.timeout(HAND_OVER_TIMEOUT):  # Redis included: it may have stopped answering
            owner = await relay.owners.owner(map_id)
            if owner is not None and owner != relay.origin:
                answer = await relay.forward(owner, request)
                if answer is None:  # nobody listens there: that instance is gone
                    await relay.owners.gone(map_id, owner)
    except TimeoutError:
        if owner is not None and owner != relay.origin:
            relay.owners.pass_over(owner)
    if answer is None:
        return await _command(svc, actor, map_id, command, role)
    return answer


HAND_OVER_TIMEOUT = 1.5  # seconds; a handed-over command normally comes back within milliseconds


def answer_handed_over(svc: Services) -> Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]:
    """What runs a command another instance handed over (RedisRelay.on_command). The other instance
    checked the socket (sign-in, role on the map) as for its own commands; the services check the rest."""

    async def answer(request: dict[str, Any]) -> dict[str, Any]:
        try:
            handed = _HandedOver.model_validate(request)
        except ValidationError:  # another version of the app? The asker's client gets an answer.
            command = request.get("command")
            command_id = command.get("id") if isinstance(command, dict) else None
            return error_message("invalid_message", "The message is malformed.", command_id)
        actor = Actor(handed.user_id, handed.display_name)
        return await _command(svc, actor, handed.map_id, handed.command, handed.role)

    return answer


class _HandedOver(BaseModel):
    map_id: int
    user_id: int
    display_name: str
    role: Role
    command: Command


async def _command(svc: Services, actor: Actor, map_id: int, command: Command, role: Role) -> dict[str, Any]:
    try:
        result = await _run(svc, actor, map_id, command, role)
    except DomainError as error:
        # A retry of a command that was applied (its ack lost with the connection) fails its checks the
        # second time, as a conflict, not-found or duplicate: answer it as the first time instead.
        # Looked up only here, so the normal path pays nothing for it.
        if error.code != "command_id_taken":
            try:
                earlier = await svc.board_log.applied_command(actor, map_id, command.id)
            except DomainError as other:
                return error_message(other.code, other.message, command.id)
            if earlier is not None:
                return {
                    "type": "ack",
                    "id": command.id,
                    "seq": earlier["seq"],
                    "result": None,
                    "duplicate": True,
                }
        return error_message(error.code, error.message, command.id, **error.details)
    except OperationalError:  # full disk, read-only database: rolled back, the client may retry
        message = "The database cannot take changes right now. Nothing was changed; try again later."
        return error_message("storage_unavailable", message, command.id)
    return {"type": "ack", "id": command.id, "result": result, "duplicate": False}


async def _run(svc: Services, actor: Actor, map_id: int, command: Command, role: Role) -> Any:
    """Run the command; a note edit the room can be shown at once goes out before it is stored."""
    ahead = svc.early
    if ahead is None or command.op != "note.update":
        return await run_command(svc, actor, map_id, command)
    early = ahead.try_early(
        map_id,
        actor,
        allows(role, Permission.CONTRIBUTE),
        allows(role, Permission.FACILITATE),
        command.id,
        command.args,
    )
    if early is not None:
        return await ahead.finish(early, lambda: run_command(svc, actor, map_id, command))
    return await run_command(svc, actor, map_id, command)


class TokenBucket:
    """At most ``rate`` messages a second on average, in bursts of up to twice that."""

    def __init__(self, rate: float):
        self.rate, self.capacity = rate, 2 * rate
        self.tokens, self.at = self.capacity, time.monotonic()
        self.message = f"Slow down: at most {rate:g} messages a second. This one was not applied."

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def _command_id(text: str) -> str | None:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError:
        return None
    return raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None


def _invalid(text: str, problem: ValidationError) -> dict[str, Any]:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return error_message("invalid_json", "The message is not valid JSON.")
    command_id = _command_id(text)
    kinds = {e["type"] for e in problem.errors()}
    if "union_tag_invalid" in kinds or "union_tag_not_found" in kinds:
        return error_message("unknown_message", "Unknown message type.", command_id)
    fields = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in problem.errors()]
    return error_message("invalid_message", "The message is malformed.", command_id, fields=fields)
