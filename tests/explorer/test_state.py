import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinynet.explorer.limits import WEIGHT_LIMIT
from tinynet.explorer.state import State, TrainOptions, parse, parse_train
from tinynet.model import ACTIVATIONS, NAMES

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
keys = st.sampled_from(
    list(NAMES)
    + [
        "activation",
        "act_param",
        "dataset",
        "samples",
        "noise",
        "data_seed",
        "stage",
        "grid",
        "fit",
        "junk",
    ]
)


@given(raw=st.dictionaries(keys, json_values, max_size=12) | json_values)
def test_any_json_gives_a_valid_state_and_never_raises(raw):
    state, messages = parse(raw)
    assert isinstance(state, State)
    assert all(abs(v) <= WEIGHT_LIMIT for v in state.params.to_array())
    assert state.activation in ACTIVATIONS
    assert 0 <= state.stage <= 3 and 4 <= state.samples <= 20000
    assert all(isinstance(m, str) for m in messages)


@given(
    weights=st.lists(st.floats(-WEIGHT_LIMIT, WEIGHT_LIMIT), min_size=9, max_size=9),
    activation=st.sampled_from(list(ACTIVATIONS)),
    stage=st.floats(0, 3),
)
def test_a_valid_state_round_trips_without_messages(weights, activation, stage):
    raw = dict(zip(NAMES, weights), activation=activation, stage=stage)
    state, messages = parse(raw)
    assert messages == []
    again, messages = parse(json.loads(json.dumps(state.to_dict())))
    assert again == state and messages == []


def test_bad_values_keep_the_last_good_state_and_say_why():
    good = State(activation="relu")
    state, messages = parse({"w11": "abc", "activation": "relu6", "stage": float("nan")}, good)
    assert state == good
    assert len(messages) == 3
    assert "w11: 'abc' is not a number" in messages[0]
    assert "relu6" in messages[1] and "kept relu" in messages[1]


def test_weights_are_taken_as_they_are_past_the_sliders_ends():
    state, messages = parse({"w11": 12.345678901234, "w21": -731.5})
    assert (state.params.w11, state.params.w21) == (12.345678901234, -731.5) and messages == []


def test_numbers_are_clamped_to_their_ranges():
    state, messages = parse({"w12": 1e9, "samples": 10**400, "noise": -1})
    assert state.params.w12 == WEIGHT_LIMIT
    assert state.samples == 2000  # a number too big to be a float is refused, not clamped
    assert state.noise == 0.0
    assert len(messages) == 3


def test_a_new_data_set_brings_its_own_defaults():
    state, _ = parse({"dataset": "moons"})
    assert (state.samples, state.noise, state.data_seed) == (500, 0.1, 0)


def test_activation_parameter_only_where_there_is_one():
    assert parse({"activation": "tanh", "act_param": 0.5})[0].act_param is None
    leaky, _ = parse({"activation": "leaky_relu"})
    assert leaky.act_param == ACTIVATIONS["leaky_relu"].param.default
    elu, messages = parse({"activation": "elu", "act_param": 99})
    assert elu.act_param == ACTIVATIONS["elu"].param.high and messages


def test_long_strings_are_not_echoed_back():
    _, messages = parse({"activation": "x" * 10_000})
    assert len(messages[0]) < 300


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, "1e999", [], {}])
def test_non_finite_and_odd_weights_are_refused(value):
    state, messages = parse({"b13": value})
    assert state.params.b13 == 0.0 and messages


@pytest.mark.parametrize(
    "typed, value", [("0,05", 0.05), ("-1,5", -1.5), ("3,", 3.0), ("\u22122,5", -2.5)]
)
def test_a_decimal_comma_is_read_as_a_decimal_point(typed, value):
    state, messages = parse({"w11": typed})
    assert state.params.w11 == value and messages == []
    if value > 0:  # a learning rate is positive
        options, messages = parse_train({"lr": typed, "epochs": "150"})
        assert options.lr == value and messages == []


def test_a_number_that_is_not_one_keeps_the_value_and_says_so():
    options, messages = parse_train({"lr": "1,2,3"})
    assert options.lr == TrainOptions().lr
    assert messages == [f"lr: '1,2,3' is not a number; kept {TrainOptions().lr:g}"]
