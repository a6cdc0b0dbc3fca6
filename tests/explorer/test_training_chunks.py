"""The server's side of training: a run trained in stateless chunks (any worker can answer the
next one) follows model.train exactly; steps extend the same run; posted states are checked;
heavy work waits a bounded time for its slot or is refused as busy; fits and landscapes."""

from __future__ import annotations

import json
import threading
import time

import numpy as np
import pytest

from tinynet import create_app, datasets, model
from tinynet.explorer.limits import MEASURE_WORK_MAX
from tinynet.explorer.serving import heavy
from tinynet.explorer.state import TrainOptions, parse_points, parse_train
from tinynet.explorer.training.actions import fit_output, landscape
from tinynet.explorer.training.callbacks import CHUNK_RETRY_AFTER
from tinynet.explorer.training.chunks import (
    Refused,
    check_work,
    group_size,
    initial_weights,
    run_chunk,
)
from tinynet.model import Params, resolve

X, Y = datasets.load("parabola")
RECIPE = {"made_by": {"dataset": "parabola", "samples": 2000, "noise": 0.0, "data_seed": 13}}
PRESET_5 = Params(-3, 3, -3, -3, 1, -1, 0, 1, 0)
PRESET_6 = Params(-3, 0.4, -3, 3, 0.1, 1.8, 0, 1, 0)


def request(**changes) -> dict:
    base = {"options": {}, "activation": "tanh", "data": RECIPE, "goal": "run"}
    return {**base, **changes}


def whole_run(req: dict) -> tuple[list, dict]:
    """Chunk after chunk until the run is done, as the page asks; every answer through JSON."""
    answer = json.loads(json.dumps(run_chunk(req)))
    records = answer["records"][0]
    while not answer["done"]:
        answer = json.loads(json.dumps(run_chunk({**req, "runs": answer["runs"]})))
        records += answer["records"][0]
    return records, answer


def test_a_chunked_run_is_the_notebooks_run_bit_for_bit():
    records, answer = whole_run(request())
    direct = model.train(X, Y)
    assert np.array_equal([r["params"] for r in records], direct.trajectory)
    assert [r["loss"] for r in records] == direct.history.loss.tolist()
    assert records[-1]["accuracy"] == 1.0 and answer["runs"][0]["epoch"] == 150


def test_a_run_from_the_weights_shown_with_a_test_split():
    start = PRESET_5.to_array().tolist()
    opts = {"start": "sliders", "epochs": 5, "test_fraction": 0.25}
    records, _ = whole_run(request(options=opts, start=start))
    assert records[0]["params"] == start
    assert len(records) == 6 and all(r["test_accuracy"] is not None for r in records)


def test_steps_extend_the_same_run():
    first = run_chunk(request(options={"epochs": 3}))
    while not first["done"]:
        first = run_chunk(request(options={"epochs": 3}, runs=first["runs"]))
    epoch = run_chunk(request(options={"epochs": 3}, runs=first["runs"], goal="epoch"))
    assert [r["at"] for r in epoch["records"][0]] == [4.0]
    batch = run_chunk(request(options={"epochs": 3}, runs=epoch["runs"], goal="batch"))
    (rec,) = batch["records"][0]
    assert rec["at"] == pytest.approx(4 + 1 / 125) and batch["runs"][0]["batch"] == 1
    # The same as training 4 epochs and one more mini-batch in one go.
    state = model.train(X, Y, epochs=4).state
    more = model.train_chunk(X, Y, [state], epochs=10, max_updates=1)
    assert rec["params"] == more.states[0].params.tolist()


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_a_run_trains_again_from_where_it_started_to_any_epoch_it_has_shown(optimizer):
    """A fresh start sends its state at epoch 0; posted back with goal "epoch" and `until`, it
    trains to that epoch: the page's way to step from an epoch shown earlier (bit for bit)."""
    opts = {"optimizer": optimizer, "epochs": 30}
    fresh = json.loads(json.dumps(run_chunk(request(options=opts, ahead=3))))
    (start,) = fresh["start_runs"]
    assert start["epoch"] == 0 and start["step"] == 0
    records = fresh["records"][0]
    answer = {"runs": [start]}
    while not records or records[-1]["at"] < 12:
        answer = run_chunk(request(options=opts, goal="epoch", until=12, runs=answer["runs"]))
        records += [r for r in answer["records"][0] if r["at"] > records[-1]["at"]]
    direct = model.train(X, Y, epochs=12, optimizer=optimizer)
    assert [r["params"] for r in records][:13] == direct.trajectory.tolist()
    assert answer["runs"][0]["epoch"] == 12 and answer["done"]
    assert "start_runs" not in answer  # only a fresh start sends it


