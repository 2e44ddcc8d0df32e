"""Multinomial naive Bayes over weighted sparse features, in pure Python.

One instance per predicted field (kind, category, urgent). Training is a single
counting pass, so the model trains from the labelled file in milliseconds and
needs no pickled weights. Naive Bayes is famously over-confident (it multiplies
dozens of correlated n-gram likelihoods as if they were independent), so the
joint log-probabilities are divided by a temperature before the softmax; the
temperature is chosen on cross-validation so that the winner's posterior reads
as a usable confidence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

Features = Mapping[str, float]


class NaiveBayes:
    """Multinomial NB with Laplace (additive) smoothing and a softmax temperature."""

    def __init__(
        self, alpha: float = 0.3, temperature: float = 1.0, uniform_prior: bool = False
    ) -> None:
        if alpha <= 0:
            raise ValueError("alpha must be positive")
        if temperature <= 0:
            raise ValueError("temperature must be positive")
        self.alpha = alpha
        self.temperature = temperature
        self.uniform_prior = uniform_prior
        self.classes: tuple[str, ...] = ()
        self._log_prior: list[float] = []
        self._log_denominators: list[float] = []
        self._counts: dict[str, list[float]] = {}

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self._counts)

    def fit(
        self,
        docs: Sequence[Features],
        labels: Sequence[str],
        *,
        weights: Sequence[float] | None = None,
        prior_labels: Sequence[str] | None = None,
    ) -> NaiveBayes:
        """Count features per class.

        ``weights`` scale each document's feature counts (default 1); the class
        prior comes from ``prior_labels`` when given (e.g. only the messages that
        reflect real traffic, not an enriched supplement), else from ``labels``.
        """
        if len(docs) != len(labels) or not docs:
            raise ValueError("need the same, non-zero number of documents and labels")
        weights = [1.0] * len(docs) if weights is None else weights
        self.classes = tuple(sorted(set(labels)))
        index = {c: i for i, c in enumerate(self.classes)}
        n = len(self.classes)
        doc_counts = [0] * n
        totals = [0.0] * n
        counts: dict[str, list[float]] = {}
        for doc, label, scale in zip(docs, labels, weights, strict=True):
            ci = index[label]
            for feature, weight in doc.items():
                row = counts.get(feature)
                if row is None:
                    row = counts[feature] = [0.0] * n
                row[ci] += weight * scale
                totals[ci] += weight * scale
        for label in labels if prior_labels is None else prior_labels:
            doc_counts[index[label]] += 1
        # Only counts are kept; log-likelihoods are computed for the few
        # features of each message at prediction time, which keeps fitting cheap.
        self._counts = counts
        self._log_denominators = [math.log(t + self.alpha * len(counts)) for t in totals]
        if self.uniform_prior:
            self._log_prior = [-math.log(n)] * n
        else:
            total = sum(doc_counts)
            self._log_prior = [math.log(max(c, 1) / total) for c in doc_counts]
        return self

    def log_joint(self, doc: Features) -> list[float]:
        """Unnormalised log P(class, doc); features never seen in training are ignored."""
        scores = list(self._log_prior)
        alpha, log, denominators = self.alpha, math.log, self._log_denominators
        for feature, weight in doc.items():
            row = self._counts.get(feature)
            if row is not None:
                for i, count in enumerate(row):
                    scores[i] += weight * (log(count + alpha) - denominators[i])
        return scores

    def log_likelihoods(self, feature: str) -> dict[str, float] | None:
        """log P(feature | class) per class, or None for an unseen feature (for debugging)."""
        row = self._counts.get(feature)
        if row is None:
            return None
        return {
            c: math.log(n + self.alpha) - d
            for c, n, d in zip(self.classes, row, self._log_denominators, strict=True)
        }

    def predict_proba(self, doc: Features, *, calibrated: bool = True) -> dict[str, float]:
        """Posterior over classes; ``calibrated`` applies the temperature."""
        if not self.classes:
            raise RuntimeError("model is not fitted")
        temperature = self.temperature if calibrated else 1.0
        scores = [s / temperature for s in self.log_joint(doc)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def known_weight(self, doc: Features) -> float:
        """Total weight of the features the model has seen: how much evidence there is."""
        return sum(w for f, w in doc.items() if f in self._counts)
