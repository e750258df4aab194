"""`empathy sort FILE`, run as a real process on small files the tests write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FILES = {
    "feedback.csv": 'id,comment\n1,My sister told me the app is useless.\n2,"The parcel came late, and broken."\n'
    "3,I want to save time every week.\n",
    "feedback.tsv": "id\tcomment\n1\tMy sister told me the app is useless.\n2\tThe parcel came late, and broken.\n"
    "3\tI want to save time every week.\n",
    "feedback.jsonl": '{"comment": "My sister told me the app is useless."}\n'
    '{"comment": "The parcel came late, and broken."}\n{"comment": "I want to save time every week."}\n',
    "feedback.txt": "My sister told me the app is useless.\nThe parcel came late, and broken.\n"
    "I want to save time every week.\n",
}


def empathy_sort(
    *args: str, data_dir: Path, model: str, cache: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EMPATHY_DATA_DIR": str(data_dir), "EMPATHY_MODEL": model, "NO_COLOR": "1"}
    if cache is not None:
        env["EMPATHY_MODEL_CACHE_DIR"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", "empathy_studio", "sort", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(FILES))
def test_every_item_gets_one_line_in_input_order(
    name: str, tmp_path: Path, test_model_folder: Path, model_cache_dir: Path
) -> None:
    path = tmp_path / name
    path.write_text(FILES[name], encoding="utf-8")
    column = () if name.endswith(".txt") else ("--text-column", "comment")
    result = empathy_sort(
        str(path), *column, data_dir=tmp_path, model=str(test_model_folder), cache=model_cache_dir
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["text"] for line in lines] == [
        "My sister told me the app is useless.",
        "The parcel came late, and broken.",
        "I want to save time every week.",
    ]
    assert [line["segment"] for line in lines] == ["hear", "pain", "gain"]
    assert all(0.0 <= line["confidence"] <= 1.0 for line in lines)


def test_an_unknown_column_is_refused_with_the_columns_named(tmp_path: Path) -> None:
    path = tmp_path / "feedback.csv"
    path.write_text(FILES["feedback.csv"], encoding="utf-8")
    result = empathy_sort(str(path), data_dir=tmp_path, model="")
    assert result.returncode == 1
    assert "no column 'text'" in result.stderr and "comment" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    result = empathy_sort(str(tmp_path / "nothing.csv"), data_dir=tmp_path, model="")
    assert result.returncode == 1 and "cannot read" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_a_model_it_says_how_to_turn_sorting_on(tmp_path: Path) -> None:
    path = tmp_path / "feedback.txt"
    path.write_text(FILES["feedback.txt"], encoding="utf-8")
    result = empathy_sort(str(path), data_dir=tmp_path, model="")
    assert result.returncode == 1
    assert "EMPATHY_MODEL" in result.stderr and "Traceback" not in result.stderr
