"""A multi-label logistic regression over hashed features, trained with mini-batch AdaGrad in numpy.

Only rows of features seen in at least `min_df` training texts are kept: the others stay zero and
are not stored, which keeps the shipped weights small (float16, one row per kept feature).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(slots=True)
class Hyper:
    buckets: int = 1 << 18
    epochs: int = 12
    batch: int = 32
    rate: float = 0.3
    l2: float = 1e-5
    min_df: int = 2
    seed: int = 14


class LinearModel:
    def __init__(self, rows: np.ndarray, weights: np.ndarray, bias: np.ndarray, buckets: int) -> None:
        self.rows = rows.astype(np.int64)  # bucket of each stored row, sorted
        self.weights = np.ascontiguousarray(weights, dtype=np.float32)  # (stored rows, labels)
        self.bias = bias.astype(np.float32)
        self.buckets = buckets
        # unknown buckets point at one extra row of zeros, so a lookup needs no mask
        self.padded = np.vstack([self.weights, np.zeros((1, self.weights.shape[1]), dtype=np.float32)])
        self.index = np.full(buckets, len(self.rows), dtype=np.int64)
        self.index[self.rows] = np.arange(len(self.rows))
        self.heads: dict[int, np.ndarray] = {}

    def contributions(self, feats: list[int]) -> np.ndarray:
        """(features, labels): each feature's share of the score (zero rows for unknown features)."""
        if not feats:
            return np.zeros((0, len(self.bias)), dtype=np.float32)
        return self.padded[self.index[feats]] / np.sqrt(len(feats))

    def scores(self, feats: list[int], labels: int | None = None) -> np.ndarray:
        """Scores of every label, or of the first `labels` only (faster)."""
        if labels is None:
            weights, bias = self.padded, self.bias
        else:
            weights = self.heads.get(labels)
            if weights is None:
                weights = self.heads[labels] = np.ascontiguousarray(self.padded[:, :labels])
            bias = self.bias[:labels]
        if not feats:
            return bias.copy()
        return bias + weights[self.index[feats]].sum(axis=0) / np.sqrt(len(feats))

    def probabilities(self, feats: list[int], labels: int | None = None) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.scores(feats, labels)))

    def save(self, path: Path) -> None:
        np.savez_compressed(path, rows=self.rows.astype(np.int32), weights=self.weights.astype(np.float16),
                            bias=self.bias, buckets=np.array([self.buckets]))

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with np.load(path, allow_pickle=False) as data:
            return cls(data["rows"], data["weights"], data["bias"], int(data["buckets"][0]))


def _batch_matrix(docs: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flattened features, their value (1/sqrt(n) of their text) and the start of each text."""
    lengths = np.array([max(len(d), 1) for d in docs])
    flat = np.fromiter((f for d in docs for f in d), dtype=np.int64, count=sum(len(d) for d in docs))
    values = np.repeat(1.0 / np.sqrt(lengths), [len(d) for d in docs]).astype(np.float32)
    starts = np.concatenate([[0], np.cumsum([len(d) for d in docs])[:-1]])
    return flat, values, starts


def train(docs: list[list[int]], targets: np.ndarray, hyper: Hyper) -> LinearModel:
    """Fit one logistic output per column of `targets` (texts × labels, 0/1); deterministic for a seed."""
    df = np.zeros(hyper.buckets, dtype=np.int32)
    for d in docs:
        df[np.unique(np.asarray(d, dtype=np.int64))] += 1
    keep = df >= hyper.min_df
    docs = [[f for f in d if keep[f]] or [0] for d in docs]
    labels = targets.shape[1]
    weights = np.zeros((hyper.buckets, labels), dtype=np.float32)
    squares = np.full((hyper.buckets, labels), 1e-6, dtype=np.float32)
    prior = np.clip(targets.mean(axis=0), 1e-3, 1 - 1e-3)
    bias = np.log(prior / (1 - prior)).astype(np.float32)
    rng = np.random.default_rng(hyper.seed)
    for _ in range(hyper.epochs):
        order = rng.permutation(len(docs))
        for at in range(0, len(order), hyper.batch):
            chosen = order[at:at + hyper.batch]
            flat, values, starts = _batch_matrix([docs[i] for i in chosen])
            z = bias + np.add.reduceat(weights[flat] * values[:, None], starts, axis=0)
            grad = 1.0 / (1.0 + np.exp(-z)) - targets[chosen]  # (batch, labels)
            per_feature = np.repeat(grad, np.diff(np.append(starts, len(flat))), axis=0) * values[:, None]
            uniq, inverse = np.unique(flat, return_inverse=True)
            g = np.zeros((len(uniq), labels), dtype=np.float32)
            np.add.at(g, inverse, per_feature)
            g += hyper.l2 * weights[uniq]
            squares[uniq] += g * g
            weights[uniq] -= hyper.rate * g / np.sqrt(squares[uniq])
            bias -= hyper.rate * 0.1 * grad.mean(axis=0)
    rows = np.flatnonzero(keep & np.any(weights != 0, axis=1))
    return LinearModel(rows, weights[rows], bias, hyper.buckets)
