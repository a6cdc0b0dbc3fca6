"""A bug or a broken install inside a callback: the traceback goes to the server's log and the
page gets a sentence (a training run stops with it), never a refused request and a page that
waits for ever. (Seen with numpy 1.26, which the bounds no longer allow: `ndarray` has no `.mT`.)"""

import logging

import pytest
from servers import callback_body, find_callback, page_values

from tinynet.explorer.app import create_app
from tinynet.explorer.training import callbacks as training_callbacks
from tinynet.model import Params

BROKEN = AttributeError("'numpy.ndarray' object has no attribute 'mT'")


def broken(*args, **kwargs):
    raise BROKEN


@pytest.fixture
def client():
    return create_app().server.test_client()


def post(client, input_id: str, changes: dict):
    deps = client.get("/_dash-dependencies").get_json()
    body = callback_body(find_callback(deps, input_id), {**page_values(), **changes}, input_id)
    return client.post("/_dash-update-component", json=body)


def test_a_failing_callback_is_logged_with_its_traceback_and_said_on_the_page(
    client, monkeypatch, caplog
):
    monkeypatch.setattr(training_callbacks, "fit_output", broken)
    with caplog.at_level(logging.ERROR, logger="tinynet.explorer"):
        weights = Params.default().to_array().tolist()
        answer = post(
            client, "fit-output", {("fit-output", "n_clicks"): 1, ("weights", "data"): weights}
        )
    assert answer.status_code == 200
    notice = answer.get_json()["sideUpdate"]["notice"]
    assert "unexpected error" in notice["children"] and "problem" in notice["className"]
    assert "weights-in" not in answer.get_json()["response"]  # nothing was changed
    record = next(r for r in caplog.records if "callback failed" in r.getMessage())
    assert record.exc_info and "mT" in caplog.text and "Traceback" in caplog.text


def test_a_failing_training_chunk_stops_the_run_with_a_sentence(client, monkeypatch, caplog):
    monkeypatch.setattr(training_callbacks, "run_chunk", broken)
    request = {"id": "run-1.1", "goal": "run", "options": {}, "activation": "tanh", "count": 1}
    with caplog.at_level(logging.ERROR, logger="tinynet.explorer"):
        answer = post(client, "chunk-request", {("chunk-request", "data"): request})
    said = answer.get_json()["response"]["chunk-answer"]["data"]
    assert said["id"] == "run-1.1" and said["error"].startswith("Training stopped.")
    assert "unexpected error" in said["error"]
    assert "Traceback" in caplog.text
