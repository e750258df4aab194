"""Runs one board command (from the live socket or POST /api/maps/{id}/commands) through the services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from empathy_studio.composition import Services
from empathy_studio.domain.errors import InvalidInput
from empathy_studio.realtime.messages import Command
from empathy_studio.services.context import Actor
from empathy_studio.services.inputs import (
    ActionCreate,
    ActionPatch,
    MapPatch,
    NoteCreate,
    NoteMove,
    NotePatch,
)
from empathy_studio.services.workshop_inputs import (
    FinalMark,
    FocusSet,
    NoteGroup,
    NoteHide,
    NoteMerge,
    PhaseChange,
    SessionSettings,
    ThemeCreate,
    ThemePatch,
    ThemeRef,
    TimerSet,
    VoteTarget,
)

T = TypeVar("T", bound=BaseModel)
Handler = Callable[[Services, Actor, int, dict[str, Any], str | None], Awaitable[Any]]


def _parse(model: type[T], args: dict[str, Any]) -> T:
    try:
        return model.model_validate(args)
    except ValidationError as error:
        fields = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in error.errors()]
        raise InvalidInput("Please check the input.", details={"fields": fields}) from None


def _target(args: dict[str, Any], key: str) -> tuple[int, dict[str, Any]]:
    rest = dict(args)
    value = rest.pop(key, None)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 2_147_483_647:
        raise InvalidInput.field(key, f"{key} must be a number.")
    return value, rest


def _json(value: Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


async def _note_update(
    svc: Services, actor: Actor, map_id: int, args: dict[str, Any], cid: str | None
) -> Any:
    note_id, rest = _target(args, "note_id")
    return await svc.notes.update(actor, note_id, _parse(NotePatch, rest), cid, on_map=map_id)


async def _note_move(svc: Services, actor: Actor, map_id: int, args: dict[str, Any], cid: str | None) -> Any:
    note_id, rest = _target(args, "note_id")
    return await svc.notes.move(actor, note_id, _parse(NoteMove, rest), cid, on_map=map_id)


async def _note_delete(
    svc: Services, actor: Actor, map_id: int, args: dict[str, Any], cid: str | None
) -> Any:
    note_id, _rest = _target(args, "note_id")
    await svc.notes.delete(actor, note_id, cid, on_map=map_id)


async def _action_update(
    svc: Services, actor: Actor, map_id: int, args: dict[str, Any], cid: str | None
) -> Any:
    action_id, rest = _target(args, "action_id")
    return await svc.actions.update(actor, action_id, _parse(ActionPatch, rest), cid, on_map=map_id)


async def _action_delete(
    svc: Services, actor: Actor, map_id: int, args: dict[str, Any], cid: str | None
) -> Any:
    action_id, _rest = _target(args, "action_id")
    await svc.actions.delete(actor, action_id, cid, on_map=map_id)


async def _map_update(svc: Services, actor: Actor, map_id: int, args: dict[str, Any], cid: str | None) -> Any:
    await svc.maps.update(actor, map_id, _parse(MapPatch, args), cid)


async def _undo(svc: Services, actor: Actor, map_id: int, args: dict[str, Any], cid: str | None) -> Any:
    return {"undone": (await svc.undo.undo_last(actor, map_id, cid)).undone}


async def _session_end(
    svc: Services, actor: Actor, map_id: int, args: dict[str, Any], cid: str | None
) -> Any:
    _parse(SessionSettings, args)  # takes no arguments; refuses stray ones
    return await svc.workshop.end(actor, map_id, cid)


async def _theme_delete(
    svc: Services, actor: Actor, map_id: int, args: dict[str, Any], cid: str | None
) -> Any:
    await svc.themes.delete(actor, map_id, _parse(ThemeRef, args).theme_id, cid)


HANDLERS: dict[str, Handler] = {
    "note.create": lambda svc, a, m, args, cid: svc.notes.create(a, m, _parse(NoteCreate, args), cid),
    "note.update": _note_update,
    "note.move": _note_move,
    "note.delete": _note_delete,
    "action.create": lambda svc, a, m, args, cid: svc.actions.create(a, m, _parse(ActionCreate, args), cid),
    "action.update": _action_update,
    "action.delete": _action_delete,
    "map.update": _map_update,
    "undo": _undo,
    "session.start": lambda svc, a, m, args, cid: svc.workshop.start(
        a, m, _parse(SessionSettings, args), cid
    ),
    "session.phase": lambda svc, a, m, args, cid: svc.workshop.change_phase(
        a, m, _parse(PhaseChange, args), cid
    ),
    "session.settings": lambda svc, a, m, args, cid: svc.workshop.configure(
        a, m, _parse(SessionSettings, args), cid
    ),
    "session.timer": lambda svc, a, m, args, cid: svc.workshop.set_timer(a, m, _parse(TimerSet, args), cid),
    "session.focus": lambda svc, a, m, args, cid: svc.workshop.focus(a, m, _parse(FocusSet, args), cid),
    "session.end": _session_end,
    "theme.create": lambda svc, a, m, args, cid: svc.themes.create(a, m, _parse(ThemeCreate, args), cid),
    "theme.update": lambda svc, a, m, args, cid: svc.themes.rename(a, m, _parse(ThemePatch, args), cid),
    "theme.delete": _theme_delete,
    "note.group": lambda svc, a, m, args, cid: svc.themes.group(a, m, _parse(NoteGroup, args), cid),
    "note.merge": lambda svc, a, m, args, cid: svc.themes.merge(a, m, _parse(NoteMerge, args), cid),
    "note.hide": lambda svc, a, m, args, cid: svc.note_marks.hide(a, m, _parse(NoteHide, args), cid),
    "note.select": lambda svc, a, m, args, cid: svc.note_marks.mark_final(a, m, _parse(FinalMark, args), cid),
    "theme.select": lambda svc, a, m, args, cid: svc.note_marks.mark_final(
        a, m, _parse(FinalMark, args), cid
    ),
    "vote.cast": lambda svc, a, m, args, cid: svc.votes.cast(a, m, _parse(VoteTarget, args), cid),
    "vote.retract": lambda svc, a, m, args, cid: svc.votes.retract(a, m, _parse(VoteTarget, args), cid),
}


async def run_command(svc: Services, actor: Actor, map_id: int, command: Command) -> Any:
    return _json(await HANDLERS[command.op](svc, actor, map_id, command.args, command.id))
