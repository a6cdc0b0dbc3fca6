"""Tiny networks beyond 2-2-1: the architecture's rules, Params.layers, and the general path's
maths against central differences, against the 2-2-1 fast paths and against itself in
chunks, stacks and the lean one-run loop."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tinynet import model
from tinynet.datasets import load
from tinynet.model import ACTIVATIONS, Params, architecture, forward, gradients, loss, mlp, resolve
from tinynet.model.leanmlp import LeanMLP, evaluate_lean
from tinynet.model.network import augment

KINKED = {"relu", "leaky_relu", "elu", "selu", "step", "softsign"}
OTHERS = [h for h in architecture.ALL if h != architecture.DEFAULT]
architectures = st.sampled_from(architecture.ALL)


def random_params(hidden, rng, scale=1.5):
    return Params.from_array(rng.uniform(-scale, scale, architecture.count(hidden)), hidden)


# -- the architecture ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "given_, expected",
    [
        (3, (3,)),
        ("3", (3,)),
        ("2,2", (2, 2)),
        (" 3 , 2 ", (3, 2)),
        ("2-3-2-1", (3, 2)),
        ("2-1-1", (1,)),
        ([2, 3], (2, 3)),
        ((1,), (1,)),
        (np.int64(2), (2,)),
    ],
)
def test_architectures_are_read_from_every_form(given_, expected):
    assert architecture.check(given_) == expected


@pytest.mark.parametrize(
    "bad",
    [
        0,
        4,
        (),
        (2, 2, 2),
        "2,x",
        "",
        "0",
        "4",
        "2,,2",
        "2-4-1",
        True,
        2.5,
        None,
        [2.0],
        "3; rm -rf",
        "1,2,3",
        (-1,),
        "９",
    ],
)
def test_an_architecture_outside_the_range_gets_a_sentence_naming_it(bad):
    with pytest.raises(ValueError, match="one or two hidden layers of 1 to 3 units"):
        architecture.check(bad)


def test_every_architecture_has_distinct_names_and_a_permutation():
    assert len(architecture.ALL) == 12 and architecture.ALL[1] == architecture.DEFAULT
    for hidden in architecture.ALL:
        names = architecture.names(hidden)
        assert len(set(names)) == len(names) == architecture.count(hidden)
        aug = architecture.augmented_order(hidden)
        assert sorted(aug.tolist()) == list(range(len(names)))
    assert architecture.names((2,)) == model.NAMES
    np.testing.assert_array_equal(architecture.augmented_order((2,)), model.network.AUG)


@settings(max_examples=60, deadline=None)
@given(hidden=architectures, seed=st.integers(0, 2**32 - 1))
def test_layers_round_trip_and_follow_torch_shapes(hidden, seed):
    p = random_params(hidden, np.random.default_rng(seed))
    layers = p.layers
    assert [W.shape for W, _ in layers] == architecture.shapes(hidden)
    assert Params.from_layers(layers) == p
    assert Params.from_dict(p.to_dict()) == p  # the architecture read from the names
    assert Params.from_array(p.to_array(), hidden) == p
    W, b = layers[0]
    assert p.W.tolist() == W.tolist() and p.b.tolist() == b.tolist()


def test_the_classroom_names_stay_for_2_2_1():
    p = Params(1, 2, 3, 4, 5, 6, 7, 8, 9)
    (W, b), (V, c) = p.layers
    assert W.tolist() == [[1, 2], [3, 4]] and b.tolist() == [5, 6]
    assert V.tolist() == [[7, 8]] and c.tolist() == [9]
    assert p.hidden == (2,) and p.w13 == 7


def test_wrong_shapes_and_names_are_refused_with_the_architecture():
    with pytest.raises(ValueError, match="2-3-1 network"):
        Params.from_array(np.zeros(9), (3,))
    with pytest.raises(ValueError, match=r"W shapes \[\(2, 2\), \(1, 2\)\]"):
        Params.from_layers([(np.zeros((2, 2)), np.zeros(2)), (np.zeros((1, 3)), np.zeros(1))])
    with pytest.raises(ValueError, match="hidden layers of 1 to 3"):
        Params.from_layers([(np.zeros((4, 2)), np.zeros(4)), (np.zeros((1, 4)), np.zeros(1))])
    with pytest.raises(AttributeError, match="2-3-1 network has no parameter 'w11'"):
        _ = Params.default((3,)).w11
    with pytest.raises(TypeError, match="13 parameters"):
        Params(1, 2, hidden=(3,))


def test_the_default_of_every_architecture_passes_the_plane_through():
    X = np.array([[0.3, -0.4], [-0.2, 0.9]])
    for hidden in architecture.ALL:
        out = forward(Params.default(hidden), X, "linear")
        # Through linear units the logit is x2 (x1 for one unit), as 2-2-1's w23 = 1 makes it.
        expected = X[:, 0] if 1 in hidden else X[:, 1]
        np.testing.assert_allclose(out.logit, expected, atol=1e-15)


# -- the maths ----------------------------------------------------------------------------


def numeric_gradient(params, X, y, act, kind, l2, eps=1e-6):
    theta, hidden = params.to_array(), params.hidden
    out = np.empty(len(theta))
    for i in range(len(theta)):
        step = np.zeros(len(theta))
        step[i] = eps
        up = loss(Params.from_array(theta + step, hidden), X, y, act, kind, l2)
        down = loss(Params.from_array(theta - step, hidden), X, y, act, kind, l2)
        out[i] = (up - down) / (2 * eps)
    return out


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@settings(max_examples=25, deadline=None)
@given(
    hidden=architectures,
    seed=st.integers(0, 2**32 - 1),
    kind=st.sampled_from(["bce", "mse"]),
    l2=st.sampled_from([0.0, 0.1]),
)
def test_general_gradients_match_central_differences(name, hidden, seed, kind, l2):
    rng = np.random.default_rng(seed)
    params = random_params(hidden, rng)
    X = rng.uniform(-1, 1, (6, 2))
    y = rng.integers(0, 2, 6)
    out = forward(params, X, name)
    if name in KINKED:
        assume(min(np.abs(z).min() for z in out.zs) > 1e-3)
    analytic = gradients(params, X, y, name, kind, l2).to_array()
    numeric = numeric_gradient(params, X, y, name, kind, l2)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(["bce", "mse"]))
def test_the_2_2_1_fast_path_equals_the_general_one(name, seed, kind):
    rng = np.random.default_rng(seed)
    params = random_params((2,), rng, 3)
    X, y = rng.uniform(-2, 2, (40, 2)), rng.integers(0, 2, 40)
    act = resolve(name)
    zs, hs, logit = mlp.forward(params.layers, X, act)
    fast = forward(params, X, act)
    np.testing.assert_allclose(fast.logit, logit, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fast.h, hs[0], rtol=1e-12, atol=1e-12)
    general = Params.from_layers(mlp.backprop(params.layers, X, y, act, kind, 0.05)).to_array()
    np.testing.assert_allclose(
        gradients(params, X, y, act, kind, 0.05).to_array(), general, rtol=1e-12, atol=1e-13
    )


def test_gradients_come_back_in_the_structure_given():
    rng = np.random.default_rng(1)
    params = random_params((2, 3), rng)
    X, y = rng.uniform(-1, 1, (10, 2)), rng.integers(0, 2, 10)
    as_layers = gradients(params.layers, X, y)
    assert isinstance(as_layers, list) and [g[0].shape for g in as_layers] == [
        (2, 2),
        (3, 2),
        (1, 3),
    ]
    assert Params.from_layers(as_layers) == gradients(params, X, y)


@pytest.mark.parametrize("hidden", OTHERS)
@pytest.mark.parametrize("name", ["tanh", "relu", "softmax", "gelu"])
def test_the_stacked_and_lean_gradients_are_backprop(hidden, name):
    rng = np.random.default_rng(7)
    act = resolve(name)
    rows = [random_params(hidden, rng) for _ in range(3)]
    X, y = rng.uniform(-1, 1, (16, 2)), rng.integers(0, 2, 16).astype(float)
    aug = architecture.augmented_order(hidden)
    theta = np.ascontiguousarray(np.stack([p.to_array()[aug] for p in rows]).T)
    xa = augment(X)
    stacked = mlp.StackGradient(theta, hidden, act, "bce", 0.01)(
        np.broadcast_to(xa, (3, *xa.shape)), y[:, None]
    )
    for r, p in enumerate(rows):
        want = Params.from_layers(mlp.backprop(p.layers, X, y, act, "bce", 0.01)).to_array()
        np.testing.assert_allclose(stacked[:, r], want[aug], rtol=1e-12, atol=1e-14)
        lean = LeanMLP(theta[:, r : r + 1].copy(), hidden, act, "bce", 0.01, times=0.5)
        got = lean(xa, xa.T.copy(), y[:, None])[:, 0]
        np.testing.assert_allclose(got, 0.5 * want[aug], rtol=1e-12, atol=1e-14)
        loss_lean = evaluate_lean(theta[:, r : r + 1], hidden, act, "bce", xa, y)[0][0]
        assert loss_lean == pytest.approx(loss(p, X, y, act), rel=1e-12)


# -- training -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def circles():
    return load("circles")


@pytest.mark.parametrize("hidden", [(1,), (3,), (2, 2), (3, 2)])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_run_in_chunks_is_the_run_of_one_call(circles, hidden, optimizer):
    X, y = circles
    whole = model.train(X, y, hidden=hidden, optimizer=optimizer, epochs=6, seed=3, l2=1e-3)
    assert whole.params.hidden == hidden and whole.trajectory.shape == (
        7,
        architecture.count(hidden),
    )
    options = dict(epochs=6, optimizer=optimizer, l2=1e-3)
    chunk = model.train_chunk(X, y, seeds=[3], hidden=hidden, max_updates=37, **options)
    while not chunk.done and chunk.states[0].epoch < 6:
        chunk = model.train_chunk(X, y, chunk.states, max_updates=50, **options)
    np.testing.assert_array_equal(chunk.states[0].params, whole.trajectory[-1])
    assert chunk.states[0].hidden == hidden and chunk.states[0].to_dict()["hidden"] == list(hidden)


@pytest.mark.parametrize("hidden", [(3,), (2, 2)])
def test_a_stack_follows_single_runs(circles, hidden):
    X, y = circles
    many = model.train_many(X, y, seeds=[0, 1, 2], hidden=hidden, epochs=8, dtype=np.float64)
    for seed, run in zip([0, 1, 2], many):
        alone = model.train(X, y, hidden=hidden, epochs=8, seed=seed)
        np.testing.assert_allclose(run.trajectory, alone.trajectory, rtol=0, atol=1e-12)
        np.testing.assert_allclose(run.history.loss, alone.history.loss, rtol=1e-12)


def test_resume_goes_on_in_the_same_architecture(circles):
    X, y = circles
    whole = model.train(X, y, hidden=(2, 3), epochs=5, seed=9)
    half = model.train(X, y, hidden=(2, 3), epochs=2, seed=9)
    rest = model.train(X, y, epochs=5, resume=half.state)
    np.testing.assert_array_equal(rest.params.to_array(), whole.params.to_array())
    assert rest.params.hidden == (2, 3)


def test_the_architecture_asked_for_must_agree_with_the_parameters(circles):
    X, y = circles
    with pytest.raises(ValueError, match="differ: 2-2-1, 2-3-1"):
        model.train(X, y, hidden=3, params=Params.default(), epochs=1)
    with pytest.raises(ValueError, match="hidden layers of 1 to 3 units"):
        model.train(X, y, hidden=(4,), epochs=1)
    with pytest.raises(ValueError, match="hidden layers of 1 to 3 units"):
        model.train_many(X, y, seeds=[1], hidden="2,x", epochs=1)


def test_the_2_2_1_start_is_drawn_as_before():
    # The general draw of a 2-2-1 network is the old one: glorot hidden kernel (Keras's
    # layout, transposed), zero biases, normal(0, 0.05) output kernel.
    rng = np.random.default_rng(42)
    kernel = model.initializers.glorot_normal(rng, 2, 2).reshape(2, 2)
    out = model.initializers.small_normal(rng, 2, 1)
    old = np.concatenate([kernel.T.reshape(4), [0.0, 0.0], out, [0.0]])
    np.testing.assert_array_equal(model.runs.initial_params("glorot_normal", 42), old)


def test_circles_need_a_third_unit(circles):
    X, y = circles
    two = model.train(X, y, epochs=150)
    three = model.train(X, y, hidden=(3,), epochs=150)
    assert two.history.accuracy[-1] < 0.9
    assert three.history.accuracy[-1] >= 0.98
