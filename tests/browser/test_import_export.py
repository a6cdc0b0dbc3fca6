"""Import weights printed by Keras into the page; download the state as JSON and load it back."""

import json

from test_weights_io_text import KERAS


def test_keras_weights_pasted_into_the_page(app_page):
    page = app_page.open()
    page.page.fill("#weights-text", KERAS)
    page.page.click("#weights-load")
    page.page.wait_for_function(
        "() => /^Loaded/.test(document.querySelector('#weights-message').innerText)"
    )
    page.settle(800)
    assert "h1 = tanh(-4.78·x1 − 4.54·x2 − 1.79)" in page.text("equations")
    assert page.text("accuracy").startswith("Accuracy 100.0%")


def test_state_json_downloads_and_loads_back(app_page, tmp_path):
    page = app_page.open()
    page.set_weight("w12", 2.5)
    page.settle()
    with page.page.expect_download() as info:
        page.page.click("#state-download")
    path = tmp_path / "state.json"
    info.value.save_as(path)
    state = json.loads(path.read_text())
    assert state["w12"] == 2.5 and state["activation"] == "tanh"
    page.page.click("#reset")
    page.settle()
    page.choose("weights-format", "tinynet JSON")
    page.page.fill("#weights-text", path.read_text())
    page.page.click("#weights-load")
    page.page.wait_for_function(
        "() => /^Loaded/.test(document.querySelector('#weights-message').innerText)"
    )
    page.settle(600)
    assert page.page.locator("#w12 input[type=number]").input_value() == "2.5"


def test_a_bad_paste_says_why_and_changes_nothing(app_page):
    page = app_page.open()
    before = page.text("equations")
    page.page.fill("#weights-text", "__import__('os').system('echo pwned')")
    page.page.click("#weights-load")
    page.page.wait_for_function(
        "() => /^Not loaded/.test(document.querySelector('#weights-message').innerText)"
    )
    assert "found 0 numbers" in page.text("weights-message")
    assert page.text("equations") == before