@pytest.mark.parametrize("until", [0, 5, 5001, 2.5, "7", True])
def test_an_epoch_step_that_ends_before_its_start_or_past_the_limit_is_refused(until):
    done = run_chunk(request(options={"epochs": 5}))
    while not done["done"]:
        done = run_chunk(request(options={"epochs": 5}, runs=done["runs"]))
    with pytest.raises(Refused, match="until must be a whole epoch after 5"):
        run_chunk(request(options={"epochs": 5}, goal="epoch", until=until, runs=done["runs"]))


def tampered(change) -> dict:
    answer = run_chunk(request(options={"optimizer": "adam"}))
    state = json.loads(json.dumps(answer["runs"][0]))
    change(state)
    return request(options={"optimizer": "adam"}, runs=[state])


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda s: s.update(step=s["step"] + 1), "update count"),
        (lambda s: s.update(epoch=10**6), "epoch must be"),
        (lambda s: s["params"].__setitem__(0, float("nan")), "finite"),
        (lambda s: s["params"].__setitem__(0, 1e9), "within"),
        (lambda s: s["optimizer"].pop("m"), "optimizer's memory"),
        (lambda s: s["optimizer"]["v"].__setitem__(2, -1.0), "negative"),
        (lambda s: s.update(seed=-3), "seed must be"),
        (lambda s: s.update(stopped="Training diverged"), "stopped"),
        (lambda s: s.update(grad_sum="lots"), "grad_sum"),
        (lambda s: s.pop("start_loss"), "incomplete"),
        # Whole numbers no float can hold (a 400-digit one) get the same sentences.
        (lambda s: s["params"].__setitem__(0, 10**400), "finite and within"),
        (lambda s: s["optimizer"]["m"].__setitem__(0, -(10**400)), "finite and within"),
        (lambda s: s["grad_sum"].__setitem__(1, 10**400), "finite and within"),
        (lambda s: s.update(start_loss=10**400), "start_loss must be"),
        (lambda s: s.update(hidden=[4]), "network"),
        (lambda s: s.update(hidden=[3]), "not the one it was started with"),
    ],
)
def test_a_tampered_run_is_refused_and_says_why(change, words):
    with pytest.raises(Refused, match=words):
        run_chunk(tampered(change))


@pytest.mark.parametrize(
    "req, words",
    [
        (request(goal="everything"), "goal"),
        (request(data={"X": "junk", "y": []}), "malformed"),
        (request(data={"X": [[10**400, 0]] + [[0, 0]] * 3, "y": [0, 1, 0, 1]}), "far too large"),
        (request(options={"start": "sliders"}, start=[10**400] * 9), "weights to start from"),
        (request(data={"made_by": {"dataset": "evil"}}), "recipe"),
        (request(count=0), "count"),
        (request(options={"epochs": 5000, "batch_size": 1}), "fewer epochs"),
        (request(options={"start": "sliders"}, start=["x"] * 9), "weights to start from"),
        (request(runs="lots"), "runs to go on"),
        ("not a request", "could not be read"),
    ],
)
def test_crafted_requests_get_a_reason(req, words):
    with pytest.raises(Refused, match=words):
        run_chunk(req)


def test_restarts_train_side_by_side_and_any_run_can_be_watched_again():
    req = request(options={"epochs": 12}, count=6)
    answer = run_chunk(req)
    while not answer["done"]:
        answer = run_chunk({**req, "runs": answer["runs"]})
    assert [s["seed"] for s in answer["runs"]] == list(range(42, 48))
    assert all(len(r) <= 1 for r in answer["records"])  # restarts keep only the latest
    again, _ = whole_run(request(options={"epochs": 12, "seed": 45}))
    assert again[-1]["params"] == pytest.approx(answer["records"][3][-1]["params"], abs=1e-12)


def test_a_page_that_needs_few_epochs_gets_no_more_and_the_run_is_the_same():
    first = run_chunk(request(ahead=10))
    assert first["runs"][0]["epoch"] == 10 and not first["done"]
    records = first["records"][0]
    answer = first
    while not answer["done"]:
        answer = run_chunk(request(runs=answer["runs"], ahead=40))
        assert answer["runs"][0]["epoch"] - records[-1]["at"] <= 40
        records += answer["records"][0]
    assert np.array_equal([r["params"] for r in records], model.train(X, Y).trajectory)


@pytest.mark.parametrize("ahead", [0, -3, 1.5, "10", True, 10**9])
def test_a_tampered_ahead_is_refused_with_a_reason(ahead):
    with pytest.raises(Refused, match="ahead must be a whole number"):
        run_chunk(request(ahead=ahead))


