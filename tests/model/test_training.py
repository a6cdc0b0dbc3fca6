import numpy as np
import pytest

from tinynet import datasets
from tinynet.model import INITS, OPTIMIZERS, Params, gradients, train, train_many
from tinynet.model.training import (
    FLOAT32_LOSS_MAX,
    FLOAT32_PARAMS_MAX,
    FLOAT32_PARAMS_MOST,
    FLOAT32_PARAMS_TYPICAL,
    FLOAT64_PARAMS_MAX,
)


def test_the_notebooks_schedule_reaches_100_percent_on_parabola(parabola):
    X, y = parabola
    result = train(X, y)  # tanh, 150 epochs, batch 16, lr 0.05, sgd, seed 42, Glorot normal
    assert result.history.accuracy[-1] == 1.0
    assert result.epochs_run == 150 and not result.diverged
    # Like the notebook's Keras run, the trained weights leave the widget's [-3, 3] range.
    assert np.abs(result.params.to_array()).max() > 3


def test_linear_units_cannot_separate_the_parabolas(parabola):
    X, y = parabola
    result = train(X, y, activation="linear", epochs=30)
    assert result.history.accuracy[-1] < 0.8


@pytest.mark.parametrize(
    "name, activation, factor",
    [
        ("parabola", "tanh", 0.95),
        ("moons", "tanh", 0.95),
        ("circles", "relu", 0.95),
        ("blobs", "sigmoid", 0.95),
        ("xor", "tanh", 0.95),
        ("spiral", "relu", 0.97),  # two units cannot follow a spiral: the loss falls a little
        ("gaussian", "relu", 0.95),
    ],
)
def test_loss_falls_on_every_data_set(name, activation, factor):
    X, y = datasets.load(name)
    result = train(X, y, activation=activation, epochs=40, optimizer="adam", lr=0.02)
    assert result.history.loss[-1] < factor * result.history.loss[0]


