"""Can the output unit's straight line separate the hidden points? Fit it, and decide exactly.

The decision is geometry, not "the fit came out 100%": two sets of points in the plane are
strictly separable by a line exactly when their convex hulls do not meet, that is when the
origin lies strictly outside A - B = {a - b} (a convex polygon, the Minkowski sum of A's hull
and the reflected hull of B, made by merging their edges in angle order). One pass over its
edges finds the edge the origin lies furthest beyond: its normal is the separating direction.

Everything is done on the points centred on their bounding box and scaled to half-width 1, so
the verdict does not depend on where the points sit or how large they are (points 1e9 away
from the origin, or a cloud 1e-6 wide, are judged like the same points near the origin), and
gaps far below a linear programme's tolerance (1e-8 of the points' extent) are still found.
The line found is then checked against every point in plain float arithmetic.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
from scipy.optimize import linprog
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from tinynet.model.activations import Activation
from tinynet.model.network import accuracy_from_logit, as_labels, as_points, forward
from tinynet.model.params import Params


@dataclasses.dataclass(frozen=True)
class Separability:
    separable: bool
    # Half the gap between the classes along the separating direction, in units of the
    # points' extent (their bounding box centred and scaled to half-width 1); 0 when not
    # separable. A logit of (a . h + c) is at least this for every point, class 1 positive.
    margin: float
    # (a1, a2, c) of a separating line when separable: a . h + c > 0 for class 1 (for 1 or 3
    # hidden units, (a, c) or (a1, a2, a3, c))
    line: tuple[float, ...] | None
    reason: str


@dataclasses.dataclass(frozen=True)
class OutputFit:
    params: Params  # the given hidden layers with the fitted output unit (w13, w23, b13)
    accuracy: float  # of the fitted output unit on the points
    separability: Separability


def normalised(H: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """H centred on its bounding box and scaled to half-width 1: (points, centre, scale)."""
    lo, hi = H.min(axis=0), H.max(axis=0)
    # Halved before subtracting: points near the largest floats (1.7e308) must not overflow.
    centre = lo / 2 + hi / 2
    scale = float((hi / 2 - lo / 2).max())
    scale = scale if scale > 0 and np.isfinite(scale) else 1.0
    return (H / 2 - centre / 2) / (scale / 2), centre, scale


def convex_hull(P: np.ndarray) -> np.ndarray:
    """The hull's vertices counter-clockwise, without collinear ones (Andrew's monotone chain):
    one vertex for a single spot, two for points on one line."""
    P = np.unique(P, axis=0)  # sorted by x, then y
    if len(P) <= 2:
        return P

    def half(points) -> list:
        out: list = []
        for p in points:
            while len(out) >= 2 and _cross(out[-2], out[-1], p) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = half(P), half(P[::-1])
    return np.array(lower[:-1] + upper[:-1])


def _cross(o, a, b) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def minkowski_sum(P: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Vertices of P + Q for convex polygons given counter-clockwise (a segment as its two ends,
    a spot as one vertex): start at the sum of their lowest vertices and walk every edge of
    both in angle order."""

    def start_and_edges(V):
        k = np.lexsort((V[:, 0], V[:, 1]))[0]  # lowest, then leftmost
        V = np.roll(V, -k, axis=0)
        edges = np.roll(V, -1, axis=0) - V if len(V) > 1 else np.zeros((0, 2))
        return V[0], edges

    p0, ep = start_and_edges(P)
    q0, eq = start_and_edges(Q)
    edges = np.concatenate([ep, eq])
    angles = np.mod(np.arctan2(edges[:, 1], edges[:, 0]), 2 * np.pi)
    edges = edges[np.argsort(angles, kind="stable")]
    return (p0 + q0) + np.vstack([np.zeros((1, 2)), np.cumsum(edges, axis=0)[:-1]])


def _best_direction(D: np.ndarray) -> tuple[np.ndarray, float]:
    """The unit direction d with the largest min over D of d . v, and that min: D lies wholly
    on the positive side of d exactly when it is > 0. For a polygon the best is the inward
    normal of an edge (the min over D is then attained on that edge); a polygon flat on a line
    (or a spot) is separated along the line or towards the spot, so those are tried too."""
    best, gap = np.array([1.0, 0.0]), -np.inf
    if len(D) >= 3:
        edges = np.roll(D, -1, axis=0) - D
        keep = np.hypot(*edges.T) > 0
        edges, starts = edges[keep], D[keep]
        inward = np.column_stack([-edges[:, 1], edges[:, 0]])  # left of a CCW edge
        inward /= np.hypot(*inward.T)[:, None]
        gaps = (inward * starts).sum(axis=1)
        k = int(np.argmax(gaps))
        best, gap = inward[k], float(gaps[k])
    span = D[np.argmax(np.hypot(*(D - D[0]).T))] - D[0]
    across = np.array([-span[1], span[0]])
    for d in (D[0], span, -span, across, -across):
        norm = np.hypot(*d)
        if norm > 0:
            d = d / norm
            g = float((D @ d).min())
            if g > gap:
                best, gap = d, g
    return best, gap


