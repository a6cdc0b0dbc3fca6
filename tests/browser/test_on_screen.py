"""What is on screen is right (issue 17, each seen wrong on main): formulas drawn as formulas,
lesson matrices as matrices and never as links, the hidden view's lines inside its frame, the
network's labels clear of its nodes, the name of uploaded data where the picker was."""

import pytest
from test_lesson_page import choose_lesson, wait_step

from tinynet.explorer.lessons.files import LESSONS
from tinynet.model import ACTIVATIONS

TALL = ("\\frac", "cases")  # formulas with a part drawn over two lines


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_activation_formula_is_drawn_as_mathematics(app_page, name):
    page = app_page.open()
    page.tab("activation")
    if name != "tanh":
        page.choose("activation", ACTIVATIONS[name].title)
    page.until(
        "() => document.querySelector('#formula math') !== null && "
        "document.querySelector('#formula').textContent.length > 3"
    )
    box = page.page.evaluate(
        """() => { const m = document.querySelector('#formula math');
             const cs = getComputedStyle(document.querySelector('#effect'));
             const tall = m.querySelector('mfrac, mtable');
             return { text: m.textContent, width: m.getBoundingClientRect().width,
                      tall: tall ? tall.getBoundingClientRect().height : 0,
                      line: parseFloat(cs.lineHeight) || 1.2 * parseFloat(cs.fontSize) }; }"""
    )
    # No LaTeX left as letters (the cases' brace is drawn, so "{" may be there).
    assert not any(t in box["text"] for t in ("\\", "frac", "begin", "^"))
    assert box["width"] > 20
    if any(t in ACTIVATIONS[name].formula for t in TALL):
        # A fraction or a case split stands on two lines: taller than a line of text.
        assert box["tall"] > 1.3 * box["line"], box


@pytest.mark.parametrize("name", ["separate-the-points", "relu-separates"])
def test_a_lesson_matrix_is_a_matrix_and_no_link(app_page, name):
    page = app_page.open()
    choose_lesson(page, name)
    wait_step(page, 1, len(LESSONS[name].steps))
    page.until("() => document.querySelector('#lesson-text mtable') !== null")
    found = page.page.evaluate(
        """() => { const table = document.querySelector('#lesson-text mtable');
             const p = document.querySelector('#lesson-text p');
             return { links: document.querySelectorAll('#lesson-text a').length,
                      rows: table.querySelectorAll('mtr').length,
                      height: table.getBoundingClientRect().height,
                      line: parseFloat(getComputedStyle(p).lineHeight) }; }"""
    )
    assert found["links"] == 0
    assert found["rows"] == 2 and found["height"] > 1.3 * found["line"]
