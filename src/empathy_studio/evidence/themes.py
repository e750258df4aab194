"""Groups the statements of one segment into themes by the meaning of their embeddings, and names
each theme by its key words. Statements that fit no group stay out of every theme.

The grouping criterion is average linkage on cosine similarity: a theme's statements are on average at
least `similarity` alike. Up to a block of a couple of thousand statements this is computed exactly
(SciPy's hierarchical clustering, quadratic in memory). Above it, k-means (scikit-learn) first cuts
the statements into blocks of that size, each block is clustered exactly, and groups from different
blocks are merged when their average similarity, computed exactly from group sums, passes the
threshold. Finally statements left alone join the theme they are on average most alike, if alike
enough. All steps are linear in the number of statements for a fixed block size, and deterministic."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.cluster.hierarchy import fcluster, linkage  # type: ignore[import-untyped]
from sklearn.cluster import KMeans  # type: ignore[import-untyped]

from empathy_studio.evidence._keywords import document_frequencies, key_words

__all__ = ["ThemeDraft", "group_themes", "theme_label"]

Matrix = npt.NDArray[np.float32]
BLOCK = 2000  # statements clustered exactly at once: 2000² / 2 distances, 16 MB
_NEIGHBOURS = 10  # merge candidates kept per group, so merging stays linear
_CHUNK = 4096  # rows per matrix product, to bound memory


@dataclass(frozen=True)
class ThemeDraft:
    label: str
    members: list[int]  # indexes into the statements given, ascending


def theme_label(texts: Sequence[str], languages: Sequence[str], *, words: int = 3) -> str:
    """Key words of the texts joined by " · ", e.g. "delivery · late · refund"."""
    return " · ".join(key_words(texts, languages, words=words))


def _unit_rows(vectors: npt.ArrayLike) -> Matrix:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError("vectors must be a 2-d array, one row per statement")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: Matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return unit


def _exact(block: Matrix, similarity: float) -> npt.NDArray[np.int64]:
    """Average-linkage cluster number of each row (0-based) within the block."""
    if len(block) == 1:
        return np.zeros(1, dtype=np.int64)
    tree = linkage(block.astype(np.float64), method="average", metric="cosine")
    return np.asarray(fcluster(tree, t=1.0 - similarity, criterion="distance"), dtype=np.int64) - 1


def _blocks(indexes: npt.NDArray[np.int64], matrix: Matrix) -> list[npt.NDArray[np.int64]]:
    """Cuts the rows into k-means cells of at most BLOCK rows, cutting large cells again."""
    if len(indexes) <= BLOCK:
        return [indexes]
    parts = -(-len(indexes) // (BLOCK // 2))  # aim at half a block, as cells come out uneven
    cells = KMeans(n_clusters=parts, n_init=1, random_state=0).fit_predict(matrix[indexes])
    found = [indexes[cells == cell] for cell in range(parts)]
    found = [cell for cell in found if len(cell)]
    if len(found) == 1:  # identical vectors cannot be told apart: cut by position
        return [indexes[i : i + BLOCK] for i in range(0, len(indexes), BLOCK)]
    return [block for cell in found for block in _blocks(cell, matrix)]


class _Groups:
    """Groups with the sum of their vectors: the average similarity between two groups is the dot
    product of their sums divided by both sizes, so merges need no pairwise distances."""

    def __init__(self, matrix: Matrix, labels: npt.NDArray[np.int64]) -> None:
        count = int(labels.max()) + 1 if len(labels) else 0
        self.sums = np.zeros((count, matrix.shape[1]), dtype=np.float64)
        np.add.at(self.sums, labels, matrix)
        self.sizes = np.bincount(labels, minlength=count).astype(np.float64)
        self.parent = np.arange(count)

    def root(self, group: int) -> int:
        while self.parent[group] != group:
            self.parent[group] = self.parent[self.parent[group]]
            group = int(self.parent[group])
        return group

    def alike(self, a: int, b: int) -> float:
        return float(self.sums[a] @ self.sums[b]) / float(self.sizes[a] * self.sizes[b])

    def merge(self, a: int, b: int) -> None:
        self.parent[b] = a
        self.sums[a] += self.sums[b]
        self.sizes[a] += self.sizes[b]


def _merge_across_blocks(groups: _Groups, block_of: npt.NDArray[np.int64], similarity: float) -> None:
    """Merges groups of different blocks, most alike pairs first, while the merged group stays alike
    enough on average; only each group's nearest few are considered."""
    candidates = np.flatnonzero(groups.sizes >= 2)  # single statements are placed later
    if len(candidates) < 2:
        return
    means = (groups.sums[candidates] / groups.sizes[candidates, None]).astype(np.float32)
    pairs: list[tuple[float, int, int]] = []
    for start in range(0, len(candidates), _CHUNK):
        scores = means[start : start + _CHUNK] @ means.T
        for offset, row in enumerate(scores):
            i = start + offset
            row[block_of[candidates] == block_of[candidates[i]]] = -1.0  # already decided within block
            nearest = np.argpartition(-row, min(_NEIGHBOURS, len(row) - 1))[:_NEIGHBOURS]
            pairs.extend((-float(row[j]), i, int(j)) for j in nearest if row[j] >= similarity and j > i)
    for _, i, j in sorted(pairs):
        a, b = groups.root(int(candidates[i])), groups.root(int(candidates[j]))
        if a != b and groups.alike(a, b) >= similarity:
            groups.merge(min(a, b), max(a, b))


