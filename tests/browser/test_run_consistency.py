"""A run and the rest of the page hold together (issue 17, all seen broken on main): a lesson
moving on stops a run in motion and its preset stays; a step goes on from the epoch on screen;
the weights block follows the run; Check grades the picture on screen; a result that no longer
matches the picture says so; the charts never run ahead of the views; a new activation or data
closes the run; replays always play visibly, and the pace follows how much the picture moves."""

import re

from test_lesson_page import choose_lesson, press_check, wait_step

from tinynet import datasets, model
from tinynet.explorer.lessons.files import LESSONS
from tinynet.model import NAMES


def notebook_run() -> list:
    X, y = datasets.load("parabola")
    return model.train(X, y).trajectory.tolist()


def playing_until(page, epochs: int) -> None:
    page.until(
        "n => window.tinynetLive.playing && window.tinynetLive.shown >= n", epochs, timeout=90_000
    )


def records(page) -> list:
    return page.page.evaluate("() => window.tinynetLive.run.records")


def shown_epoch(page) -> float:
    return page.page.evaluate("() => window.tinynetLive.run.records[window.tinynetLive.shown].at")


def frames_pass(page, n: int = 30) -> None:
    """n animation frames go by (a run still playing would paint in them)."""
    page.page.evaluate(
        "n => new Promise(done => { const f = k => k ? requestAnimationFrame(() => f(k - 1)) "
        ": done(); f(n); })",
        n,
    )


def test_apply_preset_while_a_run_plays_stops_it_and_the_preset_stays(app_page):
    page = app_page.open()
    choose_lesson(page, "dead-relu")
    wait_step(page, 1, 4)
    preset = LESSONS["dead-relu"].steps[0].state.params.to_array().tolist()
    page.set_speed("slow")
    page.page.click("#train")
    playing_until(page, 3)
    page.page.click("#lesson-apply")
    page.until("() => !window.tinynetLive.playing")
    page.until("w => window.tinynetApp.shown.every((v, i) => v === w[i])", preset)
    page.quiet()
    frames_pass(page)
    assert page.shown_weights() == preset  # nothing of the run painted over it
    assert page.box("b11") == "-3"
    assert "Stopped at epoch" in page.text("train-message")
    assert page.page.evaluate("() => window.tinynetLive.pending") is None


def test_next_while_a_run_plays_stops_it_before_the_next_steps_picture(app_page):
    page = app_page.open()
    choose_lesson(page, "linear-maps")
    page.page.click("#lesson-next")
    wait_step(page, 2, 6)
    page.set_speed("slow")
    page.page.click("#train")
    playing_until(page, 3)
    page.page.click("#lesson-next")  # step 3 sets w21 = 1 over the first step's linear preset
    wait_step(page, 3, 6)
    preset = LESSONS["linear-maps"].steps[2].state.params.to_array().tolist()
    page.until("w => window.tinynetApp.shown.every((v, i) => v === w[i])", preset)
    page.quiet()
    frames_pass(page)
    assert page.shown_weights() == preset
    assert not page.page.evaluate("() => window.tinynetLive.playing")
    assert page.text("activation").strip().startswith("Linear")


def test_pause_then_one_epoch_goes_on_from_the_epoch_shown(app_page):
    page = app_page.open()
    page.set_speed("slow")
    page.page.click("#train")
    playing_until(page, 4)
    page.page.click("#pause")
    page.until("() => document.getElementById('pause').textContent === 'Resume'")
    paused = shown_epoch(page)
    page.page.click("#step-epoch")
    page.until(
        "s => !window.tinynetLive.task && window.tinynetLive.run.records.at(-1).at === s + 1",
        paused,
    )
    page.quiet()
    assert page.text("epoch-label").startswith(f"epoch {int(paused) + 1} of 150")
    assert page.text("pause") == "Resume"  # the same run, not a new one or a replay
    recs = records(page)
    assert [r["params"] for r in recs] == notebook_run()[: int(paused) + 2]
    curve = page.figure("history-graph")["data"][0]["x"]
    assert curve[-1] == paused + 1 and len(curve) == int(paused) + 2  # the charts were kept
    page.set_speed("max")
    page.page.click("#pause")  # Resume: on to the end, the notebook's run bit for bit
    page.until("() => document.getElementById('pause').textContent === 'Replay'", timeout=90_000)
    assert [r["params"] for r in records(page)] == notebook_run()


