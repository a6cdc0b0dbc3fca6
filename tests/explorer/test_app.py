"""The app factory and the server's side of the callbacks, through Flask's test client."""

import gzip
import json
import os

import pytest

from tinynet import create_app
from tinynet.explorer.limits import REQUEST_MAX_BYTES


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def post_data_callback(client, dataset, samples=500, noise=0.1, seed=0, current=None):
    body = {
        "output": "..data.data...samples.value...noise.value...data-seed.value..."
        "data-description.children...data-message.children..",
        "outputs": [
            {"id": "data", "property": "data"},
            {"id": "samples", "property": "value"},
            {"id": "noise", "property": "value"},
            {"id": "data-seed", "property": "value"},
            {"id": "data-description", "property": "children"},
            {"id": "data-message", "property": "children"},
        ],
        "inputs": [
            {"id": "dataset", "property": "value", "value": dataset},
            {"id": "samples", "property": "value", "value": samples},
            {"id": "noise", "property": "value", "value": noise},
            {"id": "data-seed", "property": "value", "value": seed},
        ],
        "state": [{"id": "data", "property": "data", "value": current}],
        "changedPropIds": ["samples.value"],
    }
    return client.post("/_dash-update-component", json=body)


def test_two_apps_in_one_process_each_have_their_callbacks():
    a, b = create_app(), create_app()
    assert a.callback_map and b.callback_map
    assert a.callback_map.keys() == b.callback_map.keys()


def test_the_page_and_its_layout_are_served(client):
    assert client.get("/").status_code == 200
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200 and b"input-graph" in layout.data


def test_data_callback_makes_the_chosen_set(client):
    r = post_data_callback(client, "moons", samples=120)
    assert r.status_code == 200
    out = r.get_json()["response"]
    assert len(out["data"]["data"]["X"]) == 120 and out["samples"]["value"] == 120


@pytest.mark.parametrize(
    "kwargs, word",
    [
        (dict(samples=-5), "samples"),
        (dict(samples="many"), "samples"),
        (dict(noise=1e308), "noise"),
        (dict(seed=[1, 2]), "data_seed"),
        (dict(samples=None), "samples"),
    ],
)
def test_bad_data_options_are_corrected_with_a_message(client, kwargs, word):
    r = post_data_callback(client, "moons", **kwargs)
    assert r.status_code == 200
    out = r.get_json()["response"]
    assert word in out["data-message"]["children"]


def test_an_unknown_data_set_changes_nothing(client):
    r = post_data_callback(client, "<script>alert(1)</script>")
    out = r.get_json()["response"]
    assert set(out) == {"data-message"}  # everything else stays as it was
    assert "not one of" in out["data-message"]["children"]


def test_garbage_for_the_current_data_is_ignored(client):
    r = post_data_callback(client, "moons", samples=None, current={"made_by": "junk"})
    assert r.status_code == 200


def test_oversized_requests_are_refused_before_parsing(client):
    blob = json.dumps({"x": "a" * (REQUEST_MAX_BYTES + 10)})
    r = client.post("/_dash-update-component", data=blob, content_type="application/json")
    assert r.status_code == 413


def test_dev_tools_are_off(client):
    assert client.get("/_reload-hash").get_json()["reloadHash"] is None  # no hot reload
    page = client.get("/").data
    assert b'"ui":false' in page and b'"props_check":false' in page


def test_the_vendored_plotly_bundle_is_the_python_packages_version():
    from plotly.offline import get_plotlyjs_version

    from tinynet.explorer.training.export import PLOTLY_BUNDLE

    head = PLOTLY_BUNDLE.read_text(encoding="utf-8")[:200]
    assert f"plotly.js (cartesian - minified) v{get_plotlyjs_version()}" in head


def test_the_compression_cache_stays_bounded_whatever_is_asked():
    from tinynet.explorer.serving import compression

    app = create_app()
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    script = next(s for s in page.split('"') if "vendor/plotly-cartesian" in s).split("?")[0]
    first = client.get(script, headers={"Accept-Encoding": "br"}).data
    cache = next(
        f.__self__ for f in app.server.after_request_funcs[None] if hasattr(f, "__self__")
    ).cache
    kept = len(cache.data)
    for k in range(300):  # a client adding a new query string each time
        answer = client.get(f"{script}?q={k}", headers={"Accept-Encoding": "br"})
        assert answer.status_code == 200 and answer.data == first
    assert len(cache.data) == kept  # no entry per query
    # Past the bounds nothing more is kept, and answers are still compressed.
    small = compression.StaticCache()
    for k in range(compression.MAX_ENTRIES + 50):
        small.set(f"br;static:/assets/{k}.js", b"x" * 100)
    assert len(small.data) == compression.MAX_ENTRIES
    small.set("br;static:/assets/big.js", b"x" * (compression.MAX_BYTES + 1))
    assert "br;static:/assets/big.js" not in small.data
    assert small.size <= compression.MAX_BYTES


def test_responses_are_compressed_and_scripts_compressed_once():
    from tinynet.explorer.serving.compression import warm

    app = create_app()
    client = app.server.test_client()
    assert warm(app.server) >= 10
    page = client.get("/").get_data(as_text=True)
    script = next(s for s in page.split('"') if "vendor/plotly-cartesian" in s)
    for encoding in ("br", "gzip"):
        answer = client.get(script, headers={"Accept-Encoding": encoding})
        assert answer.headers["Content-Encoding"] == encoding
        assert len(answer.data) < 600_000  # of 1.5 MB
    layout = client.get("/_dash-layout", headers={"Accept-Encoding": "br"})
    assert layout.headers["Content-Encoding"] == "br"


def test_an_asset_changed_on_disk_is_compressed_again(tmp_path):
    from flask import Flask

    from tinynet.explorer.serving.compression import compress

    server = Flask(__name__, static_folder=str(tmp_path), static_url_path="/assets")
    compress(server, tmp_path)
    script = tmp_path / "app.js"
    script.write_text("// first\n" + "var a = 1;\n" * 200)
    client = server.test_client()
    first = client.get("/assets/app.js?m=1", headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    assert b"first" in gzip.decompress(first.data)
    script.write_text("// second\n" + "var a = 2;\n" * 200)
    os.utime(script, ns=(script.stat().st_atime_ns, script.stat().st_mtime_ns + 10**9))
    again = client.get("/assets/app.js?m=2", headers={"Accept-Encoding": "gzip"})
    assert b"second" in gzip.decompress(again.data)