def test_work_beyond_the_limits_is_refused_with_what_to_change():
    with pytest.raises(Refused, match="fewer epochs or a larger batch"):
        check_work(TrainOptions(epochs=5000, batch_size=1), 2000)
    with pytest.raises(Refused, match="fewer runs"):
        check_work(TrainOptions(epochs=5000, batch_size=2000, restarts=200), 20000, runs=200)


def test_heavy_work_waits_a_bounded_time_then_the_server_says_busy(monkeypatch):
    monkeypatch.setattr(heavy, "HEAVY_WAIT", 0.05)
    heavy.SLOT.acquire("holder")
    try:
        with pytest.raises(heavy.Busy) as busy:
            run_chunk(request())
        response = busy.value.get_response()
        assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    finally:
        heavy.SLOT.release("holder", 0.0)
    assert run_chunk(request(options={"epochs": 1}))["runs"][0]["epoch"] == 1


@pytest.mark.parametrize(
    "preset, activation, answer",
    [
        (PRESET_5, "sigmoid", "Yes"),
        (PRESET_5, "linear", "No"),
        (PRESET_6, "tanh", "No"),
        (PRESET_6, "relu", "Yes"),
    ],
)
def test_fit_output_layer_answers_the_notebooks_question(preset, activation, answer):
    params, text = fit_output(preset, X, Y, resolve(activation))
    assert text.startswith(answer)
    assert (params.W == preset.W).all() and (params.b == preset.b).all()
    if answer == "Yes":  # the fitted weights as they are: the line separates
        logit = model.forward(params, X, activation).logit
        assert ((logit > 0) == (Y == 1)).all()


def test_landscape_is_the_loss_over_two_weights():
    run = model.train(X, Y, epochs=20)
    path = run.trajectory.tolist()
    land = landscape(run.params, X, Y, resolve("tanh"), "bce", 0.0, "w13", "w23", path)
    z = np.asarray(land["z"])
    assert z.shape == (41, 41) and np.isfinite(z).all()
    i, j = 7, 30
    probe = run.params.replace(w13=land["x"][i], w23=land["y"][j])
    # At most LANDSCAPE_POINTS of the points, a fixed sample, said in the note.
    assert "1,000 of the 2,000 points" in land["note"]
    pick = np.sort(np.random.default_rng(0).choice(2000, 1000, replace=False))
    assert z[j, i] == pytest.approx(model.loss(probe, X[pick], Y[pick], "tanh"))
    assert len(land["path"]) == 21 and land["here"] == [run.params.w13, run.params.w23]


def test_train_options_are_checked():
    opts, messages = parse_train(
        {"lr": "fast", "epochs": 10**7, "optimizer": "rmsprop", "start": "sliders"}
    )
    assert opts.lr == 0.05 and opts.epochs == 5000 and opts.optimizer == "sgd"
    assert opts.start == "sliders" and len(messages) == 3


@pytest.mark.parametrize(
    "X_, y_, words",
    [
        (None, None, "missing"),
        ([[0, 0]] * 3, [0, 1, 0], "4 to"),
        ([[0, "a"]] * 4, [0, 1, 0, 1], "not numbers"),
        ([[0, float("nan")]] * 4, [0, 1, 0, 1], "finite"),
        ([[0, 0]] * 4, [0, 2, 0, 1], "labels"),
        ([[0, 0]] * 4, [1, 1, 1, 1], "labels"),
    ],
)
def test_posted_points_are_checked(X_, y_, words):
    assert words in parse_points(X_, y_)[2]


def test_initial_weights_are_where_a_fresh_run_starts():
    opts = TrainOptions(seed=7, init="he_normal", epochs=3)
    first = run_chunk(request(options={"seed": 7, "init": "he_normal", "epochs": 3}))
    assert initial_weights(opts).to_array().tolist() == first["records"][0][0]["params"]


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def chunk_callback(client, req):
    body = {
        "output": "chunk-answer.data",
        "outputs": {"id": "chunk-answer", "property": "data"},
        "inputs": [{"id": "chunk-request", "property": "data", "value": req}],
        "state": [],
        "changedPropIds": ["chunk-request.data"],
    }
    return client.post("/_dash-update-component", json=body)


def test_the_chunk_callback_answers_with_the_requests_id(client):
    r = chunk_callback(client, {**request(options={"epochs": 2}), "id": "run-7"})
    answer = r.get_json()["response"]["chunk-answer"]["data"]
    assert answer["id"] == "run-7" and answer["runs"][0]["epoch"] == 2


