"""Training in a real Chromium: a run you watch (chunks from the server, epoch by epoch on the
page), pause and resume, steps that extend the run, replay, fits, restarts, blow-ups, a busy
server and a tampered request."""

import json

import pytest

from tinynet import datasets, model


def set_options(page, **options):
    page.tab("training")
    for field, value in options.items():
        box = page.page.locator(f"#train-{field}")
        box.fill(str(value))
        box.press("Enter")
    page.quiet()


def run_records(page) -> list:
    return page.page.evaluate("() => window.tinynetLive.run.records")


def hidden_points(page):
    return page.figure("hidden-graph")["data"][4]["x"][:20]


def epoch_shown(page) -> float:
    return page.page.evaluate("() => window.tinynetLive.run.records[window.tinynetLive.shown].at")


def test_a_run_is_watched_epoch_by_epoch_and_ends_with_its_true_weights(app_page):
    page = app_page.open()
    page.tab("training")
    page.set_speed("fast")
    # Every frame, note the counter and the loss curve's length, until the run has ended.
    page.page.evaluate(
        """() => { window.seen = new Set(); window.curve = new Set();
             const tick = () => {
               window.seen.add(document.getElementById('epoch-label').textContent.split(' of ')[0]);
               const gd = document.querySelector('#history-graph .js-plotly-plot');
               if (gd && gd.data && gd.data[0]) window.curve.add((gd.data[0].x || []).length);
               const ended = document.getElementById('pause').textContent === 'Replay';
               if (!ended) requestAnimationFrame(tick);
             };
             requestAnimationFrame(tick); }"""
    )
    page.page.click("#train")
    page.until("() => document.getElementById('pause').textContent === 'Replay'")
    page.quiet()
    assert page.page.evaluate("window.seen.size") > 10  # the counter went through many epochs
    assert page.page.evaluate("window.curve.size") > 3  # and the loss curve grew meanwhile
    assert "Trained 150 epochs (seed 42)" in page.text("train-message")
    assert page.text("accuracy").startswith("Accuracy 100.0%")
    X, y = datasets.load("parabola")
    final = model.train(X, y).params.to_array().tolist()
    assert page.shown_weights() == final  # the run's own numbers, not rounded or clamped
    assert page.box("w11") == str(round(final[0], 4))


def test_pause_stops_and_resume_goes_on_from_there(app_page):
    page = app_page.open()
    page.set_speed("slow")
    page.page.click("#train")
    page.until("() => window.tinynetLive.run && window.tinynetLive.shown >= 3")
    page.page.click("#pause")
    page.until("() => document.getElementById('pause').textContent === 'Resume'")
    paused_at = epoch_shown(page)
    page.quiet(frames=30)  # thirty frames later it still stands there
    assert epoch_shown(page) == paused_at
    records = run_records(page)
    k = [r["at"] for r in records].index(paused_at)
    assert page.shown_weights() == records[k]["params"]  # the sliders took the shown weights
    page.set_speed("max")
    page.page.click("#pause")  # Resume
    page.until("() => document.getElementById('pause').textContent === 'Replay'")
    records = run_records(page)
    assert [r["at"] for r in records] == list(range(151))  # one run, not started again
    X, y = datasets.load("parabola")
    assert records[-1]["params"] == model.train(X, y).params.to_array().tolist()


def test_steps_extend_the_same_run_its_counter_and_charts(app_page):
    page = app_page.open()
    set_options(page, epochs=20)
    page.train()
    page.page.click("#step-epoch")
    page.until_text("epoch-label", "epoch 21")
    page.page.click("#step-batch")
    page.until_text("epoch-label", "epoch 21.01")
    records = run_records(page)
    assert [r["at"] for r in records][-3:] == [20.0, 21.0, pytest.approx(21 + 1 / 125)]
    page.quiet()
    assert page.figure("history-graph")["data"][0]["x"][-1] == pytest.approx(21.008)
    assert page.shown_weights() == records[-1]["params"]


def test_a_step_with_no_run_starts_one_from_the_weights_shown(app_page):
    page = app_page.open()
    page.set_weight("w13", 0.5)
    start = page.shown_weights()
    page.page.click("#step-epoch")
    page.until_text("epoch-label", "epoch 1 of")
    records = run_records(page)
    assert records[0]["params"] == start and records[1]["at"] == 1.0
    assert "A new run from the weights shown" in page.text("train-message") or (
        "Now at" in page.text("train-message")
    )


