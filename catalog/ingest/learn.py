"""Logistic regression and thresholds chosen by cross-validation: the learned layer's maths.

Plain NumPy/SciPy, knowing nothing of papers: rows of features in, a weight vector and a
threshold out. Training is full-batch L-BFGS on the L2-regularised log loss from zero
weights, so the same rows give the same weights on any machine (up to the last bits of
floating point; probabilities are rounded to 6 places before they meet a threshold).
Folds are given by the caller (a hash of each example's name), never by a random generator.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, sparse

GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)  # the thresholds cross-validation chooses from


def fit(x, y: np.ndarray, l2: float, weights: np.ndarray | None = None, gram: np.ndarray | None = None) -> np.ndarray:
    """Weights (last one the intercept, not penalised) of a logistic regression of y (0/1) on
    x; `weights`: how much each row counts (1 each by default); `gram`: x xᵀ when the caller
    has it (the same rows, sliced from one product for all folds)."""
    x = sparse.csr_matrix(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, d = x.shape
    c = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)

    if d > n:  # more columns than papers (the terms): solve for one coefficient a paper instead
        return _fit_by_papers(x, y, l2, c, gram_of(x) if gram is None else gram)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w[:d] + w[d]
        p = _sigmoid(z)
        value = c @ (np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * w[:d] @ w[:d]
        r = c * (p - y)
        return value, np.concatenate([x.T @ r + l2 * w[:d], [r.sum()]])

    done = optimize.minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B",
                             options={"maxiter": 1000, "gtol": 1e-7, "ftol": 1e-12})
    return done.x


def gram_of(x) -> np.ndarray:
    """x xᵀ, dense (a few hundred papers)."""
    return np.asarray((x @ x.T).toarray() if sparse.issparse(x) else x @ x.T)


def _fit_by_papers(x, y: np.ndarray, l2: float, c: np.ndarray, gram: np.ndarray) -> np.ndarray:
    """The same fit as `fit`'s, found among weights w = xᵀa: the L2 optimum always lies there
    (the representer theorem), so L-BFGS works on n numbers through the n×n Gram matrix
    instead of on every term: seconds instead of a minute on a few hundred papers."""
    n = x.shape[0]

    def loss(v: np.ndarray) -> tuple[float, np.ndarray]:
        a, b = v[:n], v[n]
        ka = gram @ a
        z = ka + b
        p = _sigmoid(z)
        value = c @ (np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * a @ ka
        r = c * (p - y)
        return value, np.concatenate([gram @ (r + l2 * a), [r.sum()]])

    done = optimize.minimize(loss, np.zeros(n + 1), jac=True, method="L-BFGS-B",
                             options={"maxiter": 1000, "gtol": 1e-7, "ftol": 1e-12})
    return np.concatenate([np.asarray(x.T @ done.x[:n]).ravel(), [done.x[n]]])


def logit(x, w: np.ndarray) -> np.ndarray:
    return np.asarray(x @ w[:-1] + w[-1]).ravel()


def probability(z: np.ndarray) -> np.ndarray:
    """Rounded, so that last-bit differences between machines cannot flip a decision."""
    return np.round(_sigmoid(np.asarray(z, dtype=np.float64)), 6)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def out_of_fold(x, y: np.ndarray, folds: np.ndarray, l2: float, weights: np.ndarray | None = None,
                gram: np.ndarray | None = None) -> np.ndarray:
    """Each row's logit from a model trained on the other folds (`gram`: x xᵀ, if known)."""
    x = sparse.csr_matrix(x, dtype=np.float64)
    c = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    out = np.zeros(len(y))
    for fold in np.unique(folds):
        held = folds == fold
        if y[~held].min() == y[~held].max():  # one class only: nothing to learn from
            out[held] = 20.0 if y[~held][0] else -20.0
            continue
        inner = None if gram is None else gram[np.ix_(~held, ~held)]
        out[held] = logit(x[held], fit(x[~held], y[~held], l2, c[~held], inner))
    return out


def f1(got: np.ndarray, y: np.ndarray) -> float:
    positive = y == 1
    tp = float(np.sum(got & positive))
    return 2 * tp / max(2 * tp + float(np.sum(got != positive)), 1)


def best_threshold(probabilities: np.ndarray, y: np.ndarray, tolerance: float = 0.01) -> float:
    """The middle of the thresholds whose F1 on out-of-fold probabilities is within
    `tolerance` of the best: on a few hundred papers the best single value is noise."""
    scores = [f1(probabilities >= t, y) for t in GRID]
    best = max(scores)
    near = [float(t) for t, f1 in zip(GRID, scores) if f1 >= best - tolerance]
    return near[len(near) // 2]
