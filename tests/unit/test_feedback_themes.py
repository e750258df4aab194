"""Grouping statements into themes from their embeddings (synthetic vectors stand in for the model)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from empathy_studio.evidence import themes
from empathy_studio.evidence.themes import ThemeDraft, group_themes, theme_label


def clusters(
    sizes: list[int], noise: int, *, dim: int = 64, spread: float = 0.05, seed: int = 7
) -> tuple[npt.NDArray[np.float32], list[int]]:
    """Unit vectors around random centres, plus `noise` unrelated ones; and each row's true group."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(sizes), dim))
    rows, truth = [], []
    for group, size in enumerate(sizes):
        rows.append(
            centres[group] / np.linalg.norm(centres[group]) + rng.normal(scale=spread, size=(size, dim))
        )
        truth += [group] * size
    rows.append(rng.normal(size=(noise, dim)))
    truth += [-1] * noise
    matrix = np.vstack(rows).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True), truth


def groups_of(drafts: list[ThemeDraft], truth: list[int]) -> list[set[int]]:
    return [{truth[i] for i in draft.members} for draft in drafts]


def test_clear_groups_are_found_and_noise_belongs_to_no_theme() -> None:
    vectors, truth = clusters([12, 8, 5], noise=10)
    drafts = group_themes(vectors, ["x"] * len(truth), ["en"] * len(truth))
    assert [len(d.members) for d in drafts] == [12, 8, 5]
    assert groups_of(drafts, truth) == [{0}, {1}, {2}]
    assert all(d.members == sorted(d.members) for d in drafts)


def test_min_size_and_similarity_are_respected() -> None:
    vectors, _ = clusters([6, 2], noise=3)
    assert [len(d.members) for d in group_themes(vectors, ["x"] * 11, ["en"] * 11, min_size=3)] == [6]
    assert group_themes(vectors, ["x"] * 11, ["en"] * 11, similarity=0.999) == []


def test_deterministic_and_empty_inputs() -> None:
    vectors, truth = clusters([10, 10], noise=5)
    texts, languages = ["x"] * len(truth), ["en"] * len(truth)
    assert group_themes(vectors, texts, languages) == group_themes(vectors, texts, languages)
    assert group_themes(np.zeros((0, 8), dtype=np.float32), [], []) == []
    assert group_themes(vectors[:1], ["x"], ["en"]) == []
    with pytest.raises(ValueError):
        group_themes(vectors, ["x"], ["en"])


def test_zero_vectors_belong_to_no_theme() -> None:
    vectors, _ = clusters([4], noise=0)
    vectors = np.vstack([vectors, np.zeros((2, vectors.shape[1]), dtype=np.float32)])
    drafts = group_themes(vectors, ["x"] * 6, ["en"] * 6)
    assert [d.members for d in drafts] == [[0, 1, 2, 3]]


def test_the_scalable_path_finds_the_same_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(themes, "BLOCK", 40)  # force blocks, k-means and merging on a small input
    vectors, truth = clusters([60, 45, 30, 25], noise=40, seed=3)
    drafts = group_themes(vectors, ["x"] * len(truth), ["en"] * len(truth))
    assert sorted(len(d.members) for d in drafts) == [25, 30, 45, 60]
    assert sorted(map(sorted, groups_of(drafts, truth))) == [[0], [1], [2], [3]]


def test_labels_are_key_words_without_stopwords() -> None:
    texts = ["The delivery was late", "Late delivery again!", "Deliveries are always late, I want a refund"]
    assert theme_label(texts, ["en"] * 3) == "delivery · late · refund"
    assert (
        theme_label(["Der Zug war zu spät", "Zug schon wieder zu spät"], ["de", "de"], words=2)
        == "spät · zug"
    )
    assert (
        theme_label(["De trein was te laat", "Weer was de trein laat"], ["nl", "nl"], words=2)
        == "laat · trein"
    )


def test_theme_labels_prefer_words_distinctive_for_the_theme() -> None:
    vectors, truth = clusters([3, 3], noise=0)
    texts = [
        "service slow refund",
        "service slow refund please",
        "service slow refund now",
        "service friendly staff",
        "service friendly staff kind",
        "service friendly staff today",
    ]
    drafts = group_themes(vectors, texts, ["en"] * 6)
    labels = {frozenset(truth[i] for i in d.members): d.label for d in drafts}
    assert "service" not in labels[frozenset({0})]
    assert labels[frozenset({1})].split(" · ")[:2] == ["friendly", "staff"]


def test_a_word_all_members_share_names_the_theme_even_when_common_in_the_segment() -> None:
    vectors, _ = clusters([2, 2], noise=0)
    texts = ["delivery late food cold", "groceries late cream melted", "courier late again", "late dinner"]
    drafts = group_themes(vectors, texts, ["en"] * 4)
    assert all(d.label.split(" · ")[0] == "late" for d in drafts)
