"""How closely train_many's runs follow train's, measured over many seeds (prints, asserts nothing).

train_many trains a stack of runs in float32 by default (or float64 when asked); train trains one
run in float64. For each configuration below and each seed, the whole trajectory of parameters
and the training loss per epoch are compared: the typical (median) and worst differences over
the seeds are printed, with the worst seed, and the same for the same seeds trained in stacks of
different sizes (float32 results depend on what else is in the stack: the sums over a mini-batch
are made in blocks whose size depends on the number of runs).

    .venv/bin/python benchmarks/bench_precision.py            # 200 seeds per configuration
    .venv/bin/python benchmarks/bench_precision.py --seeds 40
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from tinynet import datasets
from tinynet.model import train, train_many

CONFIGS = [
    dict(data="parabola", activation="tanh"),  # the notebook's run
    dict(data="parabola", activation="relu"),
    dict(data="parabola", activation="sigmoid"),
    dict(data="circles", activation="relu", loss="mse"),
    dict(data="xor", activation="tanh", optimizer="adam", l2=0.001),
    dict(data="moons", activation="gelu", optimizer="momentum"),
    dict(data="xor", activation="tanh", optimizer="adam"),
    dict(data="parabola", activation="tanh", lr=5.0),
]


def differences(runs, alone) -> tuple[np.ndarray, np.ndarray]:
    """Per seed: the largest parameter and loss differences over the whole run (inf when the
    two stopped at different epochs)."""
    dp, dl = [], []
    for a, b in zip(runs, alone):
        if a.trajectory.shape != b.trajectory.shape:
            dp.append(np.inf)
            dl.append(np.inf)
            continue
        dp.append(np.abs(a.trajectory - b.trajectory).max())
        dl.append(np.abs(a.history.loss - b.history.loss).max())
    return np.array(dp), np.array(dl)


def spread(values: np.ndarray, seeds: list[int]) -> str:
    finite = values[np.isfinite(values)]
    stopped = int((~np.isfinite(values)).sum())
    worst = int(np.argmax(np.where(np.isfinite(values), values, -1)))
    text = (
        f"median {np.median(finite):.2g}, p95 {np.percentile(finite, 95):.2g}, "
        f"max {finite.max():.2g} (seed {seeds[worst]})"
    )
    return text + (f", {stopped} stopped at another epoch" if stopped else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=200)
    args = parser.parse_args()
    seeds = list(range(args.seeds))
    for config in CONFIGS:
        options = dict(config)
        X, y = datasets.load(options.pop("data"))
        t0 = time.perf_counter()
        alone = [train(X, y, seed=s, **options) for s in seeds]
        many32 = train_many(X, y, seeds, **options)
        many64 = train_many(X, y, seeds, dtype=np.float64, **options)
        pairs = train_many(X, y, seeds[:2], **options)  # the same seeds in a stack of two
        name = ", ".join(f"{k}={v}" for k, v in config.items())
        p32, l32 = differences(many32, alone)
        p64, l64 = differences(many64, alone)
        stack = differences(pairs, many32[:2])[0]
        print(f"{name}  ({len(seeds)} seeds, {time.perf_counter() - t0:.0f} s)")
        print(f"  float32 vs train, parameters: {spread(p32, seeds)}")
        print(f"  float32 vs train, losses:     {spread(l32, seeds)}")
        print(f"  float64 vs train, parameters: {spread(p64, seeds)}")
        print(f"  float32, seeds 0-1 in a stack of 2 vs of {len(seeds)}: max {stack.max():.2g}")


if __name__ == "__main__":
    main()
