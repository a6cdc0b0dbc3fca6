"""Pasted weights: Keras and PyTorch conventions, tinynet JSON, and refusals (never eval)."""

import json

import numpy as np
import pytest

from tinynet import datasets, model
from tinynet.explorer.sharing.weights_io import WeightsError, read_weights
from tinynet.model import Params, architecture

# The course notebook's Keras run, as print(model.get_weights()) shows it (REFERENCE.md).
KERAS = """[array([[-4.776, -4.353],
       [-4.538,  4.010]], dtype=float32), array([-1.794,  1.698], dtype=float32), array([[ 6.391],
       [-6.525]], dtype=float32), array([5.3], dtype=float32)]"""
TORCH = """OrderedDict([('0.weight', tensor([[-4.7760, -4.5380],
        [-4.3530,  4.0100]])), ('0.bias', tensor([-1.7940,  1.6980])),
        ('2.weight', tensor([[ 6.3910, -6.5250]])), ('2.bias', tensor([5.3000]))])"""


def test_keras_kernels_are_transposed_into_w():
    params, how = read_weights(KERAS, "keras")
    np.testing.assert_allclose(params.W, [[-4.776, -4.538], [-4.353, 4.010]])
    assert (params.b11, params.b12, params.w13, params.w23, params.b13) == (
        -1.794,
        1.698,
        6.391,
        -6.525,
        5.3,
    )
    assert "transpose" in how


def test_the_notebooks_keras_weights_separate_the_parabolas():
    params, _ = read_weights(KERAS, "keras")
    X, y = datasets.load("parabola")
    logit = model.forward(params, X, "tanh").logit
    assert ((logit > 0) == (y == 1)).mean() == 1.0


def test_pytorch_weight_is_w_itself():
    keras, _ = read_weights(KERAS, "keras")
    torch, how = read_weights(TORCH, "pytorch")
    np.testing.assert_allclose(torch.to_array(), keras.to_array())
    assert "[out][in]" in how


def test_tinynet_json_round_trips():
    params = model.Params(*np.linspace(-2, 2, 9))
    text = json.dumps({**params.to_dict(), "activation": "tanh"})
    assert read_weights(text, "tinynet")[0] == params


def test_weights_past_the_sliders_are_taken_as_they_are_and_said():
    params, how = read_weights(KERAS.replace("-6.525", "-12.5"), "keras")
    assert params.w23 == -12.5 and "w23 lie past the sliders' ends" in how
    with pytest.raises(WeightsError, match="diverged"):
        read_weights(KERAS.replace("-6.525", "-1e9"), "keras")


@pytest.mark.parametrize(
    "text, fmt, words",
    [
        ("", "keras", "paste"),
        ("[1, 2, 3]", "keras", "found 3 numbers"),
        ("__import__('os').system('rm -rf /')", "pytorch", "found 0 numbers"),
        ("[nan, 1, 2, 3, 4, 5, 6, 7, 8]", "keras", "NaN"),
        ("{", "tinynet", "not valid JSON"),
        ('{"w11": 1}', "tinynet", "missing"),
        ('{"w11": "1"}', "tinynet", "missing"),
        ("[1,2,3,4,5,6,7,8,9]", "onnx", "formats"),
        ("1" * 30000, "keras", "characters"),
    ],
)
def test_bad_pastes_are_refused_with_a_reason(text, fmt, words):
    with pytest.raises(WeightsError, match=words):
        read_weights(text, fmt)


@pytest.mark.parametrize(
    "text, fmt, words",
    [
        ('{"w11": ' + "9" * 400 + ', "w12": 0}', "tinynet", "finite"),
        ('{"w11": ' + "9" * 5000 + "}", "tinynet", "finite"),
        ("[" * 5000 + "]" * 5000, "tinynet", "nested far too deep"),
        (" ".join(["9" * 400] * 9), "keras", "finite"),
    ],
)
def test_numbers_no_float_holds_and_deep_nesting_get_a_sentence(text, fmt, words):
    full = text
    if fmt == "tinynet" and text.startswith('{"w11"'):
        rest = ', "w21": 0, "w22": 1, "b11": 0, "b12": 0, "w13": 0, "w23": 1, "b13": 0}'
        full = text.rstrip("}") + ("" if '"w12"' in text else ', "w12": 0') + rest
    with pytest.raises(WeightsError, match=words):
        read_weights(full, fmt)


def _printed(params, fmt: str) -> str:
    """A network's weights as Keras's get_weights() or PyTorch's state_dict() print them."""
    if fmt == "keras":
        return (
            "["
            + ", ".join(
                f"array({W.T.tolist()}, dtype=float32), array({b.tolist()}, dtype=float32)"
                for W, b in params.layers
            )
            + "]"
        )
    return (
        "OrderedDict(["
        + ", ".join(
            f"('{2 * k}.weight', tensor({W.tolist()})), ('{2 * k}.bias', tensor({b.tolist()}))"
            for k, (W, b) in enumerate(params.layers)
        )
        + "])"
    )


@pytest.mark.parametrize("hidden", architecture.ALL)
@pytest.mark.parametrize("fmt", ["keras", "pytorch"])
def test_every_networks_keras_and_pytorch_weights_read_back(hidden, fmt):
    rng = np.random.default_rng(architecture.count(hidden))
    params = Params.from_array(rng.normal(size=architecture.count(hidden)).round(4), hidden)
    back, how = read_weights(_printed(params, fmt), fmt, hidden)
    assert back == params
    assert (architecture.label(hidden) in how) == (hidden != architecture.DEFAULT)


def test_a_count_two_networks_share_asks_for_the_network():
    params = Params.default((1, 3))
    with pytest.raises(WeightsError, match="13 numbers fit 2-3-1 and 2-1-3-1: pick the network"):
        read_weights(_printed(params, "pytorch"), "pytorch")
    # a count only one network has needs no picking
    back, _ = read_weights(_printed(Params.default((3, 3)), "keras"), "keras")
    assert back.hidden == (3, 3)


def test_tinynet_json_names_its_network():
    params = Params.default((2, 3))
    text = json.dumps({"hidden": "2,3", **params.to_dict(), "activation": "tanh"})
    assert read_weights(text, "tinynet")[0] == params
    assert read_weights(json.dumps(params.to_dict()), "tinynet")[0] == params  # by its names
    with pytest.raises(WeightsError, match="one or two hidden layers"):
        read_weights(json.dumps({"hidden": "4", **params.to_dict()}), "tinynet")
