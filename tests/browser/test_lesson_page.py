"""Every built-in lesson in a real Chromium: its presets load, and each check says "Not yet"
at the step's start and "Yes" once the intended answer is entered the way a student would;
met and unmet conditions are told apart by a mark, and the last step leads to the next lesson."""

import pytest

from tinynet.explorer.lessons.checks import ALL_NAMES
from tinynet.explorer.lessons.files import LESSONS
from tinynet.model import ACTIVATIONS, NAMES, architecture


def choose_lesson(page, name: str) -> None:
    page.tab("lesson")
    number = list(LESSONS).index(name) + 1
    page.choose("lesson", f"{number}. {LESSONS[name].title}")


def wait_step(page, number: int, total: int) -> None:
    page.until(
        "t => document.querySelector('#lesson-step-title').innerText.startsWith(t)",
        f"Step {number} of {total}:",
    )


def answered(input_id: str):
    """A predicate for the answer to the callback request that a click on `input_id` sent."""

    def matches(response) -> bool:
        body = response.request.post_data or ""
        return "_dash-update-component" in response.url and f"{input_id}.n_clicks" in body

    return matches


def press_check(page) -> str:
    """Check, and wait for the server's verdict to be drawn."""
    with page.page.expect_response(answered("lesson-check"), timeout=60_000):
        page.page.click("#lesson-check")
    page.quiet()
    return page.text("lesson-result")


def enter(page, solution: dict) -> None:
    """The solution, entered through the page's own controls."""
    for field, value in solution.items():
        if field in NAMES and page.page.evaluate("() => !document.body.hasAttribute('data-arch')"):
            page.set_weight(field, value)
        elif field == "hidden":
            hidden = architecture.check(value)
            page.choose("hidden", architecture.label(hidden))
            page.until(
                "n => (window.tinynetApp.shown || []).length === n",
                architecture.count(hidden),
            )
        elif field in ALL_NAMES:  # another network's weight, typed into its box
            page.page.fill(f"#box-{field}", str(value))
            page.page.press(f"#box-{field}", "Enter")
            page.until(
                """([name, v]) => { const a = document.body.getAttribute('data-arch');
                     const names = window.tinynetMLP.names(a.split(',').map(Number));
                     return window.tinynetApp.shown[names.indexOf(name)] === v; }""",
                [field, float(value)],
            )
        elif field == "activation":
            page.tab("activation")
            page.choose("activation", ACTIVATIONS[value].title)
        elif field == "train_loss":
            page.tab("training")
            page.choose("train-loss", {"bce": "Cross-entropy", "mse": "Squared error"}[value])
        elif field == "answer":
            page.tab("lesson")
            page.page.get_by_label(value, exact=True).check()
        elif field != "train":
            raise AssertionError(f"the test cannot enter {field}")
    page.quiet()
    if solution.get("train"):
        page.train()
    page.tab("lesson")


def preset_on_page(page, step) -> None:
    """The weights and the activation show the step's preset."""
    page.until(
        "w => window.tinynetApp.shown.every((v, i) => Math.abs(v - w[i]) < 1e-12)",
        step.state.params.to_array().tolist(),
    )
    page.quiet()
    title = ACTIVATIONS[step.state.activation].title
    page.until_text("activation", title)


@pytest.mark.parametrize("name", list(LESSONS))
def test_lesson_presets_load_and_checks_fail_then_pass(app_page, name):
    lesson = LESSONS[name]
    page = app_page.open()
    page.set_speed("max")
    choose_lesson(page, name)
    total = len(lesson.steps)
    for number, step in enumerate(lesson.steps, 1):
        if number > 1:
            page.page.click("#lesson-next")
        wait_step(page, number, total)
        # Apply's answer clears the result: it must be in before Check is pressed (a preset the
        # step already stood at shows no change to wait for).
        with page.page.expect_response(answered("lesson-apply"), timeout=60_000):
            page.page.click("#lesson-apply")
        preset_on_page(page, step)
        if not step.check:
            assert page.page.is_disabled("#lesson-check")
            continue
        result = press_check(page)
        assert "Not yet" in result, (name, number)
        assert page.page.locator("#lesson-result li.unmet").count() >= 1
        assert "✗" in page.page.inner_text("#lesson-result li.unmet >> nth=0")
        enter(page, step.solution)
        result = press_check(page)
        assert "Yes" in result, (name, number, result)
        assert page.page.locator("#lesson-result li.unmet").count() == 0
        assert "✓" in page.page.inner_text("#lesson-result li.met >> nth=0")
    assert page.text("lesson-next") in ("Next lesson ▶", "Next ▶")
    assert page.errors == []


