"""Hostile input: thousands of malformed payloads posted to every callback endpoint. The server
never answers 500 or shows a traceback, refuses what it cannot read with a short 400, handles
every hostile value inside a well-formed request (200, or 204 for "nothing to do"), and answers
correctly afterwards."""

import json
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from servers import callback_body, find_callback, page_values, server_callbacks

from tinynet import create_app
from tinynet.explorer.state import State

APP = create_app()
CLIENT = APP.server.test_client()
DEPS = server_callbacks(CLIENT.get("/_dash-dependencies").get_json())
VALID = {
    **page_values(State(dataset="xor", samples=24, noise=0.0, data_seed=0)),
    ("url", "search"): "?w11=2",
}
hostile = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.sampled_from([10**400, -(10**400), 10**4000])  # past float, past int("...")'s limit
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([1e200, -1e200, 1e-300, 1.7e308])
    | st.text(max_size=40)
    | st.sampled_from(["", "tanh", "nan", "1e309", "-inf", "__import__('os')", "../../etc"]),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=6), inner, max_size=6)
    ),
    max_leaves=25,
)


def post(payload) -> tuple[int, bytes]:
    text = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    r = CLIENT.post("/_dash-update-component", data=text, content_type="application/json")
    return r.status_code, r.get_data()


@pytest.mark.parametrize("dep", DEPS, ids=[d["output"][:40] for d in DEPS])
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_values_in_a_well_formed_request_are_handled(dep, data):
    names = [(i["id"], i["property"]) for i in dep["inputs"] + dep["state"]]
    values = dict(VALID)
    for name in names:
        if data.draw(st.booleans(), label=f"break {name}"):
            values[name] = data.draw(hostile, label=str(name))
    changed = data.draw(st.sampled_from([i["id"] for i in dep["inputs"]]), label="changed")
    status, text = post(callback_body(dep, values, changed))
    assert status in (200, 204), (status, text[:300])
    assert b"Traceback" not in text


@settings(max_examples=400, deadline=None)
@given(payload=st.one_of(hostile, st.text(max_size=200), st.binary(max_size=200)))
def test_malformed_bodies_get_a_short_400_never_a_500(payload):
    status, text = post(payload)
    assert status in (200, 204, 400), (status, text[:300])
    assert b"Traceback" not in text and b'File "' not in text


def test_deeply_nested_json_is_refused_not_crashed():
    status, text = post("[" * 100_000 + "]" * 100_000)
    assert status == 400 and b"Traceback" not in text


def test_correct_answers_after_the_fuzz_and_memory_stays_bounded():
    make_data = find_callback(DEPS, "samples")
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for k in range(200):
        post("{" * (k + 1))
        post(callback_body(make_data, {**VALID, ("samples", "value"): "x" * 10_000}, "samples"))
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert grown < 20_000_000
    status, text = post(callback_body(make_data, {**VALID, ("samples", "value"): 30}, "samples"))
    answer = json.loads(text)["response"]
    assert status == 200 and len(answer["data"]["data"]["y"]) == 30
