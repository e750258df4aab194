"""Live note edits reach the room before they are stored.

A note edit spent 4-5 ms in the notes service's transaction (ORM work and six to eight statements)
before the room saw it. When every change to a map passes through one process, the event an edit will
produce can be predicted from the events published before it: the note as the room last saw it with the
edit applied, under the next event number. The prediction goes out at once; then three compare-and-set
statements store it (services/early_store.py). The author's ack waits for that commit, so no
acknowledged change can be lost. If the database has moved on (the note or the map is not where the
prediction assumed), nothing is written, the room is told to reload ({"type": "reload"}), and the edit
takes the ordinary path, which gives the authoritative answer.

One instance passes every change through itself. With several instances (Redis set), the instance that
holds a map's lease (realtime/map_owners.py) predicts its edits; the others hand it the map's live
commands, and its predictions and reloads reach their rooms through the relay.

A prediction is made only when nothing can come between it and its own transaction: no other write
transaction of the process is open or waiting (so no other change can take the event number),
this process runs the map, the phase rules (read with the map, and again after every session change)
allow note edits, the note is known as the room sees it, the author's role allows the edit and they may
see the note, the version matches, and the command id was never stored on the map (all stored ids are
loaded once per map). Anything else takes the ordinary path."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import ValidationError
from sqlalchemy import bindparam, make_url, select, text

from empathy_studio.domain.errors import DomainError
from empathy_studio.domain.views import NoteView
from empathy_studio.domain.workshop import check_allowed
from empathy_studio.persistence.tables import BoardEvent, EmpathyMap, Note, WorkshopSession
from empathy_studio.realtime.hub import RELOAD, Hub
from empathy_studio.services.board_view import note_view
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.early_batches import STORE_AFTER, StoreBatches
from empathy_studio.services.early_store import InlineStore, NoteEdit, store
from empathy_studio.services.events import event_message
from empathy_studio.services.inputs import NotePatch
from empathy_studio.services.notes import Notes, note_audience
from empathy_studio.services.workshop_gate import hides_authors, phase_of, running_session

log = logging.getLogger("empathy_studio.realtime")
CHECK_EVERY = 0.5  # seconds between checks that edits another instance showed early were stored
STORED_WITHIN = 3.0  # seconds; an early edit from another instance not stored by then is taken back


class Outlet(Protocol):
    """Where events go: this instance's hub, or the Redis relay (which also tells the other instances)."""

    async def publish(self, map_id: int, events: list[dict[str, Any]]) -> None: ...

    async def access_changed(self, user_id: int) -> None: ...

    def deliver_now(self, map_id: int, event: dict[str, Any]) -> None: ...

    def reload(self, map_id: int) -> None: ...


@dataclass
class MapMemory:
    """What the room of one map was last told, as far as note edits need it."""

    seq: int | None = None  # number of the last event published; None when unknown
    notes: dict[int, dict[str, Any]] = field(default_factory=dict)  # as last published, by id
    editable: bool = False  # the running session's phase allows note edits
    anonymous: bool = False  # whether note events hide their authors now (the session's setting)
    commands: set[str] = field(default_factory=set)  # command ids stored on the map
    commands_loaded: bool = False
    complete: bool = False  # notes holds every note of the map (read, then kept up by events)

    def place(self, note: dict[str, Any]) -> None:
        """``note`` was put in at its position: the notes from there on in its segment move down."""
        self._shift(note["segment"], note["position"], at_or_after=True, by=1)
        self.notes[note["id"]] = note

    def take_out(self, note_id: int, segment: str, position: int) -> None:
        """A note left ``position`` in ``segment``: the notes after it move up."""
        self.notes.pop(note_id, None)
        self._shift(segment, position, at_or_after=False, by=-1)

    def _shift(self, segment: str, position: int, *, at_or_after: bool, by: int) -> None:
        if position < 0:  # private and hidden notes hold no place
            return
        for note_id, note in list(self.notes.items()):
            where = note["position"]
            if note["segment"] == segment and (where >= position if at_or_after else where > position):
                self.notes[note_id] = {**note, "position": where + by}

    def forget_board(self) -> None:
        self.seq, self.editable = None, False
        self.notes.clear()


