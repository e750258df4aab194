"""The sorter's decision rules and the model cache's keying, with a fake embedder: no model needed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from empathy_studio.evidence import model_files, sorter
from empathy_studio.evidence.cues import cue_counts
from empathy_studio.evidence.embedding import ModelUnavailable, Vectors
from empathy_studio.evidence.linear import train_softmax
from empathy_studio.evidence.model_files import cached_build, locate_model
from empathy_studio.evidence.sorter import SEGMENT_IDS, UNSORTED, Example, Sorter
from empathy_studio.settings import Settings


class FakeEmbedder:
    """Same text, same vector; different texts, (nearly) unrelated unit vectors."""

    model_id = "fake@1"
    dimension = 32

    def embed(self, texts: Sequence[str], *, progress: Callable[[int], None] | None = None) -> Vectors:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
            rows.append(np.random.default_rng(seed).normal(size=self.dimension))
        vectors = np.array(rows, dtype=np.float32).reshape(len(texts), self.dimension)
        unit: Vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        return unit


def test_every_statement_gets_a_segment_or_unsorted_in_input_order() -> None:
    texts = ["one", "two", "three", "four"]
    suggestions = Sorter(FakeEmbedder()).suggest(texts)
    assert len(suggestions) == len(texts)
    for suggestion in suggestions:
        assert suggestion.segment in (*SEGMENT_IDS, UNSORTED)
        assert 0.0 <= suggestion.confidence <= 1.0
    assert Sorter(FakeEmbedder()).suggest([]) == []


def test_below_the_confidence_floor_the_answer_is_unsorted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sorter, "MIN_CONFIDENCE", 1.01)
    assert {s.segment for s in Sorter(FakeEmbedder()).suggest(["a", "b", "c"])} == {UNSORTED}


def test_a_statement_the_team_placed_keeps_the_teams_segment() -> None:
    fake = FakeEmbedder()
    examples = [Example("The courier left the box in the rain.", "gain"), Example("x", "see")]
    taught = Sorter(fake, examples)
    assert taught.suggest(["The courier left the box in the rain."])[0].segment == "gain"
    vectors = fake.embed([e.text for e in examples])
    assert Sorter(fake, examples, vectors).suggest_vectors(vectors[:1])[0].segment == "gain"


def test_workspace_examples_outweigh_the_built_in_ones() -> None:
    # Ten near copies of one statement labelled "see" by the team pull a fresh near copy to "see".
    fake = FakeEmbedder()
    base = fake.embed(["anchor"])[0]
    noise = np.random.default_rng(1).normal(scale=0.35, size=(11, fake.dimension)).astype(np.float32)
    vectors = base + noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    examples = [Example(f"note {n}", "see") for n in range(10)]
    taught = Sorter(fake, examples, vectors[:10])
    assert taught.suggest_vectors(vectors[10:])[0].segment == "see"


def test_examples_with_an_unknown_segment_are_ignored() -> None:
    taught = Sorter(FakeEmbedder(), [Example("odd", "frame"), Example("fine", "pain")])
    assert taught.suggest(["fine"])[0].segment == "pain"


def test_cue_words_are_found_in_all_three_languages() -> None:
    counts = cue_counts(["My friend told me so.", "Mijn collega zei het.", "Mein Kollege hat es erzählt."])
    hear = SEGMENT_IDS.index("hear")
    assert (counts.argmax(axis=1) == hear).all()


def test_the_classifier_learns_separable_data() -> None:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 8))
    labels = np.repeat(np.arange(3), 20)
    features = centres[labels] + rng.normal(scale=0.1, size=(60, 8))
    model = train_softmax(features / 20, labels, np.ones(60), 3)
    assert (model.predict(features / 20).argmax(axis=1) == labels).mean() > 0.95


def test_an_empty_model_setting_says_how_to_enable_sorting(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="EMPATHY_MODEL"):
        locate_model(Settings(model="", data_dir=tmp_path))
    with pytest.raises(ModelUnavailable, match="does not exist"):
        locate_model(Settings(model=str(tmp_path / "missing"), data_dir=tmp_path))


def test_an_unreachable_hub_without_a_cached_copy_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(model_files, "hub_revision", lambda name: None)
    with pytest.raises(ModelUnavailable, match="cannot be reached"):
        locate_model(Settings(model="someone/some-model", data_dir=tmp_path))


def fake_build(calls: list[str], label: str) -> Callable[[Path], None]:
    def build(target: Path) -> None:
        calls.append(label)
        (target / "model.onnx").write_text(label)
        (target / "tokenizer.json").write_text("{}")

    return build


def test_the_cache_is_keyed_by_name_and_version(tmp_path: Path) -> None:
    calls: list[str] = []
    first = cached_build(tmp_path, "org/model", "v1", fake_build(calls, "v1"))
    assert cached_build(tmp_path, "org/model", "v1", fake_build(calls, "again")) == first
    second = cached_build(tmp_path, "org/model", "v2", fake_build(calls, "v2"))
    assert second != first and (second / "model.onnx").read_text() == "v2"
    assert calls == ["v1", "v2"]


def test_a_cache_folder_stamped_for_another_model_is_rebuilt_not_mixed(tmp_path: Path) -> None:
    calls: list[str] = []
    folder = cached_build(tmp_path, "org/model", "v1", fake_build(calls, "first"))
    (folder / model_files.STAMP_FILE).write_text('{"name": "other/model", "version": "v1"}')
    again = cached_build(tmp_path, "org/model", "v1", fake_build(calls, "rebuilt"))
    assert again == folder and (again / "model.onnx").read_text() == "rebuilt"
    assert not [p for p in tmp_path.rglob(".building-*")]


def test_an_offline_hub_name_uses_the_newest_cached_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "models"
    cached_build(cache, "org/model", "abc123", fake_build([], "cached"))
    monkeypatch.setattr(model_files, "hub_revision", lambda name: None)
    found = locate_model(Settings(model="org/model", data_dir=tmp_path))
    assert found.model_id == "org/model@abc123"