def test_the_last_step_leads_to_the_next_lesson(app_page):
    page = app_page.open()
    names = list(LESSONS)
    first = LESSONS[names[0]]
    choose_lesson(page, names[0])
    for number in range(2, len(first.steps) + 1):
        page.page.click("#lesson-next")
        wait_step(page, number, len(first.steps))
    assert page.text("lesson-next") == "Next lesson ▶"
    assert LESSONS[names[1]].title in page.page.get_attribute("#lesson-next", "title")
    page.page.click("#lesson-next")
    wait_step(page, 1, len(LESSONS[names[1]].steps))
    page.until_text("lesson", LESSONS[names[1]].title)


def test_a_failed_check_shows_the_hint_once(app_page):
    page = app_page.open()
    choose_lesson(page, "linear-maps")
    wait_step(page, 1, 6)
    page.page.click("#lesson-next")
    wait_step(page, 2, 6)
    result = press_check(page)
    step = LESSONS["linear-maps"].steps[1]
    assert "Not yet" in result
    hint = step.hints[0]
    page.page.click("#lesson-hints-box summary")  # the student opens the hints
    page.until_text("lesson-hints", hint)
    assert page.page.inner_text("#part-lesson").count(hint) == 1


def test_a_link_reopens_the_lesson_step_without_resetting_the_picture(app_page):
    page = app_page.open()
    choose_lesson(page, "linear-maps")
    wait_step(page, 1, 6)
    page.page.click("#lesson-next")
    wait_step(page, 2, 6)
    page.set_weight("w21", 1.0)
    page.page.click("#copy-link")
    page.until("() => window.location.search.includes('lesson=linear-maps')")
    link = page.page.evaluate("() => window.location.search")
    assert "step=2" in link
    again = type(page)(page.page.context.new_page(), page.url).open(link)
    again.tab("lesson")
    wait_step(again, 2, 6)
    again.until("() => window.tinynetApp.shown[2] === 1")
    assert "Yes" in press_check(again)
    assert again.errors == []


def test_a_link_with_only_a_lesson_opens_the_step_with_its_picture(app_page):
    """What a teacher writes by hand: ?lesson=xor&step=1 sets up the step's picture (the XOR
    data, linear units), where a copied link keeps the picture it carries."""
    page = app_page.open("?lesson=xor&step=1")
    page.tab("lesson")
    wait_step(page, 1, 3)
    page.until("() => document.querySelector('#activation').innerText.includes('Linear')")
    page.until("() => document.querySelector('#dataset').innerText.includes('XOR')")
    assert page.errors == []


def test_a_link_to_an_unknown_lesson_says_so(app_page):
    page = app_page.open("?lesson=no-such-lesson&step=1")
    page.until_text("lesson-summary", "does not have")
    assert page.errors == []


def test_teacher_link_shows_only_the_output_sliders(app_page):
    hide = "hidden_weights,activation,data,view,weights_io,lesson,training"
    page = app_page.open(f"?hide={hide}")
    page.until("() => document.getElementById('hide-note').offsetParent !== null")
    assert page.page.is_visible("#w13") and page.page.is_visible("#b13")
    for hidden in (
        "#w11",
        "#tab-activation",
        "#tab-data",
        "#view-options",
        "#train",
        "#tab-lesson",
    ):
        assert not page.page.is_visible(hidden), hidden
    assert page.page.is_visible("#input-graph") and page.page.is_visible("#hidden-graph")
    page.page.click("#copy-link")
    page.until("() => window.location.search.includes('w11=')")
    assert "hide=hidden_weights%2Cactivation" in page.page.evaluate("() => location.search")
    page.page.click("#show-all")
    page.until("() => document.getElementById('hide-note').offsetParent === null")
    assert page.page.is_visible("#w11") and page.page.is_visible("#train")
    assert page.errors == []
