"""The server's side of training: each action on its own, and the callbacks through Flask."""

import numpy as np
import pytest

from tinynet import create_app, datasets, model
from tinynet.explorer.state import TrainOptions, parse_points, parse_train
from tinynet.explorer.training.actions import (
    Refused,
    check_work,
    fit_output,
    landscape,
    restarts,
    step,
    train_run,
)
from tinynet.model import Params, resolve

X, Y = datasets.load("parabola")
PRESET_5 = Params(-3, 3, -3, -3, 1, -1, 0, 1, 0)
PRESET_6 = Params(-3, 0.4, -3, 3, 0.1, 1.8, 0, 1, 0)


def test_train_is_the_notebooks_run_and_keeps_every_epoch():
    run = train_run(TrainOptions(), X, Y, resolve("tanh"), Params.default())
    direct = model.train(X, Y)
    assert run["accuracy"][-1] == 1.0 and run["epochs_run"] == 150
    np.testing.assert_allclose(run["trajectory"], direct.trajectory, atol=1e-11)
    assert len(run["loss"]) == 151 and run["test_loss"] is None


def test_train_from_the_sliders_with_a_test_split():
    opts = TrainOptions(start="sliders", epochs=5, test_fraction=0.25)
    run = train_run(opts, X, Y, resolve("tanh"), PRESET_5)
    assert run["trajectory"][0] == pytest.approx(PRESET_5.to_array().tolist())
    assert len(run["test_accuracy"]) == 6


def test_steps_move_the_weights_and_repeat_exactly():
    opts = TrainOptions(lr=0.5)
    one = step(opts, X, Y, resolve("tanh"), PRESET_5, "epoch", 0)
    assert one != PRESET_5 and step(opts, X, Y, resolve("tanh"), PRESET_5, "epoch", 0) == one
    batch = step(opts, X, Y, resolve("tanh"), PRESET_5, "batch", 3)
    assert batch != PRESET_5 and batch != one


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
    assert max(abs(params.w13), abs(params.w23), abs(params.b13)) <= 8.0
    assert (params.W == preset.W).all() and (params.b == preset.b).all()
    if answer == "Yes":  # scaled into the sliders' range, the line still separates
        logit = model.forward(params, X, activation).logit
        assert ((logit > 0) == (Y == 1)).all()


def test_restarts_summarise_and_any_run_can_be_loaded_again():
    opts = TrainOptions(restarts=6, epochs=30)
    result = restarts(opts, X, Y, resolve("tanh"), Params.default())
    assert [r["seed"] for r in result["runs"]] == list(range(42, 48))
    assert "of 6 runs reach 100%" in result["summary"]
    row = result["runs"][3]
    again = train_run(
        TrainOptions(epochs=30, seed=row["seed"]), X, Y, resolve("tanh"), Params.default()
    )
    assert again["trajectory"][-1] == pytest.approx(list(row["weights"].values()), abs=1e-11)


def test_work_beyond_the_limits_is_refused_with_what_to_change():
    with pytest.raises(Refused, match="fewer epochs or a larger batch"):
        check_work(TrainOptions(epochs=5000, batch_size=1), 2000)
    with pytest.raises(Refused, match="fewer runs"):
        check_work(TrainOptions(epochs=5000, batch_size=2000, restarts=200), 20000, runs=200)


def test_landscape_is_the_loss_over_two_weights():
    run = train_run(TrainOptions(epochs=20), X, Y, resolve("tanh"), Params.default())
    params = Params.from_array(run["trajectory"][-1])
    land = landscape(params, X, Y, resolve("tanh"), "bce", 0.0, "w13", "w23", run["trajectory"])
    z = np.asarray(land["z"])
    assert z.shape == (41, 41) and np.isfinite(z).all()
    i, j = 7, 30
    probe = params.replace(w13=land["x"][i], w23=land["y"][j])
    assert z[j, i] == pytest.approx(model.loss(probe, X, Y, "tanh"))
    assert len(land["path"]) == 21 and land["here"] == [params.w13, params.w23]


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


def post(client, output, outputs, inputs, state, changed):
    body = {
        "output": output,
        "outputs": outputs,
        "inputs": inputs,
        "state": state,
        "changedPropIds": changed,
    }
    return client.post("/_dash-update-component", json=body)


@pytest.fixture(scope="module")
def app_and_client():
    app = create_app()
    return app, app.server.test_client()


def _train_request(app, client, overrides=None, data=None):
    key = next(k for k in app.callback_map if k.startswith("..run.data"))
    spec = app.callback_map[key]
    state = []
    values = {
        "train-epochs": 150,
        "train-lr": 0.05,
        "train-batch_size": 16,
        "train-optimizer": "sgd",
        "train-loss": "bce",
        "train-init": "glorot_normal",
        "train-seed": 42,
        "train-l2": 0,
        "train-test_fraction": 0,
        "train-start": "init",
        "train-restarts": 100,
        "activation": "tanh",
        "act-param": 0,
        "data": data if data is not None else {"X": X.tolist(), "y": Y.tolist()},
    }
    values.update({n: v for n, v in Params.default().to_dict().items()})
    values.update(overrides or {})
    for s in spec["state"]:
        state.append({**s, "value": values.get(s["id"])})
    inputs = [{**i, "value": 1 if i["id"] == "train" else None} for i in spec["inputs"]]
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".")[1]} for o in key.strip(".").split("...")
    ]
    return post(client, key, outputs, inputs, state, ["train.n_clicks"])


def test_the_train_callback_trains_and_fills_the_sliders(app_and_client):
    app, client = app_and_client
    r = _train_request(app, client)
    assert r.status_code == 200
    out = r.get_json()["response"]
    assert out["run"]["data"]["accuracy"][-1] == 1.0
    assert abs(out["w11"]["value"]) > 1 and "Trained 150 epochs" in out["train-message"]["children"]


@pytest.mark.parametrize(
    "overrides, data, words",
    [
        ({"train-epochs": 10**9, "train-batch_size": 1}, None, "limit"),
        ({}, {"X": "junk", "y": []}, "malformed"),
        ({"activation": "__import__('os')"}, None, "Trained"),
    ],
)
def test_crafted_train_requests_get_a_message_not_an_error(app_and_client, overrides, data, words):
    app, client = app_and_client
    r = _train_request(app, client, overrides, data)
    assert r.status_code == 200
    assert words in r.get_json()["response"]["train-message"]["children"]


def test_initial_weights_are_where_a_fresh_run_starts():
    from tinynet.explorer.training.actions import initial_weights

    opts = TrainOptions(seed=7, init="he_normal", epochs=3)
    run = train_run(opts, X, Y, resolve("tanh"), Params.default())
    assert initial_weights(opts).to_array().tolist() == pytest.approx(run["trajectory"][0])