def test_same_seed_same_trajectory_and_different_seeds_differ(parabola):
    X, y = parabola
    a, b = train(X, y, epochs=5, seed=3), train(X, y, epochs=5, seed=3)
    np.testing.assert_array_equal(a.trajectory, b.trajectory)
    assert not np.array_equal(a.trajectory, train(X, y, epochs=5, seed=4).trajectory)


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
@pytest.mark.parametrize("l2", [0.0, 0.001])  # 0: one SGD run takes the signed loop (onerun.py)
def test_train_many_equals_train_per_seed(parabola, optimizer, l2):
    X, y = parabola
    X, y = X[:300], y[:300]
    seeds = [0, 1, 7, 42]
    options = dict(
        epochs=8, batch_size=16, lr=0.1, optimizer=optimizer, l2=l2, X_test=X[:50], y_test=y[:50]
    )
    many = train_many(X, y, seeds, dtype=np.float64, **options)
    for seed, run in zip(seeds, many):
        alone = train(X, y, seed=seed, **options)
        assert run.seed == seed
        np.testing.assert_allclose(run.trajectory, alone.trajectory, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(run.history.loss, alone.history.loss, rtol=1e-12)
        np.testing.assert_allclose(run.history.test_accuracy, alone.history.test_accuracy)
        # A stack sums the mini-batch gradients; one SGD run finds the sum from its steps.
        np.testing.assert_allclose(run.history.grad_norm, alone.history.grad_norm, rtol=1e-9)


@pytest.mark.parametrize(
    "name, activation, optimizer, lr",
    [
        ("parabola", "tanh", "sgd", 0.05),
        ("parabola", "relu", "momentum", 0.05),
        ("xor", "gelu", "adam", 0.02),
    ],
)
def test_train_many_keeps_to_train_as_stated_over_many_seeds(name, activation, optimizer, lr):
    """The documented figures (model/training.py), held over 40 seeds: the median run, 90% of
    runs and every run within their bounds of train's float64 run, in float32 and float64."""
    X, y = datasets.load(name)
    options = dict(activation=activation, optimizer=optimizer, epochs=60, lr=lr, l2=0.001)
    seeds = list(range(40))
    alone = [train(X, y, seed=s, **options) for s in seeds]
    single = train_many(X, y, seeds, **options)  # float32 by default
    double = train_many(X, y, seeds, dtype=np.float64, **options)
    p32, l32, p64 = [], [], []
    for a, s, d in zip(alone, single, double):
        assert s.trajectory.dtype == np.float64 and s.epochs_run == a.epochs_run == d.epochs_run
        p32.append(np.abs(s.trajectory - a.trajectory).max())
        l32.append(np.abs(s.history.loss - a.history.loss).max())
        p64.append(np.abs(d.trajectory - a.trajectory).max())
        assert np.abs(s.history.accuracy - a.history.accuracy).max() <= 0.01
    assert np.median(p32) <= FLOAT32_PARAMS_TYPICAL
    assert np.percentile(p32, 90) <= FLOAT32_PARAMS_MOST
    assert max(p32) <= FLOAT32_PARAMS_MAX and max(l32) <= FLOAT32_LOSS_MAX
    assert min(p32) > 0  # float32 really was used
    assert max(p64) <= FLOAT64_PARAMS_MAX


@pytest.mark.parametrize("dtype", ["float16", "int32", "no such type", None, np.complex128])
def test_train_many_names_a_precision_it_cannot_use(parabola, dtype):
    with pytest.raises(ValueError, match="dtype must be float64 or float32"):
        train_many(*parabola, seeds=[1, 2], epochs=1, dtype=dtype)


def test_history_and_trajectory_line_up():
    X, y = datasets.load("moons")
    Xtr, Xte, ytr, yte = datasets.split(X, y, 0.2)
    result = train(Xtr, ytr, epochs=12, X_test=Xte, y_test=yte)
    h = result.history
    for series in (h.loss, h.accuracy, h.grad_norm, h.test_loss, h.test_accuracy):
        assert series.shape == (13,) and np.isfinite(series).all()
    assert result.trajectory.shape == (13, 9)
    assert result.params_at(12) == result.params
    assert result.params_at(0) != result.params


def test_training_goes_on_from_given_params(parabola):
    X, y = parabola
    start = Params.default()
    result = train(X, y, epochs=3, params=start)
    assert result.params_at(0) == start


def test_one_full_batch_sgd_step_is_gradient_descent(parabola):
    X, y = parabola
    X, y = X[:64], y[:64]
    start = Params(0.5, -0.3, 0.2, 0.8, 0.1, -0.1, 0.7, -0.4, 0.05)
    for kind in ("bce", "mse"):
        result = train(X, y, epochs=1, batch_size=64, lr=0.3, params=start, loss=kind, l2=0.01)
        grad = gradients(start, X, y, "tanh", kind, 0.01).to_array()
        np.testing.assert_allclose(
            result.params.to_array(), start.to_array() - 0.3 * grad, rtol=1e-12
        )
        assert result.history.grad_norm[1] == pytest.approx(np.linalg.norm(grad), rel=1e-9)


def test_divergence_stops_with_finite_weights_and_advice(parabola):
    X, y = parabola
    result = train(X, y, activation="linear", lr=50.0, epochs=20)
    assert result.diverged
    assert np.isfinite(result.trajectory).all()
    assert "learning rate" in result.message and "50" in result.message
    assert result.params == result.params_at(result.epochs_run)
    assert len(result.history.loss) == result.epochs_run + 1


def test_train_many_freezes_each_run_where_it_diverged(parabola):
    X, y = parabola
    options = dict(activation="linear", lr=4.0, epochs=10, init="glorot_uniform")
    seeds = list(range(8))
    runs = train_many(X[:200], y[:200], seeds, dtype=np.float64, **options)
    assert all(r.diverged for r in runs)
    assert len({r.epochs_run for r in runs}) > 1  # they blew up at different epochs
    for seed, run in zip(seeds, runs):
        alone = train(X[:200], y[:200], seed=seed, **options)
        assert alone.epochs_run == run.epochs_run and alone.message == run.message
        # One run takes the lean 2-D path (onerun.py), a stack the stacked one: the same
        # maths, rounded differently, and a run that blows up grows its rounding with it.
        np.testing.assert_allclose(alone.trajectory, run.trajectory, rtol=1e-6)
        assert np.isfinite(run.trajectory).all()


@pytest.mark.parametrize(
    "options, word",
    [
        (dict(epochs=0), "epochs"),
        (dict(batch_size=1.5), "batch_size"),
        (dict(lr=-1), "lr"),
        (dict(lr=float("nan")), "lr"),
        (dict(optimizer="rmsprop"), "optimizer"),
        (dict(init="zeros"), "init"),
        (dict(l2=-0.1), "l2"),
        (dict(loss="hinge"), "loss"),
        (dict(seed=-1), "seed"),
        (dict(activation="relu6"), "activation"),
    ],
)
def test_bad_options_name_the_parameter(parabola, options, word):
    X, y = parabola
    with pytest.raises(ValueError, match=word):
        train(X, y, **options)


def test_train_many_needs_a_seed(parabola):
    with pytest.raises(ValueError, match="seed"):
        train_many(*parabola, seeds=[])


def test_keras_glorot_normal_is_truncated_at_two_standard_deviations():
    rng = np.random.default_rng(0)
    draws = np.stack([INITS["glorot_normal"].draw(rng) for _ in range(4000)])
    W, out, biases = draws[:, :4], draws[:, 6:8], draws[:, [4, 5, 8]]
    std = np.sqrt(2 / 4) / 0.87962566103423978  # Keras widens the std before cutting at 2
    assert np.abs(W).max() <= 2 * std
    assert W.std() == pytest.approx(np.sqrt(2 / 4), rel=0.03)  # the variance Keras aims for
    assert out.std() == pytest.approx(0.05, rel=0.05)
    assert not biases.any()


@pytest.mark.parametrize("init", list(INITS))
def test_every_init_is_seeded(init):
    a = INITS[init].draw(np.random.default_rng(5))
    b = INITS[init].draw(np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)
