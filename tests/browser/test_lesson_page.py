"""Every built-in lesson in a real Chromium: its presets load, and each check says "Not yet"
at the step's start and "Yes" once the intended answer is entered the way a student would."""

import pytest

from tinynet.explorer.lessons.files import LESSONS
from tinynet.model import ACTIVATIONS, NAMES


def choose_lesson(page, name: str) -> None:
    number = list(LESSONS).index(name) + 1
    page.choose("lesson", f"{number}. {LESSONS[name].title}")


def wait_step(page, number: int, total: int) -> None:
    page.page.wait_for_function(
        "t => document.querySelector('#lesson-step-title').innerText.startsWith(t)",
        arg=f"Step {number} of {total}:",
    )


def press(page, button: str) -> None:
    """Click a button that asks the server, and wait for its answer to be drawn."""
    with page.page.expect_response(lambda r: "_dash-update-component" in r.url, timeout=60_000):
        page.page.click(button)
    page.settle(300)


def press_check(page) -> str:
    press(page, "#lesson-check")
    return page.text("lesson-result")


def press_train(page) -> None:
    press(page, "#train")
    page.page.wait_for_function(
        "() => /Trained|diverged/.test(document.querySelector('#train-message').innerText)",
        timeout=60_000,
    )
    page.settle(1000)  # the replay runs to its end and leaves the last weights on the sliders


def enter(page, solution: dict) -> None:
    """The solution, entered through the page's own controls."""
    for field, value in solution.items():
        if field in NAMES:
            page.set_weight(field, value)
        elif field == "activation":
            page.choose("activation", ACTIVATIONS[value].title)
        elif field == "train_loss":
            page.choose("train-loss", value)
        elif field == "answer":
            page.page.get_by_label(value, exact=True).check()
        elif field != "train":
            raise AssertionError(f"the test cannot enter {field}")
    page.settle(400)
    if solution.get("train"):
        press_train(page)


def preset_on_page(page, step) -> None:
    """The sliders and the activation show the step's preset."""
    for name in NAMES:
        shown = float(page.page.locator(f"#{name} input[type=number]").input_value())
        assert shown == pytest.approx(getattr(step.state.params, name)), name
    title = ACTIVATIONS[step.state.activation].title
    assert title in page.page.inner_text("#activation")


@pytest.mark.parametrize("name", list(LESSONS))
def test_lesson_presets_load_and_checks_fail_then_pass(app_page, name):
    lesson = LESSONS[name]
    page = app_page.open()
    choose_lesson(page, name)
    total = len(lesson.steps)
    for number, step in enumerate(lesson.steps, 1):
        if number > 1:
            press(page, "#lesson-next")
        wait_step(page, number, total)
        press(page, "#lesson-apply")
        preset_on_page(page, step)
        if not step.check:
            assert page.page.is_disabled("#lesson-check")
            continue
        assert "Not yet" in press_check(page), (name, number)
        enter(page, step.solution)
        result = press_check(page)
        assert "Yes" in result, (name, number, result)
    assert page.page.is_disabled("#lesson-next")
    assert page.errors == []


def test_a_link_reopens_the_lesson_step_without_resetting_the_picture(app_page):
    page = app_page.open()
    choose_lesson(page, "linear-maps")
    wait_step(page, 1, 6)
    page.page.click("#lesson-next")
    wait_step(page, 2, 6)
    page.set_weight("w21", 1.0)
    page.settle()
    page.page.click("#copy-link")
    page.page.wait_for_function("() => window.location.search.includes('lesson=linear-maps')")
    link = page.page.evaluate("() => window.location.search")
    assert "step=2" in link
    again = type(page)(page.page.context.new_page(), page.url).open(link)
    wait_step(again, 2, 6)
    assert again.page.locator("#w21 input[type=number]").input_value() == "1"
    assert "Yes" in press_check(again)
    assert again.errors == []


def test_a_link_to_an_unknown_lesson_says_so(app_page):
    page = app_page.open("?lesson=no-such-lesson&step=1")
    page.page.wait_for_function(
        "() => /does not have/.test(document.querySelector('#lesson-summary').innerText)"
    )
    assert page.errors == []


def test_teacher_link_shows_only_the_output_sliders(app_page):
    hide = "hidden_weights,activation,data,view,weights_io,lesson,training"
    page = app_page.open(f"?hide={hide}")
    page.settle(600)
    assert page.page.is_visible("#w13") and page.page.is_visible("#b13")
    for hidden in ("#w11", "#activation", "#dataset", "#view-options", "#train", "#lesson"):
        assert not page.page.is_visible(hidden), hidden
    assert page.page.is_visible("#input-graph") and page.page.is_visible("#hidden-graph")
    page.page.click("#copy-link")
    page.page.wait_for_function("() => window.location.search.includes('w11=')")
    assert "hide=hidden_weights%2Cactivation" in page.page.evaluate("() => location.search")
    page.page.click("#show-all")
    page.settle(400)
    assert page.page.is_visible("#w11") and page.page.is_visible("#train")
    assert not page.page.is_visible("#hide-note")
    assert page.errors == []
