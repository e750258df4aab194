"""Read models of customer evidence: imports, statements, themes and what backs a map."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class ModelStatus(BaseModel):
    available: bool
    model_id: str | None = None
    message: str = ""  # when not available: why, and how to turn automatic sorting on


class FeedbackImportView(BaseModel):
    id: int
    project_id: int
    filename: str
    format: str
    status: str  # running, done, failed, cancelled
    masked: bool
    items_read: int
    items_processed: int
    items_imported: int
    duplicates: int
    rows_skipped: int
    statements: int
    model_id: str | None
    error: str
    created_at: datetime
    finished_at: datetime | None


class StatementView(BaseModel):
    id: int
    item_id: int
    text: str
    language: str
    segment: str  # a segment id or "unsorted"
    confidence: float | None
    sorted_by: str  # model, person, none
    theme_id: int | None
    source: str
    said_on: str
    rating: str
    customer_segment: str
    item_text: str  # the whole item the statement came from


class StatementPage(BaseModel):
    total: int
    statements: list[StatementView]


class EvidenceThemeView(BaseModel):
    id: int
    project_id: int
    segment: str
    label: str
    size: int
    examples: list[str]  # a few of its statements, for a glance


class ThemeDraftView(BaseModel):
    label: str
    statement_ids: list[int]
    examples: list[str]


class SegmentBacking(BaseModel):
    segment: str
    statements: int  # customer statements of the project sorted here
    notes: int  # notes in this segment of the map
    backed_notes: int  # of which have at least one statement linked


class EvidenceSummary(BaseModel):
    model: ModelStatus
    total: int
    unsorted: int
    by_segment: dict[str, int]
    themes: int
    imports: list[FeedbackImportView]
