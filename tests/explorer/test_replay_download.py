"""Export replay's server side (training/download.py): the export callback answers the run's
parts only, the network's template comes from /_replay/ (made and compressed once, cached by the
browser for good), and the two together, with plotly.js's bundles (the page's own assets) put
in, are exactly the file replay_html makes. The page's filling-in is tested in the browser
(tests/browser/test_replay_export.py, test_refusals.py)."""

import json

import brotli
import numpy as np
import pytest
from servers import callback_body, find_callback, page_values

from tinynet import create_app, model
from tinynet.explorer.data.points import drawn_subset, load_for
from tinynet.explorer.state import State
from tinynet.explorer.training.download import replay_words, template_path
from tinynet.explorer.training.export import (
    FILES,
    MARKER,
    RUN_PARTS,
    _file,
    fill,
    replay_html,
    replay_template,
    template_files,
)
from tinynet.model import architecture


@pytest.fixture(scope="module")
def app():
    return create_app()


def test_every_networks_template_has_each_part_once_and_no_bundle():
    for hidden in architecture.ALL:
        template = replay_template(hidden)
        found = sorted(m.groups() for m in MARKER.finditer(template))
        files = ["plotly", "gl3d"] if 3 in hidden else ["plotly"]
        assert found == sorted([("run", n) for n in RUN_PARTS] + [("file", f) for f in files])
        assert template_files(hidden) == tuple(files)
        assert len(template) < 200_000  # plotly.js comes from the page's own assets


def test_the_template_is_served_fingerprinted_cached_and_compressed_once(app):
    client = app.server.test_client()
    path = template_path((3, 3))
    plain = client.get(path)
    assert plain.status_code == 200
    assert plain.mimetype == "text/plain"  # a part of a file, never a page of this site
    assert "immutable" in plain.headers["Cache-Control"]
    assert plain.get_data(as_text=True) == replay_template((3, 3))
    cache = next(
        f.__self__ for f in app.server.after_request_funcs[None] if hasattr(f, "__self__")
    ).cache
    first = client.get(path, headers={"Accept-Encoding": "br"})
    kept = dict(cache.data)
    again = client.get(path, headers={"Accept-Encoding": "br"})
    assert again.headers["Content-Encoding"] == "br" and again.data == first.data
    assert brotli.decompress(again.data) == plain.data
    assert len(again.data) < len(plain.data) / 2
    assert cache.data == kept and any("/_replay/" in key for key in kept)
    # Another network has another name; a stale or made-up name is not found.
    assert template_path((3,)) != path
    network, stamp = path.rsplit("/", 1)[1].split(".", 1)
    for wrong in (f"{network}.{'0' * 16}.html", f"2-4-1.{stamp}", "..%2F..%2Fetc", network):
        assert client.get(f"/_replay/{wrong}").status_code == 404
    # However many names are asked for, only the real templates are kept.
    for k in range(200):
        answer = client.get(f"/_replay/{network}.{k:016x}.html", headers={"Accept-Encoding": "br"})
        assert answer.status_code == 404
        client.get(f"{path}?q={k}", headers={"Accept-Encoding": "br"})
    assert cache.data == kept


def run_of(hidden, epochs: int, data: dict) -> dict:
    """A run as the page keeps it: the weights at each epoch of a real training run."""
    X, y = np.asarray(data["X"]), np.asarray(data["y"])
    path = np.asarray(model.train(X, y, "tanh", epochs=epochs, hidden=hidden).trajectory)
    assert path.shape == (epochs + 1, architecture.count(hidden))
    return {
        "records": [
            {"at": float(k), "params": p.tolist(), "loss": 0.5 - k / 100, "accuracy": 0.5}
            for k, p in enumerate(path)
        ],
        "options": {"optimizer": "sgd", "lr": "0.3"},
    }


@pytest.mark.parametrize("hidden", [(2,), (2, 3)])
def test_the_export_answer_is_small_and_with_its_template_makes_replay_htmls_file(app, hidden):
    client = app.server.test_client()
    deps = json.loads(client.get("/_dash-dependencies").data)
    state = State(samples=2000).with_network(hidden)
    data = load_for(state)
    run = run_of(hidden, 30, data)
    values = {
        **page_values(State(samples=2000)),
        ("export-replay", "n_clicks"): 1,
        ("run", "data"): run,
        ("weights", "data"): run["records"][-1]["params"],
        ("architecture", "data"): list(hidden),
        ("data", "data"): data,
    }
    body = callback_body(find_callback(deps, "export-replay"), values, "export-replay")
    answer = client.post("/_dash-update-component", json=body)
    assert answer.status_code == 200
    assert len(answer.data) < 100_000  # the run's parts; the 1.5-3.4 MB template comes apart
    response = answer.get_json()["response"]
    made = response["replay-parts"]["data"]
    assert response["export-message"]["children"] == "Making the file..."
    assert "Exported the replay of 30 steps" in made["message"]
    assert made["template"] == template_path(hidden)
    template = client.get(made["template"]).get_data(as_text=True)
    # The file the page makes is the one replay_html makes from the same run.
    X, y = np.asarray(data["X"]), np.asarray(data["y"])
    checked = {
        "trajectory": [r["params"] for r in run["records"]],
        "at": [r["at"] for r in run["records"]],
        "loss": [r["loss"] for r in run["records"]],
        "accuracy": [r["accuracy"] for r in run["records"]],
    }
    act = model.resolve("tanh")
    heading, about = replay_words(run, checked, act, data, hidden)
    expected = replay_html(checked, X, y, drawn_subset(len(y)), act, heading, about, hidden=hidden)
    assert made["files"] == {name: FILES[name].name for name in template_files(hidden)}
    files = {name: _file(FILES[name]) for name in made["files"]}
    assert fill(template, made["parts"], files) == expected
    assert "@@tinynet-run:" not in expected
