"""Heavy work besides training takes the heavy slot too: making a data set, reading an uploaded
CSV, grading a Check. While the slot is taken past the wait, each is refused as busy (503 with
Retry-After, which the page asks again after), never run beside training and never reported as
an unexpected error; with the slot free each is served."""

from __future__ import annotations

import base64
import contextlib

import pytest

from tinynet import create_app
from tinynet.explorer.serving import heavy
from tinynet.model import Params


@pytest.fixture
def client():
    return create_app().server.test_client()


def post(client, first: str, inputs: dict, state: dict = None, changed: str | None = None):
    """The callback whose inputs begin with `first` ("id.property"), as the page calls it when
    `changed` (else `first`) changes: `inputs` and `state` map "id.property" to values."""
    found = next(
        d
        for d in client.get("/_dash-dependencies").get_json()
        if f"{d['inputs'][0]['id']}.{d['inputs'][0]['property']}" == first
    )
    spec = found["output"]
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    outputs = [dict(zip(("id", "property"), p.split(".", 1))) for p in parts]

    def values(items, given):
        return [{**item, "value": given.get(f"{item['id']}.{item['property']}")} for item in items]

    body = {
        "output": spec,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": values(found["inputs"], inputs),
        "state": values(found["state"], state or {}),
        "changedPropIds": [changed or first],
    }
    return client.post("/_dash-update-component", json=body)


@contextlib.contextmanager
def slot_taken(monkeypatch):
    monkeypatch.setattr(heavy, "HEAVY_WAIT", 0.05)
    heavy.SLOT.acquire("holder")
    try:
        yield
    finally:
        heavy.SLOT.release("holder", 0.0)


def refused_then_served(client, monkeypatch, *call):
    with slot_taken(monkeypatch):
        busy = post(client, *call)
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    served = post(client, *call)
    assert served.status_code == 200
    return served.get_json()["response"]


def test_making_a_data_set_takes_the_slot(client, monkeypatch):
    inputs = {"dataset.value": "moons", "samples.value": 20000, "noise.value": 0.1}
    answer = refused_then_served(client, monkeypatch, "dataset.value", inputs, {}, "samples.value")
    assert len(answer["data"]["data"]["y"]) == 20000


def test_reading_an_upload_takes_the_slot(client, monkeypatch):
    text = "x1,x2,label\n" + "".join(f"{k / 10},{-k / 10},{k % 2}\n" for k in range(20))
    payload = {
        "contents": "data:text/csv;base64," + base64.b64encode(text.encode()).decode(),
        "filename": "points.csv",
    }
    answer = refused_then_served(
        client, monkeypatch, "upload-payload.data", {"upload-payload.data": payload}
    )
    assert len(answer["data"]["data"]["y"]) == 20


def test_a_busy_fit_is_a_refusal_the_page_retries_not_an_unexpected_error(client, monkeypatch):
    state = {
        "weights.data": Params.default().to_array().tolist(),
        "activation.value": "tanh",
        "data.data": {"X": [[0, 0], [1, 1], [0, 1], [1, 0]], "y": [0, 1, 1, 0]},
        "architecture.data": [2],
    }
    answer = refused_then_served(
        client, monkeypatch, "fit-output.n_clicks", {"fit-output.n_clicks": 1}, state
    )
    assert "separa" in str(answer["train-message"]["children"])


def test_a_check_takes_the_slot(client, monkeypatch):
    from tinynet.explorer.sharing.links import CONTROLS, control_values
    from tinynet.explorer.state import State, TrainOptions

    controls = dict(
        zip(
            [f"{cid}.{prop}" for cid, prop in CONTROLS],
            control_values(State(), TrainOptions()),
        )
    )
    state = {
        **controls,
        "lesson-pos.data": {"lesson": "third-unit", "step": 1},
        "weights.data": Params.default().to_array().tolist(),
        "act-param.value": None,
    }
    answer = refused_then_served(
        client, monkeypatch, "lesson-check.n_clicks", {"lesson-check.n_clicks": 1}, state
    )
    assert "Not yet" in str(answer)  # graded: the picture at the start does not pass