@dataclass(frozen=True)
class EarlyEdit:
    map_id: int
    command_id: str
    stored: NoteEdit


class EarlyBroadcast:
    """The services' event publisher, in front of the hub or the relay (``out``). ``owns`` says whether
    this instance runs a map (always, without Redis)."""

    def __init__(
        self,
        ctx: ServiceContext,
        hub: Hub,
        notes: Notes,
        out: Outlet | None = None,
        owns: Callable[[int], bool] | None = None,
    ):
        self.ctx, self.hub, self.notes = ctx, hub, notes
        self.out: Outlet = out or hub
        self.owns = owns or (lambda _map_id: True)
        self.storing: dict[int, asyncio.Lock] = {}  # per map: stores in the order of the predictions
        # Per map: edits another instance showed early, by event number (command id, when shown), until
        # they are found stored. If one is not, or another event took its number, screens here reload.
        self.unconfirmed: dict[int, dict[int, tuple[str | None, float]]] = {}
        self.checking: dict[int, asyncio.Task[None]] = {}
        self.maps: dict[int, MapMemory] = {}
        self.pending: set[tuple[int, str]] = set()  # (map, command id) shown and not yet stored
        self.loading: dict[int, asyncio.Task[None]] = {}
        self.idle: dict[int, asyncio.Event] = {}  # per map: set while none of its edits is pending
        self.predicted = 0  # edits broadcast before they were stored
        self.withdrawn = 0  # of those, the ones that did not come true (the room reloaded)
        self.inline = _inline_store(ctx)
        self.batches = (
            StoreBatches(ctx, self.inline, self._checkpoint_if_due) if self.inline is not None else None
        )
        self.stores: set[asyncio.Future[bool]] = set()  # edits being stored one by one (not batched)
        self.all_stored = asyncio.Event()  # set while no edit of this process is shown and not stored
        self.all_stored.set()
        # Edits are stored a moment after they went out: a write starting meanwhile must not take the
        # numbers they were shown with. It is counted first, so nothing new is predicted.
        ctx.before_write = self._stores_done
        self.checkpointing: asyncio.Task[None] | None = None
        self.closing = False

    async def publish(self, map_id: int, events: list[dict[str, Any]]) -> None:
        for event in events:
            self._learn(map_id, event)
        await self.out.publish(map_id, events)

    async def access_changed(self, user_id: int) -> None:
        await self.out.access_changed(user_id)

    def receive_remote(self, map_id: int, events: list[dict[str, Any]], early: bool) -> None:
        """Events another instance published, or showed early (``early``): learned, and shown here."""
        for event in events:
            self._learn(map_id, event)
            self.hub.deliver(map_id, event)
            if early:
                shown = self.unconfirmed.setdefault(map_id, {})
                shown[event["seq"]] = (event.get("command_id"), time.monotonic())
                if map_id not in self.checking:
                    self.checking[map_id] = asyncio.create_task(self._check_stored(map_id))

    def reload_remote(self, map_id: int) -> None:
        """An early edit did not come true (on another instance, or so our check found): screens here
        load the map afresh."""
        self.unconfirmed.pop(map_id, None)  # what they load is the truth
        self._forget_board(map_id)
        self.hub.broadcast(map_id, RELOAD)

    async def _check_stored(self, map_id: int) -> None:
        """Confirm that the edits another instance showed early were stored as shown. The owner tells us
        when one was not, but that message can be lost, or the owner die before storing: then another
        event takes the number, and screens here would keep an edit that never happened."""
        try:
            while self.unconfirmed.get(map_id):
                await asyncio.sleep(CHECK_EVERY)
                shown = dict(self.unconfirmed.get(map_id, {}))
                if not shown:
                    break
                async with self.ctx.sessions() as s:
                    rows = await s.execute(
                        select(BoardEvent.seq, BoardEvent.command_id).where(
                            BoardEvent.map_id == map_id, BoardEvent.seq.in_(list(shown))
                        )
                    )
                    stored = {seq: command_id for seq, command_id in rows}
                now = time.monotonic()
                for seq, (command_id, at) in shown.items():
                    if seq in stored and stored[seq] == command_id:
                        self.unconfirmed.get(map_id, {}).pop(seq, None)
                    elif seq in stored or now - at > STORED_WITHIN:
                        log.warning(
                            "an edit shown early on map %s by another instance did not come true", map_id
                        )
                        self.reload_remote(map_id)
                        break
        except Exception:  # the next early event starts another check
            log.exception("could not check early edits of map %s", map_id)
        finally:
            self.checking.pop(map_id, None)
            if not self.unconfirmed.get(map_id):
                self.unconfirmed.pop(map_id, None)

    async def quiet(self, map_id: int) -> None:
        """Wait (at most 5 s) until none of this process's early edits on the map is still being stored."""
        idle = self.idle.get(map_id)
        if idle is not None and not idle.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(idle.wait(), timeout=5)

    async def _stores_done(self) -> None:
        if not self.all_stored.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.all_stored.wait(), timeout=5)

    def prepare(self, map_id: int) -> None:
        """Read what the map holds now (its notes, the phase rules, the stored command ids) in the
        background, so edits can go out early from the first one. A socket that closes meanwhile does
        not cut it short; until it is done nothing on the map is predicted."""
        memory = self.maps.setdefault(map_id, MapMemory())
        if map_id in self.loading or (memory.commands_loaded and memory.complete):
            return
        task = asyncio.create_task(self._load(map_id, memory))
        self.loading[map_id] = task
        task.add_done_callback(lambda _t: self.loading.pop(map_id, None))

    async def _load(self, map_id: int, memory: MapMemory) -> None:
        for _ in range(3):  # events going out while we read make what we read stale: read again
            if await self._read(map_id, memory):
                return

    async def _read(self, map_id: int, memory: MapMemory) -> bool:
        try:
            async with self.ctx.sessions() as s:
                if not memory.commands_loaded:
                    stored = await s.scalars(
                        select(BoardEvent.command_id).where(
                            BoardEvent.map_id == map_id, BoardEvent.command_id.is_not(None)
                        )
                    )
                    memory.commands.update(c for c in stored if c is not None)
                    memory.commands_loaded = True
                seq = await s.scalar(select(EmpathyMap.seq).where(EmpathyMap.id == map_id))
                session = await running_session(s, map_id)
                notes = [
                    note_view(n).model_dump(mode="json") for n in await s.scalars(_NOTES_OF, {"m": map_id})
                ]
        except Exception:  # the ordinary path goes on working; this map is not predicted
            log.exception("could not read map %s for early note edits", map_id)
            return True
        if seq is None:
            return True
        if memory.seq is not None and memory.seq != seq:
            memory.seq = None  # events went out while we read; the next read starts from what it finds
            return False
        memory.seq, memory.complete = seq, True
        memory.notes = {note["id"]: note for note in notes}
        memory.editable = _allows_note_edits(session)
        memory.anonymous = hides_authors(session)
        return True

    async def close(self) -> None:
        for task in self.checking.values():
            task.cancel()
        if self.batches is not None:
            await self.batches.close()  # what was shown is stored
        if self.stores:
            await asyncio.wait(self.stores)
        self.closing = True  # no new checkpoint from here on
        for task in [*self.loading.values(), *([self.checkpointing] if self.checkpointing else [])]:
            with contextlib.suppress(Exception):
                await task
        if self.inline is not None:
            self.inline.close()

    def _checkpoint_if_due(self) -> None:
        """Write SQLite's log back into the database file on the ordinary connections' thread: it waits
        for the disk, which the event loop must not."""
        if (
            self.inline is None
            or not self.inline.checkpoint_due
            or self.checkpointing is not None
            or self.closing
        ):
            return
        self.inline.stored_since_checkpoint = 0

        async def checkpoint() -> None:
            # In the write turn: a store running meanwhile would leave the log never wholly written
            # back, and SQLite starts the log from its beginning again only after that happened.
            try:
                async with self.ctx.write_turn(writer=False), self.ctx.sessions() as s:
                    busy, logged, written_back = (
                        await s.execute(text("PRAGMA wal_checkpoint(PASSIVE)"))
                    ).one()
                    if not busy and logged == written_back:
                        # The next write starts the log afresh and waits for the disk to record the new
                        # log header. Make it here, on this thread: it rewrites a value unchanged.
                        version = int((await s.execute(text("PRAGMA user_version"))).scalar_one())
                        await s.execute(text(f"PRAGMA user_version = {version}"))
            except Exception:  # the next one will do; SQLite's log only grows meanwhile
                log.exception("checkpoint of the SQLite log failed")
            finally:
                self.checkpointing = None

        self.checkpointing = asyncio.create_task(checkpoint())

    def forget(self, map_id: int) -> None:
        """The room emptied: keep nothing for it unless an edit is still on its way."""
        if not any(key[0] == map_id for key in self.pending):
            self.maps.pop(map_id, None)
            self.idle.pop(map_id, None)
            self.storing.pop(map_id, None)

    def try_early(
        self, map_id: int, actor: Actor, may_contribute: bool, sees_hidden: bool, command_id: str, args: Any
    ) -> EarlyEdit | None:
        """Broadcast the event of the note edit ``args`` now, if it can be predicted safely."""
        memory = self.maps.get(map_id)
        if (
            memory is None
            or not may_contribute
            or not memory.commands_loaded
            or not memory.editable
            or memory.seq is None
            or command_id in memory.commands
            or self.ctx.open_writers  # early edits being stored are not counted there
            or not self.owns(map_id)
        ):
            return None
        note_id = args.get("note_id") if isinstance(args, dict) else None
        note = memory.notes.get(note_id) if isinstance(note_id, int) else None
        if note is None:
            return None
        if (note["private"] and note["author_id"] != actor.user_id) or (note["hidden"] and not sees_hidden):
            return None
        try:
            data = NotePatch.model_validate({k: v for k, v in args.items() if k != "note_id"})
            given = self.notes.check_patch(data)
        except (ValidationError, DomainError):
            return None  # the ordinary path explains what is wrong
        if data.version != note["version"]:
            return None  # the ordinary path reports the conflict with the note as it is
        now = self.ctx.now()
        changed = {name: getattr(getattr(data, name), "value", getattr(data, name)) for name in given}
        view = NoteView.model_validate({**note, **changed, "version": note["version"] + 1, "updated_at": now})
        event = event_message(
            map_id,
            memory.seq + 1,
            "note.updated",
            actor.user_id,
            {"note": view.model_dump(mode="json")},
            command_id,
            note_audience(view),
            memory.anonymous,
        )
        self._learn(map_id, event)
        self.out.deliver_now(map_id, event)
        self.pending.add((map_id, command_id))  # from here on, finish() settles it
        self.all_stored.clear()
        self.idle.setdefault(map_id, asyncio.Event()).clear()
        self.predicted += 1
        return EarlyEdit(map_id, command_id, NoteEdit(event, note, changed, now))

    async def finish(self, edit: EarlyEdit, ordinary: Callable[[], Awaitable[Any]]) -> Any:
        """Store an edit that went out early and return its result for the ack. If the database has
        moved on, take back what the room saw and let ``ordinary`` (the notes service) answer."""
        # Stored a moment later (early_batches.py), on SQLite with the edits arriving meanwhile. The
        # store goes on if this task is cancelled (the socket closed): the room was shown the edit.
        if self.batches is not None:
            queued: asyncio.Future[bool] = self.batches.add(edit.stored)
        else:
            queued = asyncio.ensure_future(self._store_soon(edit))
            self.stores.add(queued)
            queued.add_done_callback(self.stores.discard)
        queued.add_done_callback(
            lambda done: self._done(
                edit, withdraw=done.cancelled() or done.exception() is not None or not done.result()
            )
        )
        stored = await asyncio.shield(queued)
        if stored:
            return edit.stored.event["payload"]["note"]
        return await ordinary()

    async def _store_soon(self, edit: EarlyEdit) -> bool:
        """PostgreSQL (or SQLite whose commits wait for the disk): each edit in its own transaction,
        as long after it went out as a batch would be."""
        await asyncio.sleep(STORE_AFTER)
        # PostgreSQL queues no writers (write_turn), so a later prediction's store could reach the map's
        # event number first, and fail: the lock is taken in prediction order.
        async with self.ctx.write_turn(writer=False), self.storing.setdefault(edit.map_id, asyncio.Lock()):
            return await store(self.ctx, edit.stored)

    def _done(self, edit: EarlyEdit, *, withdraw: bool) -> None:
        key = (edit.map_id, edit.command_id)
        self.pending.discard(key)
        if not self.pending:
            self.all_stored.set()
        if not any(m == edit.map_id for m, _c in self.pending):
            self.idle.setdefault(edit.map_id, asyncio.Event()).set()
        if withdraw:
            self._withdraw(edit.map_id)
        if edit.map_id not in self.hub.rooms:  # the room emptied while this edit was being stored
            self.forget(edit.map_id)

    async def settled(self, map_id: int) -> None:
        """Wait (briefly) until every edit shown early on the map is stored, so that a snapshot or a
        catch-up read now holds them and a joining screen sees no gap. Edits another instance showed
        early are waited for in the database: their stores happen there."""
        await self.quiet(map_id)
        pause = 0.002
        while (shown := self.unconfirmed.get(map_id)) and pause < 1:  # about 2 s at most
            async with self.ctx.sessions() as s:
                stored = await s.scalar(select(EmpathyMap.seq).where(EmpathyMap.id == map_id))
            if stored is None or stored >= max(shown, default=0):
                return
            await asyncio.sleep(pause)
            pause *= 2

    def _withdraw(self, map_id: int) -> None:
        log.info("an early note edit on map %s did not come true; the room reloads", map_id)
        self.withdrawn += 1
        self._forget_board(map_id)
        self.out.reload(map_id)

    def _forget_board(self, map_id: int) -> None:
        """What the room was shown may not be true: read the map afresh."""
        if (memory := self.maps.get(map_id)) is not None:
            memory.forget_board()
            self._relearn(map_id, memory)

    def _relearn(self, map_id: int, memory: MapMemory) -> None:
        """Read the map afresh once the change that made us forget it is stored and published."""
        memory.complete = False
        if map_id in self.hub.rooms:
            self.prepare(map_id)

    def _learn(self, map_id: int, event: dict[str, Any]) -> None:
        """Keep the map's memory as the room sees it. Notes are placed exactly as the notes service
        places them (a note taken out closes its gap, one put in opens one); after anything subtler
        (grouping, merging, hiding, a reveal, an import) the notes are forgotten and learned afresh."""
        if map_id not in self.maps and map_id not in self.hub.rooms:
            return  # nobody here is on that map: nothing to predict from
        memory = self.maps.setdefault(map_id, MapMemory())
        if event.get("command_id") is not None:
            memory.commands.add(event["command_id"])
        memory.seq = max(memory.seq or 0, event["seq"])
        kind, payload = event["kind"], event["payload"]
        note = payload.get("note") if isinstance(payload.get("note"), dict) else None
        family = kind.split(".")[0]
        if family == "note":
            memory.anonymous = bool(event.get("anonymous"))
        if kind == "note.updated" and note is not None:
            memory.notes[note["id"]] = note
        elif kind == "note.created" and note is not None:
            memory.place(note)
        elif kind == "note.deleted" and note is not None:
            memory.take_out(note["id"], note["segment"], note["position"])
        elif kind == "note.moved" and note is not None and isinstance(payload.get("before"), dict):
            memory.take_out(note["id"], payload["before"]["segment"], payload["before"]["position"])
            memory.place(note)
        elif kind == "map.updated" or family == "action":
            pass  # notes as the room sees them stay the same
        else:
            memory.notes.clear()
            if family == "session":
                memory.editable = False
            self._relearn(map_id, memory)


def _inline_store(ctx: ServiceContext) -> InlineStore | None:
    """Stores on the event loop's thread on SQLite, unless every commit must wait for the disk or the
    database lives in memory (another connection would not see it)."""
    database = make_url(ctx.settings.database_url).database
    if (
        not ctx.settings.is_sqlite
        or ctx.settings.commit_sync == "full"
        or not database
        or database == ":memory:"
    ):
        return None
    return InlineStore(ctx.settings.database_url)


# Built once: read for every map that gets a live room.
_NOTES_OF = select(Note).where(Note.map_id == bindparam("m"))


def _allows_note_edits(session: WorkshopSession | None) -> bool:
    try:
        check_allowed(phase_of(session), "note.update")
    except DomainError:
        return False
    return True