def test_a_step_after_scrubbing_back_drops_the_later_epochs_and_goes_on_from_there(app_page):
    page = app_page.open()
    page.tab("training")
    box = page.page.locator("#train-epochs")
    box.fill("30")
    box.press("Enter")
    page.quiet()
    page.train()
    thumb = page.page.locator("#epoch [role=slider]")
    thumb.focus()
    thumb.press("Home")
    for _ in range(10):
        thumb.press("ArrowRight")
    page.until_text("epoch-label", "epoch 10 of 30")
    page.page.click("#step-batch")
    page.until("() => !window.tinynetLive.task && window.tinynetLive.run.records.length === 12")
    page.quiet()
    X, y = datasets.load("parabola")
    ten = model.train(X, y, epochs=10)
    batch = model.train_chunk(X, y, [ten.state], epochs=11, max_updates=1, record_partial=True)
    recs = records(page)
    assert [r["at"] for r in recs][:11] == list(range(11)) and len(recs) == 12
    assert recs[10]["params"] == ten.params.to_array().tolist()
    assert recs[11]["at"] == batch.records[0][-1].at  # one mini-batch into epoch 11
    assert recs[11]["params"] == batch.records[0][-1].params.tolist()
    assert page.text("pause") == "Resume"
    assert page.shown_weights() == recs[-1]["params"]


def test_the_weights_block_follows_the_run_read_only_while_it_plays(app_page):
    page = app_page.open()
    page.set_speed("slow")
    page.page.click("#train")
    playing_until(page, 2)
    seen = []
    for epochs in (3, 6):
        playing_until(page, epochs)
        # Read between two frames: a frame writes the views and the block together.
        seen.append(
            page.page.evaluate(
                """names => { const L = window.tinynetLive;
                 const box = n => document.getElementById('box-' + n);
                 const range = n => document.querySelector('#' + n + ' .weight-range');
                 return { shown: L.run.records[L.shown].params,
                   boxes: names.map(n => box(n).value),
                   readOnly: names.every(n => box(n).readOnly),
                   ranges: names.map(n => Number(range(n).value)),
                   disabled: names.every(n => range(n).disabled),
                   det: document.getElementById('det').textContent }; }""",
                list(NAMES),
            )
        )
    for s in seen:
        p = s["shown"]
        assert s["readOnly"] and s["disabled"]
        assert s["boxes"] == [str(round(v, 4)).removesuffix(".0") for v in p]
        assert all(abs(r - max(-8, min(8, v))) <= 0.005 + 1e-9 for r, v in zip(s["ranges"], p))
        assert s["det"].startswith(f"det W = {p[0] * p[3] - p[1] * p[2]:.3f}")
    assert seen[0]["shown"] != seen[1]["shown"]  # they moved with the run
    assert seen[0]["boxes"][0] != "1"  # not the run's start, where the sliders used to stay
    page.page.click("#pause")
    page.until("() => !window.tinynetLive.playing")
    page.quiet()
    editable = page.page.evaluate(
        """() => [...document.querySelectorAll('.weight-box input')].every(b => !b.readOnly) &&
             [...document.querySelectorAll('.weight-range')].every(r => !r.disabled)"""
    )
    assert editable
    shown = page.shown_weights()
    assert [page.box(n) for n in NAMES] == [str(round(v, 4)) for v in shown]


def test_check_during_a_run_pauses_it_and_grades_the_picture_on_screen(app_page):
    page = app_page.open()
    choose_lesson(page, "xor")
    page.page.click("#lesson-next")
    wait_step(page, 2, 3)
    page.tab("activation")
    page.choose("activation", "Tanh")
    page.tab("lesson")
    page.set_speed("slow")
    page.page.click("#train")
    playing_until(page, 6)
    text = press_check(page)
    assert not page.page.evaluate("() => window.tinynetLive.playing")
    assert "to check the picture on screen" in page.text("train-message")
    header = re.search(r"Accuracy ([\d.]+)%", page.text("accuracy")).group(1)
    graded = re.findall(r"([\d.]+)%", text)
    assert header in graded, (header, text)


