"""WCAG 2.1 AA in a real Chromium: axe-core over the page at start, in every side tab, with a
lesson open, after a run and in a teacher's view; a visible focus at every Tab stop; a lesson
step and a training run done with the keyboard alone; live regions that announce a Check and a
run's end without flooding."""

from pathlib import Path

import pytest
from axe_check import violations

TABS = ["lesson", "data", "activation", "training", "explore", "network"]
# Where the keyboard is (or null on the page's body), and whether it shows: an outline or a
# ring on the element, its box (Dash's inputs) or its label.
FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const shows = (el) => {
    if (!el || el === document.body) return false;
    const s = getComputedStyle(el);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  };
  const r = e.getBoundingClientRect();
  return {name: e.id || e.getAttribute('aria-label') || e.tagName,
          shown: shows(e) || shows(e.parentElement) || shows(e.closest('label')),
          sized: r.width > 0 && r.height > 0};
}"""

LOW_CONTRAST = (Path(__file__).parent / "contrast.js").read_text()


def tab_to(page, element_id: str, most: int = 150) -> None:
    """Press Tab until `element_id` has the keyboard (every stop on the way must show it)."""
    for _ in range(most):
        page.page.keyboard.press("Tab")
        where = page.page.evaluate(FOCUS)
        if where is None:
            continue
        assert where["shown"] and where["sized"], where
        if where["name"] == element_id:
            return
    raise AssertionError(f"{element_id} was not reached with Tab")


def test_every_side_tab_passes_axe_and_shows_the_focus_at_every_tab_stop(app_page):
    page = app_page.open()
    assert violations(page.page) == []
    for tab in TABS:
        page.tab(tab)
        assert violations(page.page) == [], tab
        assert page.page.evaluate(LOW_CONTRAST) == [], tab
        page.page.focus("#copy-link")
        stops = 0
        for _ in range(200):
            page.page.keyboard.press("Tab")
            where = page.page.evaluate(FOCUS)
            if where is None:  # past the last control
                break
            stops += 1
            assert where["shown"] and where["sized"], (tab, where)
        assert stops > 25, tab
        assert page.page.evaluate(COVERED) == [], tab  # no control hidden under another


@pytest.mark.parametrize("query", ["?lesson=xor&step=2", "?hide=hidden_weights,training"])
def test_a_lesson_and_a_teachers_view_pass_axe(app_page, query):
    page = app_page.open(query)
    assert violations(page.page) == []


def test_a_lesson_step_and_a_run_with_the_keyboard_alone_then_axe(app_page):
    page = app_page.open("?lesson=linear-maps&train_epochs=10")
    page.page.focus("#copy-link")
    tab_to(page, "lesson-next")
    page.page.keyboard.press("Enter")
    page.until_text("lesson-step-title", "A shear")
    # "Make a shear: w21 = 1, nothing else changed": into w21's box, then Check.
    page.page.focus("#copy-link")
    tab_to(page, "box-w21")
    page.page.keyboard.type("1")
    page.page.keyboard.press("Enter")
    page.until("() => window.tinynetApp.shown[2] === 1")
    page.page.focus("#lesson-next")
    tab_to(page, "lesson-check")
    page.page.keyboard.press("Enter")
    page.until_text("lesson-result", "✓")
    # A run: to Train, Enter, and the run's end is said in the live region.
    page.page.focus("#copy-link")
    tab_to(page, "train")
    page.page.keyboard.press("Enter")
    page.until(
        "() => window.tinynetLive.run && window.tinynetLive.run.done && "
        "document.getElementById('pause').textContent === 'Replay'",
        timeout=120_000,
    )
    page.until_text("train-message", "Trained")
    page.quiet()
    assert violations(page.page) == []  # after a run
    page.tab("training")  # its charts now drawn
    assert page.page.evaluate(LOW_CONTRAST) == []
    page.tab("explore")
    assert violations(page.page) == []
    assert page.page.evaluate(LOW_CONTRAST) == []


def test_live_regions_announce_a_check_and_a_runs_end_without_flooding(app_page):
    page = app_page.open("?lesson=linear-maps&step=2")
    for region in ("lesson-result", "train-message"):
        live = page.page.get_attribute(f"#{region}", "aria-live")
        role = page.page.get_attribute(f"#{region}", "role")
        assert live == "polite" and role == "status", region
    # Count what the live regions say while a whole run plays.
    page.page.evaluate(
        """() => { window.liveSaid = [];
             for (const el of document.querySelectorAll('[aria-live]')) {
               new MutationObserver(() => window.liveSaid.push(el.id + ': ' + el.textContent))
                 .observe(el, {childList: true, subtree: true, characterData: true}); } }"""
    )
    page.tab("training")
    page.page.fill("#train-epochs", "40")
    page.page.press("#train-epochs", "Enter")
    page.train(speed="normal")
    said = page.page.evaluate("() => window.liveSaid")
    assert any("Trained 40 epochs" in s for s in said), said
    assert len(said) <= 6, said  # a handful of sentences, not one per frame


def described(page, element_id: str, words: str) -> str:
    """The words of a view (a visually hidden paragraph) once they say `words`."""
    page.until_text(element_id, words)
    return page.page.text_content(f"#{element_id}")


def test_each_view_has_words_that_follow_the_picture(app_page):
    import numpy as np

    from tinynet.datasets import load
    from tinynet.model import Params, forward

    X, y = load("parabola")
    page = app_page.open()
    for params, boundary in (
        (Params.default(), "from the right edge at x2 = 0.00 to the left edge at x2 = 0.00"),
        (Params.default().replace(w23=-1.0), "at x2 = 0.00"),
    ):
        if params != Params.default():
            page.set_weight("w23", -1)
        predicted = forward(params, X, "tanh").logit > 0
        wrong = [int(((predicted != (y == 1)) & (y == k)).sum()) for k in (0, 1)]
        accuracy = f"Accuracy {100 * np.mean(predicted == (y == 1)):.1f}% of 2000 points"
        text = described(page, "input-graph-text", accuracy)
        assert boundary in text
        assert f"{wrong[0]} of 1000 class 0 points" in text
        assert f"{wrong[1]} of 1000 class 1 points" in text
    hidden = described(page, "hidden-graph-text", "output line")
    assert "hidden space h = f(W x + b)" in hidden and "runs from" in hidden


COVERED = """() => {
  const hidden = (e) => { const s = getComputedStyle(e);
    return s.visibility === 'hidden' || s.display === 'none' || !e.offsetParent; };
  const out = [];
  document.querySelectorAll('button, input, [role=tab], select, textarea, summary').forEach((e) => {
    // (A file input lies under its upload button by design: the button's area opens it.)
    if (hidden(e) || e.closest('.sr-only, [aria-hidden=true]') || e.type === 'file') return;
    const r = e.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return;
    if (r.right > window.innerWidth + 1) out.push([e.id || e.textContent.trim(), 'past the right']);
    e.scrollIntoView({block: 'center', inline: 'center'});
    const s = e.getBoundingClientRect();
    const hit = document.elementFromPoint(s.left + s.width / 2, s.top + s.height / 2);
    const labelled = e.labels && [...e.labels].some((l) => l.contains(hit));
    if (hit && hit !== e && !e.contains(hit) && !hit.contains(e) && !labelled) {
      const what = hit.id || hit.className.toString();
      out.push([e.id || e.textContent.trim().slice(0, 20), 'covered by ' + what]);
    }
  });
  return out;
}"""


def test_the_page_works_at_200_percent_zoom(browser, server_url):
    """1280x800 at 200% is a 640x400 viewport of twice the pixels: nothing runs past the right
    edge, no control is covered by another, in any side tab."""
    from conftest import Page

    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    try:
        page = Page(context.new_page(), server_url).open()
        width = page.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 640
        for tab in TABS:
            page.tab(tab)
            assert page.page.evaluate(COVERED) == [], tab
        assert page.errors == []
    finally:
        context.close()
