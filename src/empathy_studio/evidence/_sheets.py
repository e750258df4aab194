"""Excel workbooks (.xlsx) to records: the first sheet that has anything in it, read in openpyxl's
streaming mode so a large sheet does not have to fit in memory as cell objects."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]  # no stubs in the dev set

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.evidence._table import MAX_CELL, RowProblem


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def read_sheet(raw: bytes, problems: list[RowProblem]) -> Iterator[tuple[int, list[str]]]:
    """(sheet row number, cell texts) of each non-blank row."""
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise InvalidInput("This is not a valid Excel (.xlsx) file.", code="import_invalid") from None
    except Exception:  # openpyxl raises many kinds of error on damaged workbooks; all mean the same
        raise InvalidInput(
            "The Excel file is damaged or not an .xlsx workbook. Open and save it again in Excel, or export "
            "it as CSV.",
            code="import_invalid",
        ) from None
    try:
        for sheet in book.worksheets:
            found = False
            try:
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                    cells = [_as_text(v) for v in values]
                    if not any(c.strip() for c in cells):
                        continue
                    found = True
                    if any(len(c) > MAX_CELL for c in cells):
                        problems.append(RowProblem(number, f"a cell is longer than {MAX_CELL:,} characters"))
                        continue
                    yield number, cells
            except InvalidInput:
                raise
            except Exception:  # a damaged sheet part: say so instead of crashing mid-file
                raise InvalidInput(
                    f"The sheet '{sheet.title}' of the Excel file is damaged.", code="import_invalid"
                ) from None
            if found:
                return
    finally:
        book.close()