def test_a_refused_chunk_is_an_answer_with_the_reason_not_an_error(client):
    r = chunk_callback(client, {**request(goal="all"), "id": "run-8"})
    assert r.status_code == 200
    answer = r.get_json()["response"]["chunk-answer"]["data"]
    assert answer["id"] == "run-8" and "goal" in answer["error"]


def test_a_busy_server_answers_a_chunk_with_busy_and_when_to_ask_again(client, monkeypatch):
    monkeypatch.setattr(heavy, "HEAVY_WAIT", 0.05)
    heavy.SLOT.acquire("holder")
    try:
        r = chunk_callback(client, {**request(), "id": "run-9"})
    finally:
        heavy.SLOT.release("holder", 0.0)
    # An answer, not an HTTP error: the page asks again after the pause for as long as it takes.
    assert r.status_code == 200
    answer = r.get_json()["response"]["chunk-answer"]["data"]
    assert answer == {"id": "run-9", "busy": CHUNK_RETRY_AFTER}


def test_a_full_queue_is_refused_at_once(monkeypatch):
    monkeypatch.setattr(heavy, "QUEUE_MAX", 0)
    monkeypatch.setattr(heavy, "HEAVY_WAIT", 30.0)  # the queue's bound answers, not the wait
    heavy.SLOT.acquire("holder")
    try:
        with pytest.raises(heavy.Busy):
            run_chunk(request())
    finally:
        heavy.SLOT.release("holder", 0.0)


def test_requests_queue_for_the_slot_and_each_is_served(monkeypatch):
    """Up to QUEUE_MAX requests (of different clients) wait their turn instead of being
    turned away."""
    monkeypatch.setattr(heavy, "HEAVY_WAIT", 30.0)
    monkeypatch.setattr(heavy, "_asker", lambda: (threading.current_thread().name, None))
    answers = []
    heavy.SLOT.acquire("holder")
    threads = [
        threading.Thread(target=lambda: answers.append(run_chunk(request(options={"epochs": 1}))))
        for _ in range(heavy.QUEUE_MAX)
    ]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while heavy.SLOT.waiting() < heavy.QUEUE_MAX and time.monotonic() < deadline:
        time.sleep(0.01)  # polls a condition: all of them are queued
    heavy.SLOT.release("holder", 0.0)
    for t in threads:
        t.join()
    assert len(answers) == heavy.QUEUE_MAX and all(a["done"] for a in answers)


def test_more_runs_than_a_request_may_measure_come_in_groups():
    """The measuring at an epoch's end (runs x points x parameters) is the block of work the
    chunk's deadline cannot cut: a request trains at most a group of runs, the page asks for
    the rest when the group is done, and the runs are the same as in one stack."""
    recipe = {"made_by": {"dataset": "moons", "samples": 20000, "noise": 0.1, "data_seed": 0}}
    tanh, gelu = model.resolve("tanh"), model.resolve("gelu")
    group = group_size(20000, (2,), tanh)
    assert group == MEASURE_WORK_MAX // (20000 * 9) == 20
    assert group_size(20000, (3, 3), tanh) == MEASURE_WORK_MAX // (20000 * 25) == 7
    assert group_size(20000, (2,), gelu) == 13  # GELU costs about half as much again
    assert group_size(2000, (2,), tanh) == 200  # the page's default points
    assert group_size(200, (3, 3), tanh) == 200  # never past RESTARTS_MAX
    req = request(data=recipe, options={"epochs": 2, "batch_size": 20000}, count=30)
    first = run_chunk(req)
    assert len(first["runs"]) == 20 and first["later"] == 10
    while not first["done"]:
        first = run_chunk({**req, "runs": first["runs"]})
    second = run_chunk({**req, "count": 10, "offset": 20})
    assert "later" not in second
    assert [r["seed"] for r in second["runs"]] == list(range(62, 72))  # seeds 42 + 20 on
    with pytest.raises(Refused, match="more than a request may train"):
        run_chunk({**req, "runs": first["runs"] + second["runs"][:5]})
    with pytest.raises(Refused, match="offset must be"):
        run_chunk({**req, "offset": -1})
    # A run of a group is the run it would be in any other stack (or alone).
    X, y = datasets.load("moons", 20000, 0.1, 0)
    while not second["done"]:
        second = run_chunk({**req, "count": 10, "offset": 20, "runs": second["runs"]})
    alone = model.train(X, y, epochs=2, batch_size=20000, seed=65)
    np.testing.assert_allclose(second["runs"][3]["params"], alone.params.to_array(), atol=1e-12)
