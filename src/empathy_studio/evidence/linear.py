"""A small multinomial logistic regression in numpy: the sorter's classifier, trained in milliseconds on
a few hundred examples, so it can be retrained whenever a workspace's examples change."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float64]
FEATURE_SCALE = 20.0  # unit-length embeddings have tiny components; this brings them near 1 for training
STEPS = 300
LEARNING_RATE = 0.05
L2 = 1e-2


@dataclass(frozen=True)
class SoftmaxModel:
    weights: Matrix  # features x classes
    bias: Matrix  # classes

    def predict(self, features: npt.NDArray[np.floating]) -> Matrix:
        return softmax(np.asarray(features, dtype=np.float64) * FEATURE_SCALE @ self.weights + self.bias)


def softmax(logits: Matrix) -> Matrix:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    out: Matrix = shifted / shifted.sum(axis=1, keepdims=True)
    return out


def train_softmax(
    features: npt.NDArray[np.floating], labels: npt.NDArray[np.integer], sample_weights: Matrix, classes: int
) -> SoftmaxModel:
    """Full-batch gradient descent with Adam steps: deterministic, no extra dependency."""
    x = np.asarray(features, dtype=np.float64) * FEATURE_SCALE
    target = np.eye(classes)[labels]
    share = sample_weights / sample_weights.sum()
    weights = np.zeros((x.shape[1], classes))
    bias = np.zeros(classes)
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias), np.zeros_like(bias)]
    for step in range(1, STEPS + 1):
        error = (softmax(x @ weights + bias) - target) * share[:, None]
        grads = (x.T @ error + L2 * weights, error.sum(axis=0))
        for index, (param, grad) in enumerate(zip((weights, bias), grads, strict=True)):
            first, second = moments[2 * index], moments[2 * index + 1]
            first *= 0.9
            first += 0.1 * grad
            second *= 0.999
            second += 0.001 * grad**2
            param -= LEARNING_RATE * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return SoftmaxModel(weights, bias)