def test_a_check_result_says_when_the_picture_has_changed_since(app_page):
    page = app_page.open()
    choose_lesson(page, "linear-maps")
    page.page.click("#lesson-next")
    wait_step(page, 2, 6)
    assert "Not yet" in press_check(page)
    assert page.text("lesson-stale") == ""
    page.set_weight("w21", 0.5)
    page.until_text("lesson-stale", "Out of date")
    page.set_weight("w21", 0)  # back to what was checked: the result is current again
    page.until("() => document.getElementById('lesson-stale').textContent === ''")
    page.set_weight("w21", 1)
    page.until_text("lesson-stale", "Out of date")
    assert "Yes" in press_check(page)
    assert page.text("lesson-stale") == ""


def test_charts_show_what_the_views_showed_and_the_mark_sits_on_the_shown_epoch(app_page):
    page = app_page.open()
    page.set_speed("slow")
    page.page.click("#train")
    playing_until(page, 5)
    page.page.click("#pause")
    page.until("() => !window.tinynetLive.playing")
    paused = shown_epoch(page)
    assert len(records(page)) > paused + 5  # the page had fetched well ahead
    page.tab("training")  # opened after the pause: the charts get their real size now
    page.quiet()
    curve = page.figure("history-graph")["data"][0]["x"]
    assert max(curve) == paused
    mark = page.page.evaluate(
        """() => { const gd = document.querySelector('#history-graph .js-plotly-plot');
             const c = gd.querySelector('canvas.tinynet-marker');
             const fl = gd._fullLayout, xa = fl.xaxis, ya = fl.yaxis;
             const ctx = c.getContext('2d'), k = c.width / fl.width;
             const img = ctx.getImageData(0, 0, c.width, c.height).data;
             let cols = new Set(), top = Infinity, bottom = -Infinity;
             for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++)
               if (img[4 * (y * c.width + x) + 3] > 0) {
                 cols.add(Math.round(x / k));
                 top = Math.min(top, y / k); bottom = Math.max(bottom, y / k); }
             return { cols: [...cols], top: top, bottom: bottom,
                      expect: xa._offset +
                        xa.l2p(window.tinynetLive.run.records[window.tinynetLive.shown].at),
                      plotTop: ya._offset, plotBottom: ya._offset + ya._length }; }"""
    )
    assert mark["cols"] and all(abs(c - mark["expect"]) <= 2 for c in mark["cols"])
    assert mark["top"] >= mark["plotTop"] - 1 and mark["bottom"] <= mark["plotBottom"] + 1


def test_a_new_activation_or_data_closes_the_run(app_page):
    page = app_page.open()
    page.set_speed("slow")
    page.page.click("#train")
    playing_until(page, 3)
    page.tab("activation")
    page.choose("activation", "ReLU")
    page.until("() => window.tinynetLive.run === null")
    page.quiet()
    frames_pass(page)
    assert page.text("epoch-label") == "no run yet"
    assert "activation changed" in page.text("train-message")
    assert page.page.evaluate("() => document.getElementById('pause').disabled")
    page.train()
    page.tab("data")
    page.choose("dataset", "XOR")
    page.until("() => window.tinynetLive.run === null")
    assert "data changed" in page.text("train-message")


def test_replay_at_fastest_plays_visibly(app_page):
    page = app_page.open()
    page.train()
    page.page.evaluate(
        """() => { window.seen = new Set(); const L = window.tinynetLive;
             const tick = () => { window.seen.add(L.shown);
               if (L.playing || window.seen.size < 2) requestAnimationFrame(tick); };
             requestAnimationFrame(tick); }"""
    )
    page.page.click("#pause")  # Replay, at Fastest
    page.until("() => window.tinynetLive.playing")
    page.until(
        "() => !window.tinynetLive.playing && "
        "document.getElementById('pause').textContent === 'Replay'"
    )
    assert page.page.evaluate("window.seen.size") >= 30  # many epochs on the way, not a jump


def test_the_pace_follows_how_much_the_picture_changes(app_page):
    page = app_page.open()
    page.train()
    plan = page.page.evaluate(
        """() => { const run = window.tinynetLive.run;
             return { seconds: window.tinynetPace.plan(run, 16),
                      accuracy: run.records.map(r => r.accuracy) }; }"""
    )
    seconds, accuracy = plan["seconds"], plan["accuracy"]
    assert abs(sum(seconds) - 150 / 16) < 1e-6  # Normal keeps the run's total
    first = accuracy.index(1.0)  # where the boundary has done its moving
    even = first / 150
    assert sum(seconds[: first + 1]) / sum(seconds) > 3 * even
