"""Training in a real Chromium: train, replay, fit the output layer, restarts, divergence."""

import pytest


def train(page, **options):
    for field, value in options.items():
        box = page.page.locator(f"#train-{field}")
        box.fill(str(value))
        box.press("Enter")
    page.page.click("#train")
    page.page.wait_for_function(
        "() => /Trained|diverged/.test(document.querySelector('#train-message').innerText)",
        timeout=60_000,
    )
    page.settle(800)


def hidden_points(page):
    return page.figure("hidden-graph")["data"][4]["x"][:20]


def test_train_fills_the_sliders_and_reaches_100_percent(app_page):
    page = app_page.open()
    before = page.page.locator("#w11 input[type=number]").input_value()
    train(page)
    assert "Trained 150 epochs" in page.text("train-message")
    assert page.page.locator("#w11 input[type=number]").input_value() != before
    assert page.text("accuracy").startswith("Accuracy 100.0%")
    assert page.figure("history-graph")["data"][0]["name"] == "training loss"
    assert len(page.figure("weights-graph")["data"]) == 9
    assert page.errors == []


def test_replay_slider_moves_every_view(app_page):
    page = app_page.open()
    train(page)
    end = hidden_points(page)
    thumb = page.page.locator("#epoch [role=slider]")
    thumb.focus()
    thumb.press("Home")
    page.settle(800)
    assert "epoch 0 of 150" in page.text("epoch-label")
    assert hidden_points(page) != end
    assert not page.text("accuracy").startswith("Accuracy 100.0%")  # before training
    for _ in range(10):
        thumb.press("ArrowRight")
    page.settle(800)
    assert "epoch 10 of 150" in page.text("epoch-label")


def test_play_replays_in_the_page_without_requests(app_page):
    page = app_page.open()
    train(page)
    page.page.locator("#epoch [role=slider]").press("Home")
    page.settle(600)
    page.requests.clear()
    page.page.click("#replay-play")
    page.page.wait_for_function(
        "() => document.querySelector('#epoch-label').innerText.startsWith('epoch 150')",
        timeout=30_000,
    )
    frames = page.page.evaluate("window.tinynetReplay.frames.length")
    assert frames >= 100
    assert page.server_requests() == []
    page.settle(600)
    assert page.text("replay-play") == "Play"


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
        page.choose("activation", activation)
    page.settle()
    page.page.click("#fit-output")
    page.page.wait_for_function(
        "() => /^(Yes|No):/.test(document.querySelector('#train-message').innerText)",
        timeout=20_000,
    )
    assert page.text("train-message").startswith(answer)
    page.settle(600)
    if answer == "Yes":
        assert page.text("accuracy").startswith("Accuracy 100.0%")


def test_restarts_load_a_run(app_page):
    page = app_page.open()
    box = page.page.locator("#train-restarts")
    box.fill("8")
    box.press("Enter")
    page.page.click("#run-restarts")
    page.page.wait_for_function(
        "() => /of 8 runs reach/.test(document.querySelector('#train-message').innerText)",
        timeout=60_000,
    )
    page.settle(500)
    point = page.page.locator("#restarts-graph .scatterlayer .point").nth(2)
    point.click(force=True)
    page.page.wait_for_function(
        "() => /Trained 150 epochs \\(seed 4[2-9]\\)/.test("
        "document.querySelector('#train-message').innerText)",
        timeout=60_000,
    )
    assert "epoch 150 of 150" in page.text("epoch-label")


def test_divergence_shows_its_message_and_keeps_finite_weights(app_page):
    page = app_page.open()
    page.choose("activation", "Linear (identity)")
    train(page, lr=10)
    assert "diverged" in page.text("train-message")
    assert "smaller learning rate" in page.text("train-message")
    values = [
        float(page.page.locator(f"#{n} input[type=number]").input_value())
        for n in ("w11", "w12", "w21", "w22", "b11", "b12", "w13", "w23", "b13")
    ]
    assert all(abs(v) <= 8 for v in values)


def test_initial_weights_is_one_click_back_to_the_runs_start(app_page):
    page = app_page.open()
    train(page)
    page.page.click("#init-weights")
    page.page.wait_for_function(
        "() => /starting weights/.test(document.querySelector('#train-message').innerText)"
    )
    page.settle(600)
    start = page.page.evaluate(
        "() => window.tinynetMath.NAMES.map(n => document.querySelector("
        "'#' + n + ' input[type=number]').value)"
    )
    run_start = page.page.evaluate(
        "() => { const gd = document.querySelector('#weights-graph .js-plotly-plot');"
        " return gd.data.map(t => t.y[0]); }"
    )
    assert [float(v) for v in start] == pytest.approx(run_start, abs=1e-4)
