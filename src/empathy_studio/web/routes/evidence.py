"""Customer evidence: feedback imports, statements, themes, and the statements behind notes."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from pydantic import ValidationError

from empathy_studio.domain.errors import InvalidInput, LimitExceeded
from empathy_studio.domain.evidence_views import (
    EvidenceSummary,
    EvidenceThemeView,
    FeedbackImportView,
    SegmentBacking,
    StatementPage,
    StatementView,
    ThemeDraftView,
)
from empathy_studio.domain.views import NoteView
from empathy_studio.services.evidence_import import FeedbackOptions
from empathy_studio.services.evidence_themes import ThemeMerge, ThemePatch, ThemesAccept, ThemeSplit
from empathy_studio.services.note_evidence import EvidenceLinks, EvidenceNoteCreate
from empathy_studio.services.statements import StatementPatch
from empathy_studio.web.auth import ActorDep, PathId, ServicesDep

router = APIRouter(prefix="/api", tags=["evidence"])

FileField = Annotated[UploadFile | None, File(description="CSV, TSV, XLSX, JSON Lines or plain text")]
PasteField = Annotated[str | None, Form(description="Pasted feedback, one item per line")]


async def _upload(file: UploadFile | None, pasted: str | None, limit: int) -> tuple[bytes | None, str]:
    if pasted is not None:
        if len(pasted.encode()) > limit:
            raise LimitExceeded(
                f"The text is larger than {limit // (1024 * 1024)} MB.", code="import_too_large"
            )
        return None, ""
    if file is None:
        raise InvalidInput.field("file", "Choose a file or paste some text.")
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise LimitExceeded(f"The file is larger than {limit // (1024 * 1024)} MB.", code="import_too_large")
    return data, file.filename or "feedback"


@router.post("/projects/{project_id}/feedback/preview")
async def preview_feedback(
    project_id: PathId, actor: ActorDep, svc: ServicesDep, file: FileField = None, text: PasteField = None
) -> dict[str, Any]:
    """Read a feedback file (or pasted text) and propose which columns hold what; nothing is stored."""
    raw, name = await _upload(file, text, svc.settings.max_feedback_bytes)
    return await svc.evidence_import.preview(actor, project_id, raw, name, text)


@router.post("/projects/{project_id}/feedback", status_code=202)
async def import_feedback(
    project_id: PathId,
    actor: ActorDep,
    svc: ServicesDep,
    options: Annotated[
        str,
        Form(
            description="JSON: {columns: {text, date?, rating?, source?, language?, segment?, id?}, "
            "mask?, skip_bad_rows?, source?}"
        ),
    ] = '{"columns": {"text": "text"}}',
    file: FileField = None,
    text: PasteField = None,
) -> FeedbackImportView:
    """Start importing: the file is checked now, then masked, split, sorted and stored in the background.
    Poll `GET /api/feedback-imports/{id}` for progress."""
    try:
        parsed = FeedbackOptions.model_validate(json.loads(options))
    except (json.JSONDecodeError, ValidationError) as error:
        raise InvalidInput(
            f"The import options are not valid: {error}".splitlines()[0], code="invalid_options"
        ) from None
    raw, name = await _upload(file, text, svc.settings.max_feedback_bytes)
    return await svc.evidence_import.start(actor, project_id, raw, name, parsed, text)


@router.get("/projects/{project_id}/feedback")
async def list_feedback_imports(
    project_id: PathId, actor: ActorDep, svc: ServicesDep
) -> list[FeedbackImportView]:
    return await svc.evidence_import.list(actor, project_id)


@router.get("/feedback-imports/{import_id}")
async def get_feedback_import(import_id: PathId, actor: ActorDep, svc: ServicesDep) -> FeedbackImportView:
    return await svc.evidence_import.get(actor, import_id)


@router.post("/feedback-imports/{import_id}/cancel")
async def cancel_feedback_import(import_id: PathId, actor: ActorDep, svc: ServicesDep) -> FeedbackImportView:
    """Stop a running import; it then writes nothing."""
    return await svc.evidence_import.cancel(actor, import_id)


@router.get("/projects/{project_id}/evidence")
async def evidence_summary(project_id: PathId, actor: ActorDep, svc: ServicesDep) -> EvidenceSummary:
    """Statements per segment, themes, imports, and whether automatic sorting is available."""
    return await svc.statements.summary(actor, project_id)


@router.get("/projects/{project_id}/statements")
async def search_statements(
    project_id: PathId,
    actor: ActorDep,
    svc: ServicesDep,
    q: Annotated[str, Query(max_length=200)] = "",
    segment: Annotated[str | None, Query(max_length=20)] = None,
    theme_id: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> StatementPage:
    """Search the project's statements (`q` matches words anywhere), by segment (`unsorted` too) or theme
    (`theme_id=0`: in no theme)."""
    return await svc.statements.search(
        actor, project_id, query=q, segment=segment, theme_id=theme_id, limit=limit, offset=offset
    )


@router.patch("/statements/{statement_id}")
async def change_statement(
    statement_id: PathId, data: StatementPatch, actor: ActorDep, svc: ServicesDep
) -> StatementView:
    """Sort a statement by hand (`segment`; this teaches the workspace's sorter) or set its theme."""
    return await svc.statements.change(actor, statement_id, data)


@router.post("/projects/{project_id}/statements/resort")
async def resort_statements(project_id: PathId, actor: ActorDep, svc: ServicesDep) -> dict[str, int]:
    """Sort again every statement no person sorted, using what the workspace taught since."""
    return await svc.statements.resort(actor, project_id)


@router.get("/projects/{project_id}/evidence-themes")
async def list_evidence_themes(
    project_id: PathId, actor: ActorDep, svc: ServicesDep
) -> list[EvidenceThemeView]:
    return await svc.evidence_themes.of_project(actor, project_id)


@router.get("/projects/{project_id}/evidence-themes/preview")
async def preview_evidence_themes(
    project_id: PathId,
    actor: ActorDep,
    svc: ServicesDep,
    segment: Annotated[str, Query(max_length=20)],
    similarity: Annotated[float, Query(ge=0.2, le=0.9)] = 0.5,
) -> list[ThemeDraftView]:
    """Proposed themes for the segment's statements that are in no theme yet; nothing is stored.
    `similarity`: how alike a theme's statements must be on average (cosine; lower makes broader
    themes)."""
    return await svc.evidence_themes.preview(actor, project_id, segment, similarity)


@router.post("/projects/{project_id}/evidence-themes", status_code=201)
async def accept_evidence_themes(
    project_id: PathId, data: ThemesAccept, actor: ActorDep, svc: ServicesDep
) -> list[EvidenceThemeView]:
    return await svc.evidence_themes.accept(actor, project_id, data)


@router.patch("/evidence-themes/{theme_id}")
async def rename_evidence_theme(
    theme_id: PathId, data: ThemePatch, actor: ActorDep, svc: ServicesDep
) -> EvidenceThemeView:
    return await svc.evidence_themes.rename(actor, theme_id, data)


@router.post("/evidence-themes/{theme_id}/split", status_code=201)
async def split_evidence_theme(
    theme_id: PathId, data: ThemeSplit, actor: ActorDep, svc: ServicesDep
) -> EvidenceThemeView:
    return await svc.evidence_themes.split(actor, theme_id, data)


@router.post("/evidence-themes/{theme_id}/merge")
async def merge_evidence_theme(
    theme_id: PathId, data: ThemeMerge, actor: ActorDep, svc: ServicesDep
) -> EvidenceThemeView:
    return await svc.evidence_themes.merge(actor, theme_id, data)


@router.delete("/evidence-themes/{theme_id}", status_code=204)
async def delete_evidence_theme(theme_id: PathId, actor: ActorDep, svc: ServicesDep) -> Response:
    """Dissolve the theme; its statements stay."""
    await svc.evidence_themes.delete(actor, theme_id)
    return Response(status_code=204)


@router.post("/maps/{map_id}/evidence-notes", status_code=201)
async def create_evidence_note(
    map_id: PathId, data: EvidenceNoteCreate, actor: ActorDep, svc: ServicesDep
) -> NoteView:
    """A note from a theme or statements, with them linked as its evidence."""
    return await svc.note_evidence.create_note(actor, map_id, data)


@router.get("/maps/{map_id}/evidence-backing")
async def map_backing(map_id: PathId, actor: ActorDep, svc: ServicesDep) -> list[SegmentBacking]:
    """Per segment: the project's statements sorted there, the map's notes, and how many are backed."""
    return await svc.note_evidence.backing(actor, map_id)


@router.get("/notes/{note_id}/evidence")
async def note_evidence(note_id: PathId, actor: ActorDep, svc: ServicesDep) -> list[StatementView]:
    return await svc.note_evidence.of_note(actor, note_id)


@router.post("/notes/{note_id}/evidence")
async def attach_evidence(
    note_id: PathId, data: EvidenceLinks, actor: ActorDep, svc: ServicesDep
) -> NoteView:
    return await svc.note_evidence.attach(actor, note_id, data)


@router.delete("/notes/{note_id}/evidence/{statement_id}")
async def detach_evidence(
    note_id: PathId, statement_id: PathId, actor: ActorDep, svc: ServicesDep
) -> NoteView:
    return await svc.note_evidence.detach(actor, note_id, statement_id)