def test_replay_plays_in_the_page_without_requests(app_page):
    page = app_page.open()
    page.train()
    page.set_speed("fast")
    page.requests.clear()
    page.page.evaluate("() => (window.tinynetLive.frames = [])")
    page.page.click("#pause")  # Replay
    page.until("() => document.getElementById('pause').textContent === 'Pause'")
    page.until("() => document.getElementById('pause').textContent === 'Replay'")
    assert page.page.evaluate("window.tinynetLive.frames.length") >= 100
    assert page.server_requests() == []


def test_the_epoch_slider_moves_every_view(app_page):
    page = app_page.open()
    page.train()
    end = hidden_points(page)
    thumb = page.page.locator("#epoch [role=slider]")
    thumb.focus()
    page.after_paint(lambda: thumb.press("Home"))
    page.until_text("epoch-label", "epoch 0 of 150")
    assert hidden_points(page) != end
    page.until(
        "() => !document.getElementById('accuracy').textContent.startsWith('Accuracy 100.0%')"
    )
    for _ in range(10):
        thumb.press("ArrowRight")
    page.until_text("epoch-label", "epoch 10 of 150")


@pytest.mark.parametrize(
    "preset, activation, answer",
    [
        (
            {"w11": -3, "w12": 3, "w21": -3, "w22": -3, "b11": 1, "b12": -1},
            "Sigmoid (logistic)",
            "Yes",
        ),
        ({"w11": -3, "w12": 0.4, "w21": -3, "w22": 3, "b11": 0.1, "b12": 1.8}, "Tanh", "No"),
        ({"w11": -3, "w12": 0.4, "w21": -3, "w22": 3, "b11": 0.1, "b12": 1.8}, "ReLU", "Yes"),
    ],
)
def test_fit_output_layer_on_the_notebooks_presets(app_page, preset, activation, answer):
    page = app_page.open()
    for name, value in preset.items():
        page.set_weight(name, value)
    if activation != "Tanh":
        page.tab("activation")
        page.choose("activation", activation)
    page.tab("training")
    page.page.click("#fit-output")
    page.until("() => /^(Yes|No):/.test(document.querySelector('#train-message').innerText)")
    assert page.text("train-message").startswith(answer)
    if answer == "Yes":
        page.until_text("accuracy", "Accuracy 100.0%")


def test_restarts_train_side_by_side_and_a_click_watches_one(app_page):
    page = app_page.open()
    set_options(page, epochs=40)
    page.tab("explore")
    box = page.page.locator("#train-restarts")
    box.fill("8")
    box.press("Enter")
    page.page.click("#run-restarts")
    page.until_text("restarts-message", "of 8 runs reach")
    assert (
        len(page.figure("restarts-graph")["data"][0]["x"])
        + len(page.figure("restarts-graph")["data"][1]["x"])
        == 8
    )
    page.set_speed("max")
    point = page.page.locator("#restarts-graph .scatterlayer .point").nth(2)
    point.click(force=True)
    page.until(
        "() => /Trained 40 epochs \\(seed 4[2-9]\\)/"
        ".test(document.querySelector('#train-message').innerText)"
    )
    assert "epoch 40 of 40" in page.text("epoch-label")


def test_a_blow_up_is_named_with_what_to_try(app_page):
    page = app_page.open()
    page.tab("training")
    page.choose("train-optimizer", "Momentum")
    set_options(page, lr=10)
    page.train()
    message = page.text("train-message")
    assert "blew up in epoch 1" in message and "learning rate ten times smaller" in message
    assert page.shown_weights() == run_records(page)[-1]["params"]  # the last good weights


def test_initial_weights_is_one_click_back_to_the_runs_start(app_page):
    page = app_page.open()
    page.train()
    page.tab("training")
    page.page.click("#init-weights")
    page.until_text("train-message", "starting weights")
    start = run_records(page)[0]["params"]
    page.until("r => window.tinynetApp.shown.every((v, i) => v === r[i])", start)


