"""Export replay: a standalone HTML file of the current run that opens and plays offline."""

import numpy as np
import pytest
from conftest import ARTIFACTS

from tinynet import datasets, model
from tinynet.explorer.data.points import drawn_subset
from tinynet.explorer.training.export import PLOTLY_BUNDLE, _file, replay_html


def open_offline(browser, path):
    """The file in a browser with no network: (its context, the page, the addresses it asked
    for, the errors and warnings it printed)."""
    offline = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    viewer = offline.new_page()
    asked, said = [], []
    viewer.on("request", lambda r: asked.append(r.url))
    viewer.on("console", lambda m: said.append(m.text) if m.type in ("error", "warning") else None)
    viewer.on("pageerror", lambda e: said.append(str(e)))
    viewer.goto(path.as_uri())
    return offline, viewer, asked, said


def test_export_needs_a_run_first(app_page):
    page = app_page.open()
    page.tab("training")
    page.page.click("#export-replay")
    page.until_text("export-message", "Train first")


def test_exported_replay_opens_offline_says_what_it_shows_and_plays_by_keyboard(
    app_page, browser, tmp_path
):
    page = app_page.open()
    page.train()
    page.tab("training")
    with page.page.expect_download(timeout=60_000) as info:
        page.page.click("#export-replay")
    assert info.value.suggested_filename == "tinynet-replay.html"
    path = tmp_path / "replay.html"
    info.value.save_as(path)
    assert "Exported the replay of 150 steps" in page.text("export-message")
    assert path.stat().st_size < 1.7e6  # the plotly bundle and the run's numbers
    # The page put plotly.js in from its own assets, made safe inside <script> as Python does.
    assert _file(PLOTLY_BUNDLE) in path.read_text(encoding="utf-8")

    offline, viewer, asked, said = open_offline(browser, path)
    viewer.wait_for_function("() => window.tinynetReplay && window.tinynetReplay.playing()")
    # It plays on opening. The keyboard: Play/Pause is the page's first stop, then the slider
    # and the speed.
    stops = []
    for _ in range(3):
        viewer.keyboard.press("Tab")
        stops.append(viewer.evaluate("document.activeElement.id"))
    assert stops == ["play", "epoch", "speed"]
    viewer.focus("#play")
    viewer.keyboard.press("Enter")  # Pause
    viewer.wait_for_function("() => !window.tinynetReplay.playing()")
    viewer.focus("#epoch")
    viewer.keyboard.press("Home")
    viewer.wait_for_function("() => window.tinynetReplay.shown() === 0")
    assert viewer.title() == "tinynet replay: Tanh on Two parabolas"
    about = viewer.inner_text(".about")
    for words in ("SGD", "learning rate 0.05", "batch 16", "seed 42", "2,000 points",
                  "accuracy 100.0%"):  # fmt: skip
        assert words in about, about
    assert viewer.inner_text("#status").startswith("Epoch 0 of 150")
    hidden = "() => document.getElementById('hidden-view').data[2].x.slice(0, 5)"
    first = viewer.evaluate(hidden)
    viewer.select_option("#speed", "whole")
    viewer.focus("#play")
    viewer.keyboard.press("Enter")
    viewer.wait_for_function("() => document.getElementById('status').textContent"
                             ".startsWith('Epoch 150 of 150')", timeout=30_000)  # fmt: skip
    assert "accuracy 100.0%" in viewer.inner_text("#status")
    assert viewer.evaluate(hidden) != first  # the hidden points moved as the run trained
    # The slider by keyboard, and Pause while playing: no error, the epoch stays.
    viewer.focus("#epoch")
    viewer.keyboard.press("Home")
    viewer.wait_for_function("() => window.tinynetReplay.shown() === 0")
    viewer.select_option("#speed", "slow")
    viewer.click("#play")
    viewer.wait_for_function("() => window.tinynetReplay.shown() >= 2")
    viewer.click("#play")  # Pause
    stopped = viewer.evaluate("window.tinynetReplay.shown()")
    viewer.evaluate("() => new Promise(r => setTimeout(r, 300))")
    assert viewer.evaluate("window.tinynetReplay.shown()") == stopped
    assert viewer.inner_text("#play") == "Play"
    viewer.screenshot(path=str(ARTIFACTS / "exported-replay.png"))
    assert [u for u in asked if not u.startswith("file:")] == []
    assert said == []
    offline.close()


