"""The numbers behind every view, computed with model/ from a state and the data.

explorer/assets/views/views.js computes the same numbers in the browser (the fast path) under
the same names; a browser test holds the two equal. Figure builders (figures.py) only draw them.
NaN separates the pieces of multi-line traces (null in JSON).
"""

from __future__ import annotations

import math

import numpy as np

from tinynet.explorer.limits import (
    FIT_LIMIT,
    GRID_LINES,
    HEATMAP_N,
    HIST_BINS,
    INPUT_VIEW,
    LINE_SAMPLES,
    PROBA_BINS,
    STAGE_MAX,
    UNBOUNDED_VIEW,
    UNIT_MAP_N,
)
from tinynet.model import Activation, Params, det, forward, saturated, stage
from tinynet.model.network import accuracy_from_logit, loss_from_logit

STAGE_LABELS = ("input x", "linear map W x", "plus bias W x + b", "activation f(W x + b)")


def input_axis(n: int = HEATMAP_N) -> np.ndarray:
    return np.linspace(-INPUT_VIEW, INPUT_VIEW, n)


def proba_grid(params: Params, act: Activation, n: int = HEATMAP_N) -> np.ndarray:
    """p on the heatmap grid: row j is x2 = axis[j], column i is x1 = axis[i]."""
    g = input_axis(n)
    xx, yy = np.meshgrid(g, g)
    return forward(params, np.column_stack([xx.ravel(), yy.ravel()]), act).proba.reshape(xx.shape)


def unit_maps(params: Params, act: Activation, n: int = UNIT_MAP_N) -> np.ndarray:
    """h1 and h2 over the input view on an n x n grid: (2, n, n), row j is x2 = axis[j]."""
    g = input_axis(n)
    xx, yy = np.meshgrid(g, g)
    h = forward(params, np.column_stack([xx.ravel(), yy.ravel()]), act).h
    return h.T.reshape(2, n, n)


def unit_range(act: Activation) -> tuple[float, float]:
    """The values a unit map's colours span: the activation's range, an infinite side cut at
    UNBOUNDED_VIEW. Fixed per activation, so the same colour means the same value always."""
    lo, hi = act.output_range
    return (
        lo if math.isfinite(lo) else -UNBOUNDED_VIEW,
        hi if math.isfinite(hi) else UNBOUNDED_VIEW,
    )


# Marching squares: for each of the 16 corner patterns of a cell (bit 1 bottom-left, 2
# bottom-right, 4 top-right, 8 top-left set where p >= 0.5), the cell edges the boundary joins
# (0 bottom, 1 right, 2 top, 3 left). The two saddles (5, 10) are split by the cell's mean.
SEGMENTS = {
    1: [(3, 0)],
    2: [(0, 1)],
    3: [(3, 1)],
    4: [(1, 2)],
    6: [(0, 2)],
    7: [(3, 2)],
    8: [(2, 3)],
    9: [(2, 0)],
    11: [(2, 1)],
    12: [(1, 3)],
    13: [(1, 0)],
    14: [(0, 3)],
}
SADDLES = {5: ([(3, 2), (1, 0)], [(3, 0), (1, 2)]), 10: ([(0, 1), (2, 3)], [(0, 3), (2, 1)])}


def boundary(proba: np.ndarray, level: float = 0.5) -> np.ndarray:
    """The p = level curve of the heatmap grid as segments (k, 2, 2), cell by cell in row order."""
    g = input_axis()
    above = proba >= level
    case = above[:-1, :-1] * 1 + above[:-1, 1:] * 2 + above[1:, 1:] * 4 + above[1:, :-1] * 8
    segments = []
    for j, i in zip(*np.nonzero((case > 0) & (case < 15))):
        c = int(case[j, i])
        corners = (proba[j, i], proba[j, i + 1], proba[j + 1, i + 1], proba[j + 1, i])
        if c in SADDLES:
            mean = (corners[0] + corners[1] + corners[2] + corners[3]) / 4
            pairs = SADDLES[c][0] if mean >= level else SADDLES[c][1]
        else:
            pairs = SEGMENTS[c]
        for a, b in pairs:
            segments.append(
                [_crossing(g, i, j, corners, a, level), _crossing(g, i, j, corners, b, level)]
            )
    return np.array(segments, dtype=float).reshape(-1, 2, 2)


def chain(segments: np.ndarray) -> list[np.ndarray]:
    """Join segments that share end points into polylines (fewer points to draw and parse).
    Adjacent cells compute a shared crossing identically, so end points match exactly."""
    segs = [(tuple(a), tuple(b)) for a, b in np.asarray(segments, float).reshape(-1, 2, 2)]
    at: dict[tuple, list[int]] = {}
    for k, (a, b) in enumerate(segs):
        at.setdefault(a, []).append(k)
        at.setdefault(b, []).append(k)
    used = [False] * len(segs)

    def grow(line: list, end: tuple) -> None:
        while True:
            nxt = next((k for k in at[end] if not used[k]), None)
            if nxt is None:
                return
            used[nxt] = True
            a, b = segs[nxt]
            end = b if a == end else a
            line.append(end)

    lines = []
    for k, (a, b) in enumerate(segs):
        if used[k]:
            continue
        used[k] = True
        forward, backward = [a, b], [a]
        grow(forward, b)
        grow(backward, a)
        lines.append(np.array(backward[::-1][:-1] + forward, dtype=float))
    return lines