def test_a_busy_server_is_waited_for_and_the_run_goes_on(app_page):
    page = app_page.open()
    busy = {"left": 1}

    def once_busy(route):
        body = route.request.post_data or ""
        if busy["left"] and "chunk-request" in body:
            busy["left"] -= 1
            route.fulfill(status=503, headers={"Retry-After": "1"}, body="busy")
        else:
            route.continue_()

    page.page.route("**/_dash-update-component*", once_busy)
    page.train()
    assert busy["left"] == 0
    assert "Trained 150 epochs" in page.text("train-message")
    # Chromium itself logs the refused request; that, and only that, was expected.
    assert [e for e in page.errors if "status of 503" not in e] == []
    page.errors.clear()


def test_a_run_waits_as_long_as_the_server_answers_busy(app_page):
    """More busy answers than retry.js's three tries: the page keeps asking after each pause
    and the run ends as it would have."""
    page = app_page.open()
    busy = {"left": 4}

    def busy_answers(route):
        body = json.loads(route.request.post_data or "{}")
        asked = [i for i in body.get("inputs", []) if i.get("id") == "chunk-request"]
        if busy["left"] and asked and asked[0].get("value", {}).get("runs"):
            busy["left"] -= 1
            answer = {"id": asked[0]["value"]["id"], "busy": 0.2}
            route.fulfill(
                status=200,
                content_type="application/json",
                body=json.dumps({"multi": True, "response": {"chunk-answer": {"data": answer}}}),
            )
        else:
            route.continue_()

    set_options(page, epochs=600)
    page.page.route("**/_dash-update-component*", busy_answers)
    page.train()
    assert busy["left"] == 0
    assert "Trained 600 epochs" in page.text("train-message")


def test_a_tampered_chunk_request_stops_the_run_where_it_was(app_page):
    page = app_page.open()
    set_options(page, epochs=400)
    state = {"tampered": False}

    def tamper(route):
        body = route.request.post_data or ""
        if not state["tampered"] and '"runs"' in body and "chunk-request" in body:
            state["tampered"] = True
            data = json.loads(body)
            data["inputs"][0]["value"]["runs"][0]["step"] += 7
            route.continue_(post_data=json.dumps(data))
        else:
            route.continue_()

    page.page.route("**/_dash-update-component*", tamper)
    page.set_speed("max")
    page.page.click("#train")
    page.until_text("train-message", "Training stopped")
    assert "update count" in page.text("train-message")
    records = run_records(page)
    assert len(records) > 1 and page.text("pause") == "Resume"  # what was trained is kept
    shown = page.page.evaluate("() => window.tinynetLive.shown")
    page.quiet()
    assert page.shown_weights() == records[shown]["params"]


def test_more_restarts_than_a_request_may_train_come_in_groups(app_page):
    """On 20,000 points a request trains at most 20 runs of 2-2-1 (training/chunks.py
    group_size): 30 restarts are two groups, one after the other, every run on the plot and
    in the summary, each the run its seed gives."""
    page = app_page.open("?dataset=moons&samples=20000&noise=0.1&data_seed=0")
    set_options(page, epochs=2, batch_size=20000)
    page.tab("explore")
    page.page.evaluate(
        """() => { window.restartWords = [];
             const m = document.getElementById('restarts-message');
             new MutationObserver(() => window.restartWords.push(m.textContent))
               .observe(m, {childList: true, subtree: true, characterData: true}); }"""
    )
    box = page.page.locator("#train-restarts")
    box.fill("30")
    box.press("Enter")
    page.page.click("#run-restarts")
    page.until_text("restarts-message", "of 30 runs reach", timeout=120_000)
    words = page.page.evaluate("() => window.restartWords")
    assert any("Runs 1–20 of 30 trained" in w for w in words), words
    graph = page.figure("restarts-graph")["data"]
    seeds = sorted(graph[0]["x"] + graph[1]["x"])
    assert seeds == list(range(42, 72))
    X, y = datasets.load("moons", 20000, 0.1, 0)
    losses = dict(zip(graph[0]["x"] + graph[1]["x"], graph[0]["y"] + graph[1]["y"], strict=True))
    for seed in (42, 61, 62, 71):  # either side of the groups' edge
        run = model.train(X, y, epochs=2, batch_size=20000, seed=seed)
        assert losses[seed] == pytest.approx(max(run.history.loss[-1], 1e-6), rel=1e-9)
