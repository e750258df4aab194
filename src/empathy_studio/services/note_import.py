"""Sticky notes from a file into a map: a CSV (a preview proposes a mapping, then the import) or a
Markdown map in our export's shape. Every row is checked first; all are written in one transaction, or none."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.domain.roles import Permission
from empathy_studio.domain.templates import segments_of
from empathy_studio.export.markdown_reader import read_markdown_map
from empathy_studio.export.notes_csv_reader import colour_for, read_table, segment_for, suggest_columns
from empathy_studio.services.access import map_for
from empathy_studio.services.context import Actor, ServiceContext
from empathy_studio.services.inputs import Input
from empathy_studio.services.note_bulk import NewNote, add_notes

MAX_ROWS = 2000


class NoteMapping(Input):
    text: str = Field(min_length=1, max_length=200)
    segment: str | None = Field(None, max_length=200)
    color: str | None = Field(None, max_length=200)
    author: str | None = Field(None, max_length=200)
    segments: dict[str, str] = Field(default_factory=dict)  # value in the file -> segment id ("" skips)
    default_segment: str | None = Field(None, max_length=20)


class NoteImport:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    async def preview(self, actor: Actor, map_id: int, raw: bytes) -> dict[str, Any]:
        async with self.ctx.sessions() as s:
            board, _, _ = await map_for(s, actor, map_id, Permission.CONTRIBUTE)
        table = read_table(raw, max_rows=MAX_ROWS)
        columns = suggest_columns(table)
        segments = segments_of(board.template)
        values: dict[str, int] = {}
        if columns["segment"]:
            for row in table.rows:
                values[row[columns["segment"]]] = values.get(row[columns["segment"]], 0) + 1
        return {
            "columns": table.columns,
            "rows": len(table.rows),
            "sample": table.rows[:5],
            "suggested": columns,
            "segment_values": [
                {"value": value, "count": count, "segment": segment_for(value, segments)}
                for value, count in sorted(values.items(), key=lambda item: -item[1])
            ],
        }

    async def run(self, actor: Actor, map_id: int, raw: bytes, mapping: NoteMapping) -> int:
        table = read_table(raw, max_rows=MAX_ROWS)
        limit = self.ctx.settings.max_note_length
        async with self.ctx.writing() as s:
            board, _, _ = await map_for(s, actor, map_id, Permission.CONTRIBUTE, for_update=True)
            segments = segments_of(board.template)
            for column in (mapping.text, mapping.segment, mapping.color, mapping.author):
                if column is not None and column not in table.columns:
                    raise InvalidInput.field("mapping", f"The file has no column '{column}'.")
            if mapping.default_segment is not None and mapping.default_segment not in segments:
                raise InvalidInput.field("default_segment", f"Unknown segment '{mapping.default_segment}'.")
            problems: list[dict[str, str]] = []
            chosen: list[tuple[str, dict[str, str]]] = []
            for number, row in enumerate(table.rows, start=2):
                text = row[mapping.text]
                value = row[mapping.segment] if mapping.segment else ""
                segment = (
                    mapping.segments.get(value) if value in mapping.segments else segment_for(value, segments)
                )
                segment = segment or mapping.default_segment
                if segment == "" or (not text and not value):
                    continue  # the person chose to skip these rows
                if segment not in segments:
                    problems.append({"field": f"line {number}", "message": f"No segment for '{value}'."})
                elif not text:
                    problems.append({"field": f"line {number}", "message": "The note text is empty."})
                elif len(text) > limit:
                    problems.append(
                        {"field": f"line {number}", "message": f"Longer than {limit} characters."}
                    )
                else:
                    chosen.append((segment, row))
            if problems:
                raise InvalidInput(
                    f"{len(problems)} rows cannot be imported; nothing was written.",
                    code="import_invalid",
                    details={"fields": problems[:50]},
                )
            event = await add_notes(
                self.ctx,
                s,
                board,
                actor,
                [
                    NewNote(
                        segment=segment,
                        text=row[mapping.text],
                        color=colour_for(row[mapping.color]) if mapping.color else "yellow",
                        author_name=row[mapping.author] if mapping.author else "",
                    )
                    for segment, row in chosen
                ],
            )
        if event is None:
            return 0
        await self.ctx.publisher.publish(map_id, [event])
        return len(chosen)

    async def import_markdown(self, actor: Actor, map_id: int, raw: bytes) -> int:
        """Every note of a Markdown map (our export's shape) into this map, or none when any is wrong."""
        limit = self.ctx.settings.max_note_length
        async with self.ctx.writing() as s:
            board, _, _ = await map_for(s, actor, map_id, Permission.CONTRIBUTE, for_update=True)
            read = read_markdown_map(raw, segments_of(board.template))
            too_long = [
                {"field": f"line {note.line}", "message": f"Longer than {limit} characters."}
                for note in read
                if len(note.text) > limit
            ]
            if too_long:
                raise InvalidInput(
                    f"{len(too_long)} notes cannot be imported; nothing was written.",
                    code="import_invalid",
                    details={"fields": too_long[:50]},
                )
            event = await add_notes(
                self.ctx,
                s,
                board,
                actor,
                [NewNote(n.segment, n.text, basis=n.basis, source=n.source) for n in read],
            )
        if event is not None:
            await self.ctx.publisher.publish(map_id, [event])
        return len(read)
