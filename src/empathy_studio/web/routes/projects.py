"""Projects, personas (with photos), JSON export and import, and the sample project."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, Response, UploadFile

from empathy_studio.domain.errors import InvalidInput, LimitExceeded
from empathy_studio.domain.views import PersonaView, ProjectDetail, ProjectView
from empathy_studio.services.inputs import DemoIn, PersonaCreate, PersonaPatch, ProjectCreate, ProjectPatch
from empathy_studio.web.auth import ActorDep, PathId, ServicesDep

router = APIRouter(prefix="/api", tags=["projects"])


@router.get("/workspaces/{workspace_id}/projects")
async def list_projects(workspace_id: PathId, actor: ActorDep, svc: ServicesDep) -> list[ProjectView]:
    return await svc.projects.list(actor, workspace_id)


@router.post("/workspaces/{workspace_id}/projects", status_code=201)
async def create_project(
    workspace_id: PathId, data: ProjectCreate, actor: ActorDep, svc: ServicesDep
) -> ProjectView:
    return await svc.projects.create(actor, workspace_id, data)


@router.get("/projects/{project_id}")
async def get_project(project_id: PathId, actor: ActorDep, svc: ServicesDep) -> ProjectDetail:
    return await svc.projects.detail(actor, project_id)


@router.patch("/projects/{project_id}")
async def update_project(
    project_id: PathId, data: ProjectPatch, actor: ActorDep, svc: ServicesDep
) -> ProjectView:
    return await svc.projects.update(actor, project_id, data)


@router.delete("/projects/{project_id}", status_code=204)
async def delete_project(project_id: PathId, actor: ActorDep, svc: ServicesDep) -> None:
    await svc.projects.delete(actor, project_id)


@router.get("/projects/{project_id}/personas")
async def list_personas(project_id: PathId, actor: ActorDep, svc: ServicesDep) -> list[PersonaView]:
    return await svc.personas.list(actor, project_id)


@router.post("/projects/{project_id}/personas", status_code=201)
async def create_persona(
    project_id: PathId, data: PersonaCreate, actor: ActorDep, svc: ServicesDep
) -> PersonaView:
    return await svc.personas.create(actor, project_id, data)


@router.get("/personas/{persona_id}")
async def get_persona(persona_id: PathId, actor: ActorDep, svc: ServicesDep) -> PersonaView:
    return await svc.personas.get(actor, persona_id)


@router.patch("/personas/{persona_id}")
async def update_persona(
    persona_id: PathId, data: PersonaPatch, actor: ActorDep, svc: ServicesDep
) -> PersonaView:
    return await svc.personas.update(actor, persona_id, data)


@router.delete("/personas/{persona_id}", status_code=204)
async def delete_persona(persona_id: PathId, actor: ActorDep, svc: ServicesDep) -> None:
    await svc.personas.delete(actor, persona_id)


@router.put("/personas/{persona_id}/photo")
async def upload_photo(
    persona_id: PathId, file: Annotated[UploadFile, File()], actor: ActorDep, svc: ServicesDep
) -> PersonaView:
    data = await file.read(svc.settings.max_photo_bytes + 1)
    return await svc.personas.set_photo(actor, persona_id, data)


@router.get("/personas/{persona_id}/photo", response_class=Response)
async def get_photo(persona_id: PathId, actor: ActorDep, svc: ServicesDep) -> Response:
    data, media_type = await svc.personas.photo(actor, persona_id)
    return Response(data, media_type=media_type, headers={"Cache-Control": "private, max-age=3600"})


@router.delete("/personas/{persona_id}/photo")
async def remove_photo(persona_id: PathId, actor: ActorDep, svc: ServicesDep) -> PersonaView:
    return await svc.personas.remove_photo(actor, persona_id)


@router.get("/projects/{project_id}/export")
async def export_project(project_id: PathId, actor: ActorDep, svc: ServicesDep) -> Response:
    doc = await svc.transfer.export(actor, project_id)
    filename = "".join(c if c.isalnum() else "-" for c in doc.project.name.lower()).strip("-") or "project"
    return Response(
        doc.model_dump_json(indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename[:60]}.empathy.json"'},
    )


@router.post(
    "/workspaces/{workspace_id}/import",
    status_code=201,
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
    },
)
async def import_project(
    workspace_id: PathId, request: Request, actor: ActorDep, svc: ServicesDep
) -> ProjectView:
    raw = await read_json_body(request, svc.settings.max_import_bytes)
    return await svc.transfer.import_project(actor, workspace_id, raw)


@router.post("/workspaces/{workspace_id}/demo", status_code=201)
async def create_demo(workspace_id: PathId, data: DemoIn, actor: ActorDep, svc: ServicesDep) -> ProjectView:
    return await svc.demo.create(actor, workspace_id, data)


async def read_json_body(request: Request, limit: int) -> Any:
    size = 0
    chunks = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise LimitExceeded(
                f"The file is larger than {limit // (1024 * 1024)} MB.", code="import_too_large"
            )
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(f"The file is not valid JSON ({error}).", code="invalid_json") from None
