"""The composition root: the one place that builds the concrete adapters from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from empathy_studio.persistence.engine import create_engine, session_factory
from empathy_studio.persistence.migrate import upgrade_to_head
from empathy_studio.realtime.hub import Hub
from empathy_studio.realtime.relay import RedisRelay
from empathy_studio.services.accounts import Accounts
from empathy_studio.services.actions import Actions
from empathy_studio.services.board_log import BoardLog
from empathy_studio.services.context import ServiceContext
from empathy_studio.services.demo import Demo
from empathy_studio.services.early_broadcast import EarlyBroadcast
from empathy_studio.services.evidence_import import EvidenceImport
from empathy_studio.services.evidence_themes import EvidenceThemes
from empathy_studio.services.guests import Guests
from empathy_studio.services.invites import Invites
from empathy_studio.services.maps import Maps
from empathy_studio.services.note_evidence import NoteEvidenceService
from empathy_studio.services.note_import import NoteImport
from empathy_studio.services.note_marks import NoteMarks
from empathy_studio.services.notes import Notes
from empathy_studio.services.personas import Personas
from empathy_studio.services.projects import Projects
from empathy_studio.services.sorting import SortingModel
from empathy_studio.services.statements import Statements
from empathy_studio.services.themes import Themes
from empathy_studio.services.transfer import Transfer
from empathy_studio.services.undo import Undo
from empathy_studio.services.votes import Votes
from empathy_studio.services.workshop import Workshop
from empathy_studio.services.workspaces import Workspaces
from empathy_studio.settings import Settings


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    hub: Hub
    relay: RedisRelay | None
    early: EarlyBroadcast | None
    board_log: BoardLog
    accounts: Accounts
    guests: Guests
    workspaces: Workspaces
    invites: Invites
    projects: Projects
    personas: Personas
    maps: Maps
    notes: Notes
    note_import: NoteImport
    actions: Actions
    undo: Undo
    transfer: Transfer
    demo: Demo
    workshop: Workshop
    themes: Themes
    votes: Votes
    note_marks: NoteMarks
    sorting: SortingModel
    evidence_import: EvidenceImport
    statements: Statements
    evidence_themes: EvidenceThemes
    note_evidence: NoteEvidenceService

    async def ready(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def start(self) -> None:
        if self.relay is not None:
            self.relay.start()
        self.sorting.start_warm_up()

    async def close(self) -> None:
        if self.relay is not None:
            await self.relay.stop()
        await self.sorting.stop_warm_up()
        await self.evidence_import.close()
        if self.early is not None:
            await self.early.close()
        await self.engine.dispose()


def build_services(settings: Settings) -> Services:
    if settings.is_sqlite:
        settings.ensure_data_dir()
    engine = create_engine(settings.database_url, commit_sync=settings.commit_sync)
    hub = Hub()
    relay = RedisRelay(settings.redis_url, settings.redis_channel, hub) if settings.redis_url else None
    ctx = ServiceContext(sessions=session_factory(engine), settings=settings, publisher=relay or hub)
    accounts = Accounts(ctx)
    notes = Notes(ctx)
    early = None
    if settings.early_broadcast:
        if relay is None:
            early = EarlyBroadcast(ctx, hub, notes)
        else:
            early = EarlyBroadcast(ctx, hub, notes, out=relay, owns=relay.owners.owns)
            relay.on_events, relay.on_reload = early.receive_remote, early.reload_remote
        ctx.publisher = early
    sorting = SortingModel(settings)
    evidence_import = EvidenceImport(ctx, sorting)
    return Services(
        settings=settings,
        engine=engine,
        hub=hub,
        relay=relay,
        early=early,
        board_log=BoardLog(ctx),
        accounts=accounts,
        guests=Guests(ctx, accounts),
        workspaces=Workspaces(ctx),
        invites=Invites(ctx),
        projects=Projects(ctx),
        personas=Personas(ctx),
        maps=Maps(ctx),
        notes=notes,
        note_import=NoteImport(ctx),
        actions=Actions(ctx),
        undo=Undo(ctx),
        transfer=Transfer(ctx),
        demo=Demo(ctx),
        workshop=Workshop(ctx),
        themes=Themes(ctx),
        votes=Votes(ctx),
        note_marks=NoteMarks(ctx),
        sorting=sorting,
        evidence_import=evidence_import,
        statements=Statements(ctx, sorting, evidence_import),
        evidence_themes=EvidenceThemes(ctx),
        note_evidence=NoteEvidenceService(ctx, notes),
    )


async def prepare_database(services: Services) -> None:
    await upgrade_to_head(services.engine)
