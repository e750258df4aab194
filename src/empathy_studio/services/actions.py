"""Actions: what the team will do with what the map taught it, each with an owner."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.views import ActionView
from empathy_studio.persistence.tables import Action, ActionNote, EmpathyMap, Membership, Note, Project
from empathy_studio.services.access import action_for, map_for
from empathy_studio.services.board_view import action_view
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.events import record
from empathy_studio.services.inputs import ActionCreate, ActionPatch
from empathy_studio.services.limits import check_lengths


async def check_owner(s: AsyncSession, board: EmpathyMap, owner_id: int | None) -> None:
    if owner_id is None:
        return
    project = await s.get(Project, board.project_id)
    assert project is not None
    if await s.get(Membership, (project.workspace_id, owner_id)) is None:
        raise InvalidInput.field("owner_id", "The owner must be a member of this workspace.")


async def link_notes(s: AsyncSession, action_id: int, map_id: int, note_ids: Iterable[int]) -> None:
    wanted = set(note_ids)
    found = set(await s.scalars(select(Note.id).where(Note.map_id == map_id, Note.id.in_(wanted))))
    if wanted - found:
        raise InvalidInput.field("note_ids", "Link only notes of this map.")
    await s.execute(delete(ActionNote).where(ActionNote.action_id == action_id))
    s.add_all(ActionNote(action_id=action_id, note_id=n) for n in sorted(found))


async def action_snapshot(s: AsyncSession, action: Action) -> dict[str, Any]:
    await s.flush()
    return (await action_view(s, action)).model_dump(mode="json")


class Actions:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def create(
        self, actor: Actor, map_id: int, data: ActionCreate, command_id: str | None = None
    ) -> ActionView:
        check_lengths({"description": data.description}, self.ctx.settings.max_text_field_length)
        async with self.ctx.writing() as s:
            board, _, _ = await map_for(s, actor, map_id, Permission.WRITE, for_update=True)
            await check_owner(s, board, data.owner_id)
            now = self.ctx.now()
            action = Action(
                map_id=map_id,
                title=data.title,
                description=data.description,
                owner_id=data.owner_id,
                due_date=data.due_date,
                status=data.status.value,
                created_at=now,
                updated_at=now,
            )
            s.add(action)
            await s.flush()
            await link_notes(s, action.id, map_id, data.note_ids)
            after = await action_snapshot(s, action)
            event = await record(
                s,
                board,
                "action.created",
                f"action:{action.id}",
                actor,
                {"action": after},
                now,
                command_id=command_id,
            )
        await self.ctx.publisher.publish(map_id, [event])
        return ActionView.model_validate(after)

    async def update(
        self,
        actor: Actor,
        action_id: int,
        data: ActionPatch,
        command_id: str | None = None,
        on_map: int | None = None,
    ) -> ActionView:
        changes = {name: getattr(data, name) for name in data.model_fields_set}
        for required in ("title", "status"):
            if required in changes and changes[required] is None:
                raise InvalidInput.field(required, "This field cannot be empty.")
        check_lengths(changes, self.ctx.settings.max_text_field_length)
        async with self.ctx.writing() as s:
            action, board = await action_for(s, actor, action_id, Permission.WRITE, on_map)
            before = await action_snapshot(s, action)
            if "owner_id" in changes:
                await check_owner(s, board, changes["owner_id"])
            note_ids = changes.pop("note_ids", None)
            for name, value in changes.items():
                setattr(
                    action,
                    name,
                    "" if value is None and name == "description" else getattr(value, "value", value),
                )
            if note_ids is not None:
                await link_notes(s, action.id, board.id, note_ids)
            now = self.ctx.now()
            action.updated_at = now
            after = await action_snapshot(s, action)
            event = await record(
                s,
                board,
                "action.updated",
                f"action:{action.id}",
                actor,
                {"before": before, "action": after},
                now,
                command_id=command_id,
            )
        await self.ctx.publisher.publish(board.id, [event])
        return ActionView.model_validate(after)

    async def delete(
        self, actor: Actor, action_id: int, command_id: str | None = None, on_map: int | None = None
    ) -> None:
        async with self.ctx.writing() as s:
            action, board = await action_for(s, actor, action_id, Permission.WRITE, on_map)
            before = await action_snapshot(s, action)
            await s.delete(action)
            event = await record(
                s,
                board,
                "action.deleted",
                f"action:{action.id}",
                actor,
                {"action": before},
                self.ctx.now(),
                command_id=command_id,
            )
        await self.ctx.publisher.publish(board.id, [event])
