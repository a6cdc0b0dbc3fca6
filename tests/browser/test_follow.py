"""Follow a point (the Network tab): the arithmetic the page writes for a point is the model's,
it follows the weights and the run, the point is marked in both views, and it is reached by
buttons, typing, a click and the keyboard alone."""

import re

import numpy as np
import pytest
from axe_check import violations

from tinynet.datasets import load
from tinynet.model import Params, forward

NUMBER = r"(−?\d+\.\d{3})"


def walked(text: str) -> dict:
    """The numbers the walk ends each line with: h1, h2, the logit and p."""
    out = {}
    for name in ("h1", "h2"):
        out[name] = float(
            re.search(rf"= tanh\({NUMBER}\) = {NUMBER}", text.split(name + " =")[1])
            .group(2)
            .replace("−", "-")
        )
    out["logit"] = float(
        re.search(rf"\n\s+= {NUMBER}\n", text.split("logit =")[1]).group(1).replace("−", "-")
    )
    out["p"] = float(
        re.search(rf"sigmoid\(logit\) = sigmoid\({NUMBER}\) = {NUMBER}", text)
        .group(2)
        .replace("−", "-")
    )
    return out


def expected(params: Params, x) -> dict:
    out = forward(params, np.array([x]), "tanh")
    return {"h1": out.h[0, 0], "h2": out.h[0, 1], "logit": out.logit[0], "p": out.proba[0]}


def check(text: str, params: Params, x) -> None:
    got, want = walked(text), expected(params, x)
    for key in want:
        assert got[key] == pytest.approx(want[key], abs=6e-4), (key, got, want)


def followed(page):
    return page.page.evaluate("() => window.tinynetFollow.followed()")


def input_marks(page):
    shapes = page.figure("input-graph")["layout"].get("shapes", [])
    return [s for s in shapes if s.get("line", {}).get("color") == "#111"]


def test_the_walk_is_the_models_arithmetic_and_follows_the_weights(app_page):
    page = app_page.open()
    page.tab("network")
    assert "Pick a point" in page.text("arithmetic")
    page.page.click("#follow-next")
    page.until_text("arithmetic", "Point 1 of 2000")
    X, y = load("parabola")
    text = page.text("arithmetic")
    assert f"class {y[0]}" in text
    check(text, Params.default(), X[0])
    says = int(forward(Params.default(), X[:1], "tanh").logit[0] > 0)
    assert f"the network says class {says}" in text
    assert ("right" if says == y[0] else "misclassified") in text
    marks = input_marks(page)
    assert len(marks) == 2  # the diamond and its cross
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", marks[0]["path"])]
    assert numbers[2] == pytest.approx(X[0][0]) and numbers[1] == pytest.approx(X[0][1])
    # A weight moves: the walk is done again with it.
    page.set_weight("w12", 1.5)
    page.until_text("arithmetic", "1.500·")
    check(page.text("arithmetic"), Params.default().replace(w12=1.5), X[0])
    # Previous from the first point goes round to the last.
    page.page.click("#follow-prev")
    page.until_text("arithmetic", "Point 2000 of 2000")
    check(page.text("arithmetic"), Params.default().replace(w12=1.5), X[-1])


def test_the_keyboard_alone_steps_through_the_points_and_types_one(app_page):
    page = app_page.open()
    page.tab("network")
    page.page.focus("#follow-prev")
    page.page.keyboard.press("Tab")  # to Next point
    assert page.page.evaluate("() => document.activeElement.id") == "follow-next"
    page.page.keyboard.press("Enter")
    page.until_text("arithmetic", "Point 1 of 2000")
    page.page.keyboard.press("Space")
    page.until_text("arithmetic", "Point 2 of 2000")
    X, _ = load("parabola")
    check(page.text("arithmetic"), Params.default(), X[1])
    assert violations(page.page) == []  # the Network tab with its new parts
    page.page.fill("#follow-x1", "0,5")
    page.page.fill("#follow-x2", "-1.25")
    page.page.press("#follow-x2", "Enter")
    page.until_text("arithmetic", "Your point")
    assert followed(page) == [0.5, -1.25]
    check(page.text("arithmetic"), Params.default(), [0.5, -1.25])
    assert "The point is class" not in page.text("arithmetic")  # a typed point has no class
    page.page.fill("#follow-x1", "abc")
    page.page.click("#follow-go")
    page.until_text("arithmetic", "must both be numbers")
    assert followed(page) == [0.5, -1.25]  # nothing changed


def test_a_click_follows_the_point_when_asked_and_adds_one_otherwise(app_page):
    page = app_page.open()
    page.tab("network")
    X, y = load("parabola")
    page.page.check("#click-does input[value=follow]")
    # Click right on a drawn point: that point of the data is followed, with its class.
    i = page.page.evaluate("() => window.tinynetFollow.drawn()")[10]
    at = page.page.evaluate(
        """([x1, x2]) => { const gd = document.querySelector('#input-graph .js-plotly-plot');
             const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
             const r = gd.getBoundingClientRect();
             return [r.left + xa._offset + xa.l2p(x1), r.top + ya._offset + ya.l2p(x2)]; }""",
        [float(X[i][0]), float(X[i][1])],
    )
    page.page.mouse.click(*at)
    page.until_text("arithmetic", f"Point {i + 1} of 2000, class {y[i]}")
    assert followed(page) == pytest.approx(X[i].tolist())
    assert "2000 points" in page.text("accuracy")  # nothing was added
    # A click away from the points follows that place.
    page.page.mouse.click(at[0] + 25, at[1] + 25)
    page.until_text("arithmetic", "Your point")
    assert "2000 points" in page.text("accuracy")
    # Back to adding: a click adds a point again.
    page.page.check("#click-does input[value=add]")
    page.page.mouse.click(at[0] + 30, at[1])
    page.until_text("accuracy", "2001 points")


def test_the_walk_follows_a_run(app_page):
    page = app_page.open()
    page.tab("network")
    page.page.click("#follow-next")
    page.until_text("arithmetic", "Point 1 of 2000")
    page.train()
    weights = page.shown_weights()
    X, _ = load("parabola")
    check(page.text("arithmetic"), Params(*weights), X[0])
