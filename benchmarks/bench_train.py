"""Training speed: model.train against scikit-learn's MLPClassifier on the notebook's schedule,
beside two plain reference loops of exactly that schedule (so the overhead stays visible), and
train_many with 100 and 1000 seeds (float32, its default; 100 also in float64) against
MLPClassifier's one run.

    .venv/bin/python benchmarks/bench_train.py [--repeat 3] [--many 1000]

Prints the median of the repeats in seconds and the ratios of issue 13's bars: model.train
>= 12x faster than MLPClassifier; 100 runs in less time than MLPClassifier's one run; 1000
runs within 8x of it. Then 2-3-1 and 2-2-2-1 against MLPClassifier of the same sizes
(issue 19: >= 10x).
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
import warnings

import numpy as np

from tinynet import datasets, model

SCHEDULE = dict(activation="tanh", epochs=150, batch_size=16, lr=0.05, optimizer="sgd", seed=42)


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def sklearn_mlp(X, y, hidden=(2,)):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(
        hidden_layer_sizes=hidden,
        activation="tanh",
        solver="sgd",
        momentum=0.0,
        nesterovs_momentum=False,
        batch_size=16,
        learning_rate_init=0.05,
        max_iter=150,
        early_stopping=False,
        n_iter_no_change=10**9,
        tol=0.0,
        shuffle=True,
        random_state=42,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    return clf.score(X, y)


def numpy_loop(X, y):
    """The schedule as a tight NumPy loop anyone would write (no records, no checks)."""
    from tinynet.model.network import AUG, augment
    from tinynet.model.runs import epoch_order, initial_params

    theta = initial_params("glorot_normal", 42)[AUG]
    A, v, c = theta[:6].reshape(3, 2).copy(), theta[6:8].copy(), theta[8]
    xa, n = augment(X), len(X)
    for epoch in range(1, 151):
        order = epoch_order(42, epoch, n)
        for start in range(0, n, 16):
            idx = order[start : start + 16]
            xb, yb = xa[idx], y[idx]
            h = np.tanh(xb @ A)
            g = (1.0 / (1.0 + np.exp(-(h @ v + c))) - yb) / len(idx)
            dz = np.outer(g, v) * (1.0 - h * h)
            A -= 0.05 * (xb.T @ dz)
            v -= 0.05 * (h.T @ g)
            c -= 0.05 * g.sum()
    h = np.tanh(xa @ A)
    return float((((h @ v + c) > 0) == (y > 0.5)).mean())


def scalar_loop(X, y):
    """The schedule in plain Python floats with math.tanh, one point at a time."""
    from tinynet.model.network import AUG
    from tinynet.model.runs import epoch_order, initial_params

    a0, a1, a2, a3, a4, a5, v1, v2, c = initial_params("glorot_normal", 42)[AUG].tolist()
    points = [(float(p), float(q), float(t)) for (p, q), t in zip(X, y)]
    tanh, n = math.tanh, len(points)
    for epoch in range(1, 151):
        order = epoch_order(42, epoch, n).tolist()
        for start in range(0, n, 16):
            batch = [points[i] for i in order[start : start + 16]]
            s = 0.05 / len(batch)
            g0 = g1 = g2 = g3 = g4 = g5 = g6 = g7 = g8 = 0.0
            for x1, x2, t in batch:
                h1 = tanh(x1 * a0 + x2 * a2 + a4)
                h2 = tanh(x1 * a1 + x2 * a3 + a5)
                g = 0.5 * tanh(0.5 * (h1 * v1 + h2 * v2 + c)) + 0.5 - t
                g6 += g * h1
                g7 += g * h2
                g8 += g
                d1, d2 = g * v1 * (1.0 - h1 * h1), g * v2 * (1.0 - h2 * h2)
                g0 += d1 * x1
                g1 += d2 * x1
                g2 += d1 * x2
                g3 += d2 * x2
                g4 += d1
                g5 += d2
            a0, a1, a2, a3 = a0 - s * g0, a1 - s * g1, a2 - s * g2, a3 - s * g3
            a4, a5, v1, v2, c = a4 - s * g4, a5 - s * g5, v1 - s * g6, v2 - s * g7, c - s * g8
    right = 0
    for x1, x2, t in points:
        logit = v1 * tanh(x1 * a0 + x2 * a2 + a4) + v2 * tanh(x1 * a1 + x2 * a3 + a5) + c
        right += (logit > 0) == (t > 0.5)
    return right / n


def torch_loop(X, y):
    import torch

    torch.manual_seed(42)
    net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Tanh(), torch.nn.Linear(2, 1))
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    Xt = torch.tensor(X, dtype=torch.float64)
    yt = torch.tensor(y, dtype=torch.float64)[:, None]
    net = net.double()
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for _ in range(150):
        order = torch.randperm(len(Xt))
        for start in range(0, len(Xt), 16):
            idx = order[start : start + 16]
            opt.zero_grad()
            loss_fn(net(Xt[idx]), yt[idx]).backward()
            opt.step()
    with torch.no_grad():
        return float(((net(Xt) > 0).double() == yt).double().mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--many", type=int, default=1000, help="seeds for the big train_many")
    args = parser.parse_args()
    X, y = datasets.load("parabola")
    print(f"notebook schedule: parabola {len(X)} points, batch 16, 150 epochs, tanh, lr 0.05")

    t_train, result = timed(lambda: model.train(X, y, **SCHEDULE), args.repeat)
    print(f"model.train              {t_train:7.3f} s   accuracy {result.history.accuracy[-1]:.3f}")
    t_mlp, acc = timed(lambda: sklearn_mlp(X, y), args.repeat)
    print(f"sklearn MLPClassifier    {t_mlp:7.3f} s   accuracy {acc:.3f}")
    t_np, acc = timed(lambda: numpy_loop(X, y), args.repeat)
    print(f"reference: NumPy loop    {t_np:7.3f} s   accuracy {acc:.3f}")
    t_py, acc = timed(lambda: scalar_loop(X, y), args.repeat)
    print(f"reference: Python floats {t_py:7.3f} s   accuracy {acc:.3f}")
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch loop             (torch is not installed: skipped)")
    else:
        t_torch, acc = timed(lambda: torch_loop(X, y), 1)
        print(f"PyTorch loop (float64)   {t_torch:7.3f} s   accuracy {acc:.3f}")
    ratio = t_mlp / t_train
    print(
        f"ratio MLPClassifier / model.train = {ratio:.1f}x   (bar: >= 12x -> "
        f"{'met' if ratio >= 12 else 'NOT met'}); NumPy loop / model.train = "
        f"{t_np / t_train:.2f}x, Python floats / model.train = {t_py / t_train:.2f}x"
    )

    options = {k: v for k, v in SCHEDULE.items() if k != "seed"}
    t_100, runs = timed(lambda: model.train_many(X, y, range(100), **options), args.repeat)
    perfect = sum(r.history.accuracy[-1] == 1.0 for r in runs)
    print(f"train_many  100 seeds    {t_100:7.3f} s   {perfect} of 100 runs reach 100% (float32)")
    t_64, runs = timed(
        lambda: model.train_many(X, y, range(100), dtype=np.float64, **options), args.repeat
    )
    perfect = sum(r.history.accuracy[-1] == 1.0 for r in runs)
    print(f"  the same in float64    {t_64:7.3f} s   {perfect} of 100 runs reach 100%")
    t_big, runs = timed(lambda: model.train_many(X, y, range(args.many), **options), 1)
    perfect = sum(r.history.accuracy[-1] == 1.0 for r in runs)
    print(f"train_many {args.many:4d} seeds    {t_big:7.3f} s   {perfect} reach 100% (float32)")
    print(
        f"100 runs / MLPClassifier's one = {t_100 / t_mlp:.2f}x (bar: < 1 -> "
        f"{'met' if t_100 < t_mlp else 'NOT met'}); {args.many} runs / MLPClassifier's one = "
        f"{t_big / t_mlp:.1f}x (bar: <= 8 -> {'met' if t_big <= 8 * t_mlp else 'NOT met'})"
    )
    larger_networks(X, y, args.repeat)


def larger_networks(X, y, repeat: int) -> None:
    """Issue 19's bar: 2-3-1 and 2-2-2-1 on the same schedule, model.train >= 10x faster than
    MLPClassifier with the same hidden sizes, timed side by side (alternating, so that a
    busy moment of the machine falls on both)."""
    for hidden in [(3,), (2, 2)]:
        ours, theirs = [], []
        for _ in range(repeat):
            t, result = timed(lambda h=hidden: model.train(X, y, hidden=h, **SCHEDULE), 1)
            ours.append(t)
            t, acc = timed(lambda h=hidden: sklearn_mlp(X, y, h), 1)
            theirs.append(t)
        t_ours, t_theirs = statistics.median(ours), statistics.median(theirs)
        ratio = t_theirs / t_ours
        name = model.architecture.label(hidden)
        print(
            f"{name}: model.train {t_ours:6.3f} s (accuracy {result.history.accuracy[-1]:.3f}), "
            f"MLPClassifier {t_theirs:6.3f} s (accuracy {acc:.3f}): {ratio:.1f}x "
            f"(bar: >= 10x -> {'met' if ratio >= 10 else 'NOT met'})"
        )


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
