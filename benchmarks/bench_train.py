"""Training speed: model.train against scikit-learn's MLPClassifier (and PyTorch when it is
installed) on the notebook's schedule, and train_many with 100 seeds against 1.

    .venv/bin/python benchmarks/bench_train.py [--repeat 3]

Prints the median of the repeats in seconds, and the ratios the project's bar is about:
train >= 5x faster than MLPClassifier; 100 runs in <= 3x the time of one.
"""

from __future__ import annotations

import argparse
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


def sklearn_mlp(X, y):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(
        hidden_layer_sizes=(2,),
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
    args = parser.parse_args()
    X, y = datasets.load("parabola")
    print(f"notebook schedule: parabola {len(X)} points, batch 16, 150 epochs, tanh, lr 0.05")

    t_train, result = timed(lambda: model.train(X, y, **SCHEDULE), args.repeat)
    print(f"model.train              {t_train:7.3f} s   accuracy {result.history.accuracy[-1]:.3f}")
    t_mlp, acc = timed(lambda: sklearn_mlp(X, y), args.repeat)
    print(f"sklearn MLPClassifier    {t_mlp:7.3f} s   accuracy {acc:.3f}")
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch loop             (torch is not installed: skipped)")
    else:
        t_torch, acc = timed(lambda: torch_loop(X, y), 1)
        print(
            f"PyTorch loop (float64)   {t_torch:7.3f} s   accuracy {acc:.3f}"
            f"   ratio torch/train {t_torch / t_train:5.1f}x"
        )
    print(f"ratio MLPClassifier / model.train = {t_mlp / t_train:.1f}x   (bar: >= 5x)")

    options = {k: v for k, v in SCHEDULE.items() if k != "seed"}
    t_one, _ = timed(lambda: model.train_many(X, y, [0], **options), args.repeat)
    t_many, runs = timed(lambda: model.train_many(X, y, range(100), **options), args.repeat)
    perfect = sum(r.history.accuracy[-1] == 1.0 for r in runs)
    print(f"train_many   1 seed      {t_one:7.3f} s")
    print(f"train_many 100 seeds     {t_many:7.3f} s   {perfect} of 100 runs reach 100%")
    print(
        f"ratio 100 runs / 1 run = {t_many / t_one:.1f}x   (bar: <= 3x; "
        f"a loop of 100 train calls would be ~100x)"
    )


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