def nan_join(lines: list[np.ndarray]) -> np.ndarray:
    """Polylines as one (k, 2) array with a NaN row between them."""
    parts = []
    for line in lines:
        if parts:
            parts.append(np.full((1, 2), np.nan))
        parts.append(np.asarray(line, float).reshape(-1, 2))
    return np.concatenate(parts) if parts else np.zeros((0, 2))


def _crossing(g, i, j, corners, edge, level):
    """Where p crosses `level` along one edge of cell (i, j), by linear interpolation."""
    ends = ((0, 1), (1, 2), (3, 2), (0, 3))[edge]  # bottom, right, top (left to right), left
    spots = ((g[i], g[j]), (g[i + 1], g[j]), (g[i + 1], g[j + 1]), (g[i], g[j + 1]))
    pa, pb = corners[ends[0]], corners[ends[1]]
    s = (level - pa) / (pb - pa)
    (xa, ya), (xb, yb) = spots[ends[0]], spots[ends[1]]
    return [xa + s * (xb - xa), ya + s * (yb - ya)]


def proba_pixels(proba: np.ndarray, scale: list) -> np.ndarray:
    """RGB bytes (rows top to bottom) of the heatmap, colours interpolated along `scale`
    ([[0, '#rrggbb'], [0.5, ...], [1, ...]])."""
    stops = np.array([s for s, _ in scale])
    rgb = np.array([[int(c[k : k + 2], 16) for k in (1, 3, 5)] for _, c in scale], float)
    channels = [np.interp(proba, stops, rgb[:, k]) for k in range(3)]
    return np.floor(np.stack(channels, axis=-1)[::-1] + 0.5).astype(np.uint8)


def grid_families() -> tuple[np.ndarray, np.ndarray]:
    """The straight grid of [-1, 1]^2 as two families of polylines, NaN-separated:
    'vertical' (x1 fixed) and 'horizontal' (x2 fixed), each (GRID_LINES * (LINE_SAMPLES + 1), 2)."""
    ticks = np.linspace(-1.0, 1.0, GRID_LINES)
    run = np.linspace(-1.0, 1.0, LINE_SAMPLES)
    gap = np.full((1, 2), np.nan)
    vertical = np.concatenate(
        [np.concatenate([np.column_stack([np.full_like(run, c), run]), gap]) for c in ticks]
    )
    horizontal = vertical[:, ::-1].copy()
    return vertical, horizontal


def _stage_nan(params: Params, pts: np.ndarray, act: Activation, t: float) -> np.ndarray:
    ok = np.isfinite(pts).all(axis=1)
    out = np.full_like(pts, np.nan)
    out[ok] = stage(params, pts[ok], act, t)
    return out


def _box(points: np.ndarray) -> list[float]:
    finite = points[np.isfinite(points).all(axis=1)]
    if len(finite) == 0:
        return [-1.0, 1.0, -1.0, 1.0]
    lo, hi = finite.min(axis=0), finite.max(axis=0)
    return [float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])]


def _padded(box: list[float], pad: float = 0.05) -> list[float]:
    out = []
    for lo, hi in (box[0:2], box[2:4]):
        span = max(hi - lo, 0.1)
        mid = (lo + hi) / 2
        lo, hi = mid - span / 2 - pad * span, mid + span / 2 + pad * span
        out += [max(lo, -FIT_LIMIT), min(hi, FIT_LIMIT)]
    return out


def activation_box(act: Activation) -> list[float]:
    lo, hi = act.output_range
    lo = lo if math.isfinite(lo) else -UNBOUNDED_VIEW
    hi = hi if math.isfinite(hi) else UNBOUNDED_VIEW
    pad = 0.05 * (hi - lo)
    return [lo - pad, hi + pad, lo - pad, hi + pad]


def hidden_range(
    params: Params, act: Activation, t: float, shown: np.ndarray, fit: bool
) -> list[float]:
    """[x0, x1, y0, y1] of the hidden view. Fixed mode: the activation's range at t = 3, and
    while morphing (t < 3) a box holding every stage, so the axes stay still during a play.
    Fit mode: the points at this stage."""
    if fit:
        return _padded(_box(_stage_nan(params, shown, act, t)))
    final = activation_box(act)
    if t >= STAGE_MAX:
        return final
    boxes = [final] + [_box(_stage_nan(params, shown, act, k)) for k in (0.0, 1.0, 2.0)]
    union = [
        min(b[0] for b in boxes),
        max(b[1] for b in boxes),
        min(b[2] for b in boxes),
        max(b[3] for b in boxes),
    ]
    return _padded(union, 0.0)


