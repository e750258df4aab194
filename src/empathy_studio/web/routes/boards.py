"""Maps, their sticky notes and actions, undo, and the canvas templates."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from pydantic import ValidationError

from empathy_studio.domain.errors import InvalidInput, LimitExceeded
from empathy_studio.domain.segment_texts import segment_text
from empathy_studio.domain.templates import SEGMENTS, WORKSHOP_ORDER
from empathy_studio.domain.values import Language
from empathy_studio.domain.views import (
    ActionView,
    MapDetail,
    NoteView,
    SegmentTexts,
    TemplateSegment,
    TemplateView,
    UndoResult,
)
from empathy_studio.export.formats import MapFormat, PosterOptions, render_map
from empathy_studio.export.poster.page import Orientation, PaperSize
from empathy_studio.services.inputs import (
    ActionCreate,
    ActionPatch,
    MapCreate,
    MapPatch,
    NoteCreate,
    NoteMove,
    NotePatch,
)
from empathy_studio.services.note_import import NoteMapping
from empathy_studio.web.auth import ActorDep, PathId, ServicesDep

router = APIRouter(prefix="/api", tags=["maps"])


@router.get("/templates")
async def templates() -> list[TemplateView]:
    return [
        TemplateView(
            id=template.value,
            segments=[
                TemplateSegment(
                    id=segment,
                    texts={
                        lang.value: SegmentTexts(
                            label=(text := segment_text(segment, lang.value)).label,
                            description=text.description,
                            prompts=list(text.prompts),
                        )
                        for lang in Language
                    },
                )
                for segment in segments
            ],
            workshop_order=list(WORKSHOP_ORDER[template]),
        )
        for template, segments in SEGMENTS.items()
    ]


@router.post("/projects/{project_id}/maps", status_code=201)
async def create_map(project_id: PathId, data: MapCreate, actor: ActorDep, svc: ServicesDep) -> MapDetail:
    return await svc.maps.create(actor, project_id, data)


@router.get("/maps/{map_id}")
async def get_map(map_id: PathId, actor: ActorDep, svc: ServicesDep) -> MapDetail:
    return await svc.maps.get(actor, map_id)


@router.patch("/maps/{map_id}")
async def update_map(map_id: PathId, data: MapPatch, actor: ActorDep, svc: ServicesDep) -> MapDetail:
    return await svc.maps.update(actor, map_id, data)


@router.delete("/maps/{map_id}", status_code=204)
async def delete_map(map_id: PathId, actor: ActorDep, svc: ServicesDep) -> None:
    await svc.maps.delete(actor, map_id)


@router.post("/maps/{map_id}/notes", status_code=201)
async def create_note(map_id: PathId, data: NoteCreate, actor: ActorDep, svc: ServicesDep) -> NoteView:
    return await svc.notes.create(actor, map_id, data)


@router.patch("/notes/{note_id}")
async def update_note(note_id: PathId, data: NotePatch, actor: ActorDep, svc: ServicesDep) -> NoteView:
    return await svc.notes.update(actor, note_id, data)


@router.post("/notes/{note_id}/move")
async def move_note(note_id: PathId, data: NoteMove, actor: ActorDep, svc: ServicesDep) -> NoteView:
    return await svc.notes.move(actor, note_id, data)


@router.delete("/notes/{note_id}", status_code=204)
async def delete_note(note_id: PathId, actor: ActorDep, svc: ServicesDep) -> None:
    await svc.notes.delete(actor, note_id)


@router.post("/maps/{map_id}/undo")
async def undo(map_id: PathId, actor: ActorDep, svc: ServicesDep) -> UndoResult:
    return await svc.undo.undo_last(actor, map_id)


@router.post("/maps/{map_id}/actions", status_code=201)
async def create_action(map_id: PathId, data: ActionCreate, actor: ActorDep, svc: ServicesDep) -> ActionView:
    return await svc.actions.create(actor, map_id, data)


@router.patch("/actions/{action_id}")
async def update_action(
    action_id: PathId, data: ActionPatch, actor: ActorDep, svc: ServicesDep
) -> ActionView:
    return await svc.actions.update(actor, action_id, data)


@router.delete("/actions/{action_id}", status_code=204)
async def delete_action(action_id: PathId, actor: ActorDep, svc: ServicesDep) -> None:
    await svc.actions.delete(actor, action_id)


@router.get("/maps/{map_id}/export", response_class=Response)
async def export_map(
    map_id: PathId,
    actor: ActorDep,
    svc: ServicesDep,
    format: MapFormat = MapFormat.MARKDOWN,
    size: Annotated[PaperSize, Query(description="Poster paper size (pdf, png, svg).")] = PaperSize.A3,
    orientation: Orientation = Orientation.LANDSCAPE,
    dpi: Annotated[int, Query(ge=36, le=300, description="Resolution of a PNG.")] = 150,
) -> Response:
    """The map as md, csv, actions-csv or json, or as a poster: pdf (every page), png or svg (the
    canvas page) in A0-A4, landscape or portrait."""
    board = await svc.maps.get(actor, map_id)
    options = PosterOptions(size=size, orientation=orientation, dpi=dpi)
    # Drawing a poster takes CPU for a moment: off the event loop, so live maps keep flowing.
    rendered = await asyncio.to_thread(render_map, board, format, options)
    return Response(
        rendered.content,
        media_type=rendered.media_type,
        headers={"Content-Disposition": f'attachment; filename="{rendered.filename}"'},
    )


async def _read_upload(file: UploadFile, limit: int) -> bytes:
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise LimitExceeded(f"The file is larger than {limit // (1024 * 1024)} MB.", code="import_too_large")
    return data


@router.post("/maps/{map_id}/import/notes/preview")
async def preview_note_import(
    map_id: PathId, file: Annotated[UploadFile, File()], actor: ActorDep, svc: ServicesDep
) -> dict[str, Any]:
    """Read a CSV of sticky notes and propose which columns and segment names mean what."""
    data = await _read_upload(file, svc.settings.max_import_bytes)
    return await svc.note_import.preview(actor, map_id, data)


@router.post("/maps/{map_id}/import/notes")
async def import_notes(
    map_id: PathId,
    file: Annotated[UploadFile, File()],
    mapping: Annotated[
        str, Form(description="JSON: {text, segment?, color?, author?, segments?, default_segment?}")
    ],
    actor: ActorDep,
    svc: ServicesDep,
) -> dict[str, int]:
    """Import every row as a note, or none when any row has a problem."""
    try:
        parsed = NoteMapping.model_validate(json.loads(mapping))
    except (json.JSONDecodeError, ValidationError) as error:
        raise InvalidInput(
            f"The column mapping is not valid: {error}".splitlines()[0], code="invalid_mapping"
        ) from None
    data = await _read_upload(file, svc.settings.max_import_bytes)
    return {"imported": await svc.note_import.run(actor, map_id, data, parsed)}


@router.post("/maps/{map_id}/import/markdown")
async def import_markdown_map(
    map_id: PathId, file: Annotated[UploadFile, File()], actor: ActorDep, svc: ServicesDep
) -> dict[str, int]:
    """Import the notes of a Markdown map written in the shape of our Markdown export (`## <segment>`
    headings in English, Dutch or German, one `- ` bullet per note), or none when any line is wrong."""
    data = await _read_upload(file, svc.settings.max_import_bytes)
    return {"imported": await svc.note_import.import_markdown(actor, map_id, data)}
