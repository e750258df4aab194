"""The sorter's decision rules and the model cache's keying, with a fake embedder: no model needed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from empathy_studio.evidence import model_files, segment_model, sorter
from empathy_studio.evidence.cues import cue_counts
from empathy_studio.evidence.embedding import ModelUnavailable, Vectors
from empathy_studio.evidence.example_set import LANGUAGES, builtin_examples
from empathy_studio.evidence.model_files import cached_build, locate_model
from empathy_studio.evidence.segment_model import SegmentModel, learn
from empathy_studio.evidence.sorter import SEGMENT_IDS, UNSORTED, Example, Sorter, Suggestion
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


# A tiny built-in knowledge: each segment speaks with its own words, in each language.
WORDS = {
    "see": ("billboard", "shelf", "window"),
    "hear": ("told", "rumour", "podcast"),
    "think_feel": ("worry", "proud", "believe"),
    "say_do": ("bought", "returned", "posted"),
    "pain": ("broken", "late", "overcharged"),
    "gain": ("saves", "wish", "delight"),
}


def tiny_examples() -> list[Example]:
    return [
        Example(f"the {word} {topic} {n}", segment, "en")
        for segment, words in WORDS.items()
        for word in words
        for n, topic in enumerate(("bank", "hotel", "bakery", "train"))
    ]


@pytest.fixture(scope="module")
def tiny_model() -> SegmentModel:
    return learn(FakeEmbedder(), tiny_examples())


def test_every_statement_gets_a_segment_or_unsorted_in_input_order(tiny_model: SegmentModel) -> None:
    texts = ["the late train", "the billboard at the bakery", "", "posted about the hotel"]
    suggestions = Sorter(FakeEmbedder(), model=tiny_model).suggest(texts)
    assert [s.segment for s in suggestions] == ["pain", "see", UNSORTED, "say_do"]
    for suggestion in suggestions:
        assert 0.0 <= suggestion.confidence <= 1.0
    assert suggestions[2].confidence == 0.0  # nothing to sort
    assert Sorter(FakeEmbedder(), model=tiny_model).suggest([]) == []


def test_below_the_confidence_floor_the_answer_is_unsorted(
    tiny_model: SegmentModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    sorter_ = Sorter(FakeEmbedder(), model=tiny_model)
    assert sorter_.suggest(["the late train"])[0].segment == "pain"
    monkeypatch.setattr(sorter, "MIN_CONFIDENCE", 1.01)
    assert {s.segment for s in sorter_.suggest(["the late train", "a billboard"])} == {UNSORTED}


def test_a_statement_the_team_placed_keeps_the_teams_segment(tiny_model: SegmentModel) -> None:
    fake = FakeEmbedder()
    placed = "The courier left the box broken and late in the rain."
    examples = [Example(placed, "gain"), Example("x", "see")]
    assert Sorter(fake, model=tiny_model).suggest([placed])[0].segment == "pain"
    taught = Sorter(fake, examples, model=tiny_model)
    assert taught.suggest([placed])[0].segment == "gain"
    vectors = fake.embed([e.text for e in examples])
    with_vectors = Sorter(fake, examples, vectors, model=tiny_model)
    assert with_vectors.suggest([placed], vectors=vectors[:1])[0].segment == "gain"


def test_workspace_examples_teach_words_the_built_in_examples_never_had(tiny_model: SegmentModel) -> None:
    # The team files everything about "zorkmids" (its own jargon) under Gain: a new statement using the
    # word, not a copy of any example, follows the team once it has shown this a few times.
    fake = FakeEmbedder()
    fresh = "zorkmids at the bank"
    assert Sorter(fake, model=tiny_model).suggest([fresh])[0].segment != "gain"
    examples = [Example(f"zorkmids again {n}", "gain") for n in range(6)]
    assert Sorter(fake, examples, model=tiny_model).suggest([fresh])[0].segment == "gain"


def test_examples_with_an_unknown_segment_are_ignored(tiny_model: SegmentModel) -> None:
    taught = Sorter(FakeEmbedder(), [Example("odd", "frame"), Example("fine", "pain")], model=tiny_model)
    assert taught.suggest(["fine"])[0].segment == "pain"


@pytest.mark.parametrize(
    "text", ["Nothing.", "n/a", "Keine Angabe", "Niets toe te voegen", "-", "No comment"]
)
def test_an_answer_that_says_nothing_stays_unsorted(tiny_model: SegmentModel, text: str) -> None:
    assert Sorter(FakeEmbedder(), model=tiny_model).suggest([text])[0] == Suggestion(UNSORTED, 0.0)


def test_a_short_answer_with_content_is_still_sorted(tiny_model: SegmentModel) -> None:
    assert Sorter(FakeEmbedder(), model=tiny_model).suggest(["Broken."])[0].segment == "pain"


def test_cue_words_are_found_in_all_three_languages() -> None:
    counts = cue_counts(["My friend told me so.", "Mijn collega zei het.", "Mein Kollege hat es erzählt."])
    hear = SEGMENT_IDS.index("hear")
    assert (counts.argmax(axis=1) == hear).all()


def test_the_built_in_examples_cover_every_segment_in_every_language() -> None:
    examples = builtin_examples()
    assert len({e.text for e in examples}) == len(examples)  # no example twice
    for segment in SEGMENT_IDS:
        for language in LANGUAGES:
            assert sum(1 for e in examples if (e.segment, e.language) == (segment, language)) >= 300


def test_the_learned_model_is_kept_on_disk_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segment_model, "builtin_examples", tiny_examples)
    first = segment_model.segment_model(FakeEmbedder(), tmp_path)
    assert len(list((tmp_path / "sorter").glob("*.pickle"))) == 1
    monkeypatch.setattr(segment_model, "_learned", {})  # a new process, in effect

    def must_not_learn(*args: object) -> None:
        raise AssertionError("learned again instead of reading the cache")

    monkeypatch.setattr(segment_model, "learn", must_not_learn)
    again = segment_model.segment_model(FakeEmbedder(), tmp_path)
    assert again is not first
    texts = ["the late train", "a podcast"]
    same = [Sorter(FakeEmbedder(), model=m).suggest(texts) for m in (first, again)]
    assert same[0] == same[1]


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