def _cluster(matrix: Matrix, similarity: float) -> npt.NDArray[np.int64]:
    """A group number per row (rows of zeros get -1); groups may be single rows."""
    labels = np.full(len(matrix), -1, dtype=np.int64)
    usable = np.flatnonzero(np.linalg.norm(matrix, axis=1) > 0)
    block_of = np.zeros(0, dtype=np.int64)
    next_label = 0
    blocks = _blocks(usable, matrix) if len(usable) else []
    block_ids: list[int] = []
    for number, block in enumerate(blocks):
        local = _exact(matrix[block], similarity)
        labels[block] = local + next_label
        groups_here = int(local.max()) + 1
        block_ids.extend([number] * groups_here)
        next_label += groups_here
    if len(blocks) > 1:
        block_of = np.asarray(block_ids, dtype=np.int64)
        groups = _Groups(matrix[usable], labels[usable])
        _merge_across_blocks(groups, block_of, similarity)
        roots = np.asarray([groups.root(g) for g in range(next_label)], dtype=np.int64)
        labels[usable] = roots[labels[usable]]
    return labels


def _place_leftovers(
    matrix: Matrix, labels: npt.NDArray[np.int64], min_size: int, similarity: float
) -> npt.NDArray[np.int64]:
    """Rows of groups too small to be themes join the theme they are on average most alike, when that
    average reaches `similarity`; else they belong to no theme (-1)."""
    sizes = np.bincount(labels[labels >= 0], minlength=int(labels.max()) + 1 if len(labels) else 0)
    themes = np.flatnonzero(sizes >= min_size)
    result = np.where(np.isin(labels, themes), labels, -1)
    left = np.flatnonzero((result < 0) & (np.linalg.norm(matrix, axis=1) > 0))
    if not len(themes) or not len(left):
        return result
    means = np.zeros((len(themes), matrix.shape[1]), dtype=np.float32)
    for index, theme in enumerate(themes):
        means[index] = matrix[labels == theme].mean(axis=0)
    for start in range(0, len(left), _CHUNK):
        rows = left[start : start + _CHUNK]
        scores = matrix[rows] @ means.T
        best = scores.argmax(axis=1)
        fits = scores[np.arange(len(rows)), best] >= similarity
        result[rows[fits]] = themes[best[fits]]
    return result


def group_themes(
    vectors: npt.ArrayLike,
    texts: Sequence[str],
    languages: Sequence[str],
    *,
    similarity: float = 0.5,
    min_size: int = 2,
) -> list[ThemeDraft]:
    """Themes of at least `min_size` statements, largest first; `vectors` are the statements'
    embeddings, one row each (normalised here again to be safe)."""
    matrix = _unit_rows(vectors)
    if not (len(matrix) == len(texts) == len(languages)):
        raise ValueError("vectors, texts and languages must have one entry per statement")
    if len(matrix) < max(min_size, 1):
        return []
    labels = _place_leftovers(matrix, _cluster(matrix, similarity), max(min_size, 1), similarity)
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels.tolist()):
        if label >= 0:
            members.setdefault(label, []).append(index)
    ordered = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    background = document_frequencies(texts, languages)
    drafts = []
    for group in ordered:
        words = key_words([texts[i] for i in group], [languages[i] for i in group], words=3,
                          background=background, total=len(texts))  # fmt: skip
        label = " · ".join(words) or " ".join(texts[group[0]].split()[:5])
        drafts.append(ThemeDraft(label=label, members=group))
    return drafts