def clip_half_plane(box: list[float], a1: float, a2: float, c: float) -> np.ndarray:
    """The part of the box where a1 h1 + a2 h2 + c >= 0, as a closed polygon (k, 2)."""
    x0, x1, y0, y1 = box
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    out = []
    for i in range(4):
        p, q = corners[i], corners[(i + 1) % 4]
        fp, fq = a1 * p[0] + a2 * p[1] + c, a1 * q[0] + a2 * q[1] + c
        if fp >= 0:
            out.append(p)
        if (fp >= 0) != (fq >= 0):
            s = fp / (fp - fq)
            out.append((p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])))
    if out:
        out.append(out[0])
    return np.array(out, dtype=float).reshape(-1, 2)


def output_line(params: Params, box: list[float]) -> np.ndarray:
    """Where w13 h1 + w23 h2 + b13 = 0 crosses the view: two points, or none."""
    a1, a2, c = params.w13, params.w23, params.b13
    if a1 == 0 and a2 == 0:
        return np.zeros((0, 2))
    x0, x1, y0, y1 = box
    if abs(a2) >= abs(a1):  # mostly horizontal: solve for h2 at the left and right edges
        return np.array([[x0, -(a1 * x0 + c) / a2], [x1, -(a1 * x1 + c) / a2]])
    return np.array([[-(a2 * y0 + c) / a1, y0], [-(a2 * y1 + c) / a1, y1]])


def activation_panel(act: Activation, z: np.ndarray) -> dict:
    """f and f' around the data's pre-activations, their histograms and the saturated shares."""
    arg = z if act.elementwise else np.column_stack([z[:, 0] - z[:, 1], z[:, 1] - z[:, 0]])
    finite = np.abs(arg[np.isfinite(arg)])
    zmax = float(finite.max()) if finite.size else 0.0
    zlim = float(min(max(4.0, math.ceil(zmax * 1.05)), 20.0))
    curve = np.linspace(-zlim, zlim, 241)
    probe = curve if act.elementwise else np.column_stack([curve, np.zeros_like(curve)])
    f, fp = act.f(probe), act.der(probe)
    if not act.elementwise:
        f, fp = f[:, 0], fp[:, 0]
    edges = np.linspace(-zlim, zlim, HIST_BINS + 1)
    n = max(len(arg), 1)
    counts = [np.histogram(np.clip(arg[:, k], -zlim, zlim), bins=edges)[0] / n for k in range(2)]
    sat = saturated(act, z) if len(z) else np.zeros((0, 2), bool)
    return {
        "zlim": zlim,
        "curve_z": curve,
        "curve_f": f,
        "curve_df": fp,
        "bins": (edges[:-1] + edges[1:]) / 2,
        "hist1": counts[0],
        "hist2": counts[1],
        "saturated": [float(sat[:, k].mean()) if len(sat) else 0.0 for k in range(2)],
    }


def proba_histograms(proba: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Share of each class's points in each of PROBA_BINS equal bins of p over [0, 1]."""
    edges = np.linspace(0.0, 1.0, PROBA_BINS + 1)
    out = []
    for k in (0, 1):
        p = proba[y == k]
        out.append(np.histogram(p, bins=edges)[0] / max(len(p), 1))
    return out[0], out[1]


def hidden_view(
    params: Params, act: Activation, t: float, Xd: np.ndarray, yd: np.ndarray, fit: bool = False
) -> dict:
    """The hidden view at stage t: the grid's images, the drawn points by class, its range,
    the output line and the two sides it shades."""
    vertical, horizontal = grid_families()
    box = hidden_range(params, act, t, np.concatenate([vertical, horizontal, Xd]), fit)
    return {
        "hidden_v": _stage_nan(params, vertical, act, t),
        "hidden_h": _stage_nan(params, horizontal, act, t),
        "hidden_0": stage(params, Xd[yd == 0], act, t),
        "hidden_1": stage(params, Xd[yd == 1], act, t),
        "range": box,
        "shade_pos": clip_half_plane(box, params.w13, params.w23, params.b13),
        "shade_neg": clip_half_plane(box, -params.w13, -params.w23, -params.b13),
        "line": output_line(params, box),
    }


def compute_views(
    params: Params,
    act: Activation,
    t: float,
    X: np.ndarray,
    y: np.ndarray,
    drawn: np.ndarray,
    fit: bool = False,
) -> dict:
    """Every number the four views and the readouts show, for one state."""
    X, y = np.asarray(X, float).reshape(-1, 2), np.asarray(y, int)
    drawn = np.asarray(drawn, int)
    out = forward(params, X, act)
    hist0, hist1 = proba_histograms(out.proba, y)
    proba = proba_grid(params, act)
    return {
        "proba": proba,
        "boundary": nan_join(chain(boundary(proba))),
        **hidden_view(params, act, t, X[drawn], y[drawn], fit),
        "accuracy": float(accuracy_from_logit(out.logit, y)) if len(y) else 0.0,
        "logloss": float(loss_from_logit(out.logit, y, "bce")) if len(y) else 0.0,
        "det": det(params),
        "proba_hist0": hist0,
        "proba_hist1": hist1,
        **activation_panel(act, out.z),
    }
