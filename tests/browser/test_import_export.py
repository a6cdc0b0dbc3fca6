"""Import weights printed by Keras into the page; download the state as JSON and load it back."""

import json

from test_weights_io_text import KERAS


def test_keras_weights_pasted_into_the_page(app_page):
    page = app_page.open()
    page.tab("network")
    page.page.fill("#weights-text", KERAS)
    page.page.click("#weights-load")
    page.until_text("weights-message", "Loaded")
    assert "message ok" in page.page.get_attribute("#weights-message", "class")
    page.until_text("equations", "h1 = tanh(-4.78·x1 − 4.54·x2 − 1.79)")
    page.until_text("accuracy", "Accuracy 100.0%")
    assert page.shown_weights()[0] == -4.776


def test_state_json_downloads_and_loads_back(app_page, tmp_path):
    page = app_page.open()
    page.set_weight("w12", 12.5)  # past the slider's end: the file holds the true value
    page.tab("network")
    with page.page.expect_download() as info:
        page.page.click("#state-download")
    path = tmp_path / "state.json"
    info.value.save_as(path)
    state = json.loads(path.read_text())
    assert state["w12"] == 12.5 and state["activation"] == "tanh"
    page.page.click("#reset")
    page.until("() => window.tinynetApp.shown[1] === 0")
    page.choose("weights-format", "tinynet JSON")
    page.page.fill("#weights-text", path.read_text())
    page.page.click("#weights-load")
    page.until_text("weights-message", "Loaded")
    page.until("() => window.tinynetApp.shown[1] === 12.5")
    assert page.box("w12") == "12.5"


def test_a_bad_paste_says_why_and_changes_nothing(app_page):
    page = app_page.open()
    page.tab("network")
    before = page.shown_weights()
    page.page.fill("#weights-text", "__import__('os').system('echo pwned')")
    page.page.click("#weights-load")
    page.until_text("weights-message", "Not loaded")
    assert "found 0 numbers" in page.text("weights-message")
    assert "message problem" in page.page.get_attribute("#weights-message", "class")
    page.quiet()
    assert page.shown_weights() == before