def test_the_replays_views_are_the_models_numbers(app_page, browser, tmp_path):
    """The file draws each epoch with the explorer's browser maths: the hidden points at the
    last epoch are model.forward's, to rounding."""
    X, y = datasets.load("parabola")
    result = model.train(X, y, epochs=20)
    run = {"trajectory": result.trajectory.tolist(), "at": list(range(21))}
    drawn = drawn_subset(len(y))
    text = replay_html(run, X, y, drawn, model.resolve("tanh"), "t", "a", autoplay=False)
    path = tmp_path / "r.html"
    path.write_text(text)
    viewer = browser.new_page()
    viewer.goto(path.as_uri())
    viewer.wait_for_function("() => window.tinynetReplay")
    viewer.evaluate("() => window.tinynetReplay.draw(20)")
    shown = viewer.evaluate(
        "() => [0, 1].map(k => { const d = document.getElementById('hidden-view').data[2 + k];"
        " return d.x.map((x, i) => [x, d.y[i]]); })"
    )
    h = model.forward(result.params, X[drawn], model.resolve("tanh")).h
    yd = y[drawn]
    for k in (0, 1):
        assert np.allclose(shown[k], h[yd == k], atol=1e-9)
    viewer.close()


@pytest.mark.parametrize("hidden", [(1, 3), (2, 2)])
def test_another_networks_replay_draws_each_layer_offline_with_the_models_numbers(
    browser, tmp_path, hidden
):
    X, y = datasets.load("circles", 400, 0.05, 0)
    result = model.train(X, y, hidden=hidden, epochs=12)
    run = {"trajectory": result.trajectory.tolist(), "at": list(range(13))}
    drawn = drawn_subset(len(y))
    act = model.resolve("tanh")
    text = replay_html(run, X, y, drawn, act, "t", "a", autoplay=False, hidden=hidden)
    three = "window.tinynetPlotly3d = window.Plotly" in text
    assert three == (3 in hidden)  # the 3-D bundle only when needed
    path = tmp_path / "r.html"
    path.write_text(text)
    offline, viewer, asked, said = open_offline(browser, path)
    viewer.wait_for_function("() => window.tinynetReplay")
    viewer.evaluate("() => window.tinynetReplay.draw(12)")
    run_end = model.forward(result.params, X[drawn], act)
    yd = y[drawn]
    for layer, units in enumerate(hidden, start=1):
        shown = viewer.evaluate(
            """n => { const d = document.getElementById('layer-view-' + n);
                 const t = d.data.find(t => t.name === 'class 1');
                 return ['x', 'y', 'z'].filter(a => t[a]).map(a => t[a]); }""",
            layer,
        )
        want = run_end.hs[layer - 1][yd == 1]
        got = np.array(shown, float).T
        if units == 1:
            got = got[:, :1]  # a line: the value across, the class up
        assert np.allclose(got, want, atol=1e-9), (hidden, layer)
    # Every layer's box is the run's, not the epoch's: the same at the first epoch.
    ranges = (
        "() => [...document.querySelectorAll('.view')].map(d => d.layout && (d.layout.xaxis"
        " && !d.layout.scene ? d.layout.xaxis.range : d.layout.scene.xaxis.range))"
    )
    last = viewer.evaluate(ranges)
    viewer.evaluate("() => window.tinynetReplay.draw(0)")
    assert viewer.evaluate(ranges) == last
    if 3 in hidden:
        assert viewer.evaluate("() => document.querySelectorAll('#layer-view-2 canvas').length")
    viewer.screenshot(path=str(ARTIFACTS / f"exported-replay-{len(hidden)}-{hidden[-1]}.png"))
    assert [u for u in asked if not u.startswith("file:")] == []
    # The browser's own advice on WebGL readback (SwiftShader here) is no error of the file's.
    print(said)
    assert [m for m in said if "willReadFrequently" not in m and "GPU stall" not in m] == []
    offline.close()
