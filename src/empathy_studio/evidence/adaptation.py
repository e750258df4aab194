"""What a workspace teaches the sorter: a correction learned on top of the built-in classifier.

The built-in classifier's scores stay as they are; the workspace's examples (statements people sorted
by hand, notes the team placed) learn an adjustment per feature and segment that is added to them. It
is fitted to those examples alone, with a penalty on its size, so a handful of consistent corrections
moves statements that share their words and cues, and nothing else. (Retraining the classifier with the
examples weighted up did far less: a few examples cannot outvote thousands of built-in ones. Letting the
nearest examples in the embedding space vote did harm: neighbours share the topic, not the segment.)"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize  # type: ignore[import-untyped]
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
from scipy.special import log_softmax, softmax  # type: ignore[import-untyped]

PENALTY = 0.1  # L2 on the adjustment: smaller follows a team sooner, larger protects the built-in sense
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Adaptation:
    columns: npt.NDArray[np.intp]  # the features the workspace's examples use; all others get no adjustment
    weights: Matrix  # len(columns) x segments

    def adjust(self, scores: Matrix, features: csr_matrix) -> Matrix:
        """The classifier's scores (one row per statement, before softmax) with the adjustment added."""
        adjusted: Matrix = scores + features[:, self.columns] @ self.weights
        return adjusted


def learn_adaptation(scores: Matrix, features: csr_matrix, labels: npt.NDArray[np.intp]) -> Adaptation:
    """Fit the adjustment to the examples: `scores` are the built-in classifier's for them, `labels`
    their segment indices."""
    features = csr_matrix(features)
    columns = np.unique(features.indices)
    used = features[:, columns]
    target = np.eye(scores.shape[1])[labels]
    shape = (len(columns), scores.shape[1])

    def loss_and_gradient(flat: Matrix) -> tuple[float, Matrix]:
        weights = flat.reshape(shape)
        logits = scores + used @ weights
        loss = -float((target * log_softmax(logits, axis=1)).sum()) + PENALTY * float((weights**2).sum())
        gradient = used.T @ (softmax(logits, axis=1) - target) + 2 * PENALTY * weights
        return loss, np.asarray(gradient).ravel()

    found = minimize(loss_and_gradient, np.zeros(shape[0] * shape[1]), jac=True, method="L-BFGS-B")
    return Adaptation(columns, np.asarray(found.x).reshape(shape))