def as_hidden(H: np.ndarray) -> np.ndarray:
    """Hidden points (n, d) of a last hidden layer of 1-3 units, finite."""
    arr = np.asarray(H, dtype=float)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or not 1 <= arr.shape[1] <= 3:
        raise ValueError(f"hidden points must have shape (n, 1), (n, 2) or (n, 3), got {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError("the hidden points must be finite numbers")
    return arr


def linearly_separable(H: np.ndarray, y: np.ndarray) -> Separability:
    """Strict linear separability of points H with labels y in {0, 1}: H of shape (n, 2), the
    2-2-1 network's hidden plane (convex hulls, exact), or (n, 1) and (n, 3) for a last hidden
    layer of one or three units (separability_1d, separability_3d)."""
    H = as_hidden(H)
    y = as_labels(y, len(H))
    if len(np.unique(y)) < 2:
        return Separability(True, np.inf, None, "only one class: any line leaves it on one side")
    if H.shape[1] == 1:
        return separability_1d(H, y)
    if H.shape[1] == 3:
        return separability_3d(H, y)
    N, centre, scale = normalised(H)
    ones = y > 0.5
    # The hulls' difference: class 1 minus class 0, so that d . (b - a) > 0 puts class 1 on
    # the positive side of d.
    D = minkowski_sum(convex_hull(N[ones]), -convex_hull(N[~ones]))
    d, gap = _best_direction(D)
    if gap > 0:
        threshold = float((N[~ones] @ d).max()) + gap / 2
        sides = np.where(ones, 1.0, -1.0) * (N @ d - threshold)
        if (sides > 0).all():
            a = d / scale  # d . (h - centre) / scale - threshold, in the points' own units
            c = -float(d @ centre) / scale - threshold
            margin = float(sides.min())
            return Separability(
                True,
                margin,
                (float(a[0]), float(a[1]), c),
                f"a straight line separates the classes (margin {margin:.3g} of their extent)",
            )
    return _not_separable(H, y)


def separability_1d(H: np.ndarray, y: np.ndarray) -> Separability:
    """On a line a threshold separates the classes exactly when one class lies wholly below
    the other: the extremes are compared as they are (exact, whatever the scale: no centring,
    which would round away a gap far below the points' extent)."""
    v, ones = H[:, 0], y > 0.5
    _, _, scale = normalised(H)
    for sign in (1.0, -1.0):  # class 1 above, or below
        low, high = (sign * v[~ones]).max(), (sign * v[ones]).min()
        if high > low:
            # Halves first: no overflow near the largest floats. Between two neighbouring
            # floats no float lies strictly between: the threshold is then the lower one.
            threshold = float(low / 2 + high / 2)
            if not low < threshold < high:
                threshold = float(low)
            margin = float(high / 2 - low / 2) / scale
            return Separability(
                True,
                margin,
                (sign, -threshold),
                f"a threshold separates the classes (margin {margin:.3g} of their extent)",
            )
    return _not_separable(H, y, "threshold")


def separability_3d(H: np.ndarray, y: np.ndarray) -> Separability:
    """In 3-D a plane is sought by a linear programme (scipy's HiGHS) on the points centred and
    scaled like the 2-D test: maximise t with (2y - 1)(a . h + c) >= t, |a_k| <= 1. The plane it
    finds is then checked against every point in plain float arithmetic, so "separable" is
    always true; "not separable" could miss a gap below the programme's tolerance (about 1e-7
    of the points' extent)."""
    N, centre, scale = normalised(H)
    sign = np.where(y > 0.5, 1.0, -1.0)
    n = len(N)
    # Variables a1, a2, a3, c, t; minimise -t subject to -s_i (a . h_i + c) + t <= 0.
    A_ub = np.column_stack([-sign[:, None] * N, -sign, np.ones(n)])
    bounds = [(-1, 1)] * 3 + [(None, None), (None, 1)]
    result = linprog(
        np.array([0, 0, 0, 0, -1.0]), A_ub=A_ub, b_ub=np.zeros(n), bounds=bounds, method="highs"
    )
    if result.status == 0 and result.x[4] > 0:
        a, c = result.x[:3], result.x[3]
        sides = sign * (N @ a + c)
        if (sides > 0).all():
            norm = float(np.linalg.norm(a))
            margin = float(sides.min()) / norm
            a_own = a / scale
            c_own = float(c - a @ centre / scale)
            return Separability(
                True,
                margin,
                (*(float(v) for v in a_own), c_own),
                f"a plane separates the classes (margin {margin:.3g} of their extent)",
            )
    return _not_separable(H, y, "plane")


def _not_separable(H: np.ndarray, y: np.ndarray, cut: str = "line") -> Separability:
    clash = _same_point_both_classes(H, y)
    what = "straight line" if cut == "line" else cut
    reason = (
        f"points of both classes land on the same spot, so no {cut} can split them"
        if clash
        else f"no {what} separates the classes: any {cut} leaves a point on the wrong side"
    )
    return Separability(False, 0.0, None, reason)


def _same_point_both_classes(H: np.ndarray, y: np.ndarray) -> bool:
    _, inverse = np.unique(H, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    seen = np.zeros((inverse.max() + 1, 2), bool)
    seen[inverse, (y > 0.5).astype(int)] = True
    return bool(seen.all(axis=1).any())


def fit_output_layer(
    params: Params,
    X: np.ndarray,
    y: np.ndarray,
    activation: str | Activation = "tanh",
    C: float = 100.0,
) -> OutputFit:
    """Keep every hidden layer; fit the output unit (w13, w23, b13 for 2-2-1) by logistic
    regression on the last hidden layer's points h, with the exact verdict on whether a line
    (a threshold, a plane: 1-3 units) separates them there.

    C is scikit-learn's inverse regularisation: large C is nearly plain maximum likelihood, while
    keeping the weights finite when the hidden points are separable.
    """
    X = as_points(X)
    y_arr = as_labels(y, len(X))
    H = forward(params, X, activation).h
    verdict = linearly_separable(H, y_arr)
    labels = y_arr.astype(int)
    if len(np.unique(labels)) < 2:
        sign = 1.0 if labels[0] == 1 else -1.0
        fitted = _with_output(params, np.zeros(H.shape[1]), sign * 5.0)
    else:
        # When the points are separable, a weakly regularised fit might still leave a point or
        # two on the wrong side; loosen the regulariser, and fall back to the LP's own line.
        for strength in (C, C * 1e2, C * 1e4):
            fitted = _logistic_fit(params, H, labels, strength)
            accuracy = _accuracy(fitted, X, labels, activation)
            if accuracy == 1.0 or not verdict.separable:
                break
        if verdict.separable and accuracy < 1.0 and verdict.line is not None:
            *a, c = verdict.line
            k = 4.0 / verdict.margin  # the closest point gets a logit of +-4 (p = 0.018 / 0.982)
            fitted = _with_output(params, k * np.array(a), k * c)
    accuracy = _accuracy(fitted, X, labels, activation)
    return OutputFit(fitted, accuracy, verdict)


def _with_output(params: Params, weights: np.ndarray, bias: float) -> Params:
    """params with the output unit's weights and bias replaced."""
    layers = params.layers
    layers[-1] = (np.asarray(weights, float).reshape(1, -1), np.array([float(bias)]))
    return Params.from_layers(layers)


def _logistic_fit(params: Params, H: np.ndarray, labels: np.ndarray, C: float) -> Params:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = LogisticRegression(C=C, max_iter=1000).fit(H, labels)
    return _with_output(params, model.coef_[0], model.intercept_[0])


def _accuracy(params: Params, X: np.ndarray, labels: np.ndarray, activation) -> float:
    return float(accuracy_from_logit(forward(params, X, activation).logit, labels))


def best_line_accuracy(H: np.ndarray, y: np.ndarray, directions: int = 3600) -> float:
    """The accuracy of the most accurate straight line through the points H: for each of
    `directions` directions a1 h1 + a2 h2 (half a turn, the other half being the same lines
    with the sides swapped), every threshold between two projections, either side for class 1.

    Not the logistic-regression fit (fit_output_layer), which maximises the likelihood, not the
    accuracy; on the parabolas under linear units the fit gets 74.4%, the best line 85.4%."""
    H = as_points(H)
    labels = as_labels(y, len(H)) > 0.5
    n = len(H)
    angles = np.linspace(0.0, np.pi, directions, endpoint=False)
    best = 0
    for start in range(0, directions, 256):
        a = angles[start : start + 256]
        proj = H @ np.stack([np.cos(a), np.sin(a)])  # (n, k)
        order = np.argsort(proj, axis=0, kind="stable")
        ones = labels[order]  # class of each point, by projection, per direction
        # Cut after the first m points (m = 0..n): class 0 below and class 1 above, or the
        # other way round; only cuts between distinct projections are lines.
        below_ones = np.vstack([np.zeros((1, len(a)), int), np.cumsum(ones, axis=0)])
        m = np.arange(n + 1)[:, None]
        right = (m - below_ones) + (labels.sum() - below_ones)
        sorted_proj = np.take_along_axis(proj, order, axis=0)
        distinct = np.ones((n + 1, len(a)), bool)
        distinct[1:n] = sorted_proj[1:] > sorted_proj[:-1]
        right = np.where(distinct, np.maximum(right, n - right), 0)
        best = max(best, int(right.max()))
    return best / n
