import numpy as np
import pytest

from tinynet import datasets
from tinynet.datasets import DATASETS, load
from tinynet.model import linearly_separable


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_set_is_two_classes_inside_the_view_box(name):
    X, y = load(name)
    assert X.dtype == float and X.shape == (DATASETS[name].default_samples, 2)
    assert y.dtype.kind == "i" and set(np.unique(y)) == {0, 1}
    assert np.abs(X).max() <= 1.0


@pytest.mark.parametrize("name", list(DATASETS))
def test_deterministic_per_seed(name):
    a, b, c = load(name, 300, 0.1, seed=1), load(name, 300, 0.1, seed=1), load(name, 300, 0.1, 2)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("n", [4, 5, 333])
def test_sample_counts_are_honoured(name, n):
    X, y = load(name, n_samples=n)
    assert len(X) == len(y) == n and set(np.unique(y)) == {0, 1}


def test_parabola_is_the_widgets_set_exactly():
    X, y = load("parabola")
    x1 = np.linspace(-1, 1, 1000)
    order = np.random.default_rng(13).permutation(2000)
    expected = np.concatenate([np.column_stack([x1, x1**2]), np.column_stack([x1, x1**2 - 0.5])])
    np.testing.assert_array_equal(X, expected[order])
    np.testing.assert_array_equal(y, np.repeat([0, 1], 1000)[order])


@pytest.mark.parametrize("seed", range(5))
def test_blobs_are_linearly_separable(seed):
    X, y = load("blobs", seed=seed)
    assert linearly_separable(X, y).separable


def test_xor_is_not_linearly_separable():
    assert not linearly_separable(*load("xor")).separable


def test_noise_spreads_the_points():
    clean, _ = load("moons", noise=0.0)
    noisy, _ = load("moons", noise=0.3)
    assert np.std(noisy - clean) > 0.05


@pytest.mark.parametrize(
    "kwargs, word",
    [
        (dict(name="iris"), "parabola"),
        (dict(n_samples=3), "n_samples"),
        (dict(n_samples=20001), "n_samples"),
        (dict(n_samples=10.5), "n_samples"),
        (dict(noise=-0.1), "noise"),
        (dict(noise=float("nan")), "noise"),
        (dict(noise=2.0), "noise"),
        (dict(noise="lots"), "noise"),
        (dict(seed=-1), "seed"),
        (dict(seed=2**33), "seed"),
    ],
)
def test_bad_arguments_name_themselves(kwargs, word):
    with pytest.raises(ValueError, match=word):
        load(**{"name": "moons", **kwargs})


def test_split_keeps_class_shares():
    X, y = load("moons", 500)
    Xtr, Xte, ytr, yte = datasets.split(X, y, 0.2, seed=1)
    assert len(Xte) == 100 and len(Xtr) == 400
    assert yte.mean() == pytest.approx(0.5) and ytr.mean() == pytest.approx(0.5)
    assert datasets.split(X, y, 0.0)[1].shape == (0, 2)
    with pytest.raises(ValueError, match="test_fraction"):
        datasets.split(X, y, 0.95)


def test_model_and_datasets_stay_off_the_ui_stack():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    forbidden = {
        "model": {"dash", "plotly", "tinynet.explorer", "tinynet.datasets"},
        "datasets": {"dash", "plotly", "tinynet.explorer", "tinynet.model"},
    }
    for package, banned in forbidden.items():
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    top = {name.split(".")[0], ".".join(name.split(".")[:2])}
                    assert not top & banned, f"{path.name} imports {name}"
