"""The lesson panel's callbacks: moving between steps (applying presets) and checking answers.

The lessons live on the server (a teacher may add files); the page only holds which lesson and
step it is on, and that is checked against the app's lessons on every request.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, html, no_update

from tinynet.explorer.lessons.checks import Situation, evaluate
from tinynet.explorer.lessons.files import Lesson, Step
from tinynet.explorer.lessons.panel import COLLAPSED, NO_LESSON
from tinynet.explorer.serving.heavy import heavy_slot
from tinynet.explorer.sharing.links import APPLIED, CONTROLS, applied, fields_from_controls
from tinynet.explorer.sharing.url import from_fields
from tinynet.explorer.widgets.clientside import clientside

SHOWN = {"display": "block"}
HIDDEN = {"display": "none"}
PANEL = [
    Output("lesson-pos", "data"),
    Output("lesson", "value"),
    Output("lesson-summary", "children"),
    Output("lesson-body", "style"),
    Output("lesson-step-title", "children"),
    Output("lesson-html", "data"),
    Output("lesson-question", "children"),
    Output("lesson-question-box", "style"),
    Output("lesson-choice", "options"),
    Output("lesson-choice", "value"),
    Output("lesson-hints", "children"),
    Output("lesson-hints-box", "style"),
    Output("lesson-result", "children"),
    Output("lesson-result", "className"),
    Output("lesson-prev", "disabled"),
    Output("lesson-next", "disabled"),
    Output("lesson-next", "children"),
    Output("lesson-next", "title"),
    Output("lesson-apply", "disabled"),
    Output("lesson-check", "disabled"),
]
APPLY = APPLIED


def _position(raw, lessons: dict[str, Lesson]) -> tuple[str, int] | None:
    """A (lesson, step) the page sent, if this app has it."""
    if not isinstance(raw, dict) or not isinstance(raw.get("lesson"), str):
        return None
    if raw["lesson"] not in lessons:
        return None
    step = raw.get("step")
    if isinstance(step, bool) or not isinstance(step, int):
        return None
    if not 1 <= step <= len(lessons[raw["lesson"]].steps):
        return None
    return raw["lesson"], step


def next_lesson(lessons, name: str) -> str | None:
    """The lesson after `name` in the order the panel lists them, or None after the last."""
    names = list(lessons)
    k = names.index(name)
    return names[k + 1] if k + 1 < len(names) else None


def pace_of(status, name: str) -> int | None:
    """How far a class lets this lesson go (its teacher's pacing), or None: no limit."""
    if not isinstance(status, dict) or status.get("lesson") != name:
        return None
    pace = status.get("pace")
    return pace if isinstance(pace, int) and not isinstance(pace, bool) and pace >= 1 else None


def _panel(lessons, name: str, number: int, note: str = "", pace: int | None = None) -> list:
    lesson = lessons[name]
    step = lesson.steps[number - 1]
    last = number == len(lesson.steps)
    held = pace is not None and number >= pace
    following = next_lesson(lessons, name) if last else None
    if not last:
        next_label, next_title = "Next ▶", "The next step"
    elif following:
        next_label = "Next lesson ▶"
        next_title = f"This was the last step. Next: {lessons[following].title}"
    else:
        next_label, next_title = "Next ▶", "This was the last step of the last lesson"
    choices = [{"label": c, "value": c} for c in step.choices]
    return [
        {"lesson": name, "step": number},
        name,
        lesson.summary,
        SHOWN,
        f"Step {number} of {len(lesson.steps)}: {step.title}",
        step.html,
        step.question,
        SHOWN if step.question else HIDDEN,
        choices,
        None,
        [html.Li(h) for h in step.hints],
        SHOWN if step.hints else HIDDEN,
        note
        or (
            ""
            if step.check
            else "Nothing to check in this step: look, try things, then press Next."
        ),
        "lesson-result",
        number == 1,
        (last and following is None) or held,
        next_label,
        f"Your teacher has the class go up to step {pace} for now" if held else next_title,
        False,
        not step.check,
    ]


def _empty(note: str = NO_LESSON) -> list:
    return [None, None, note, COLLAPSED] + [no_update] * 16


def conditions_view(result) -> html.Ul:
    """One line per condition, met or not: a mark and a colour (never the colour alone)."""
    return html.Ul(
        [
            html.Li(
                [
                    html.Span("✓ " if ok else "✗ ", className="mark", **{"aria-hidden": "true"}),
                    html.Span("Met: " if ok else "Not met: ", className="sr-only"),
                    text,
                ],
                className="met" if ok else "unmet",
            )
            for ok, text in result.conditions
        ]
    )


def verdict_view(step: Step, situation: Situation) -> tuple[list, str]:
    with heavy_slot():  # a check may train nothing, but separability on 20,000 points is work
        result = evaluate(step.check, situation)
    if result.passed:
        head = html.Strong("✓ Yes, that's it.")
        tail = [html.P(step.explain)] if step.explain else []
        return [head, conditions_view(result), *tail], "lesson-result ok"
    head = html.Strong("✗ Not yet.")
    tail = [html.P("Stuck? Open the hints below.", className="hint")] if step.hints else []
    return [head, conditions_view(result), *tail], "lesson-result no"


def register(app: Dash, lessons: dict[str, Lesson]) -> None:
    @app.callback(
        *PANEL,
        *APPLY,
        Input("lesson", "value"),
        Input("lesson-prev", "n_clicks"),
        Input("lesson-next", "n_clicks"),
        Input("lesson-apply", "n_clicks"),
        Input("lesson-link", "data"),
        Input("class-status", "data"),
        State("lesson-pos", "data"),
        prevent_initial_call=True,
    )
    def move(chosen, _prev, _next, _apply, link, status, pos):
        keep = [no_update] * len(APPLY)
        where = _position(pos, lessons)
        # A class joined sets its status and its lesson together: the lesson comes first.
        triggers = set(ctx.triggered_prop_ids.values())
        trigger = "lesson-link" if "lesson-link" in triggers else ctx.triggered_id
        if trigger == "class-status":  # the teacher's pacing changed: Next follows it
            if where is None:
                return [no_update] * len(PANEL) + keep
            return _panel(lessons, *where, pace=pace_of(status, where[0])) + keep
        if trigger == "lesson-link":
            found = _position(link, lessons)
            if found is None:
                return _empty("This link names a lesson this server does not have.") + keep
            if link.get("setup") is True:  # a link with nothing but the lesson: its picture
                step = lessons[found[0]].steps[found[1] - 1]
                return _panel(lessons, *found) + applied(step.state, step.train, why="lesson")
            return _panel(lessons, *found) + keep
        if trigger == "lesson":
            if not isinstance(chosen, str) or chosen not in lessons:
                return _empty() + keep
            if where and where[0] == chosen:
                return [no_update] * len(PANEL) + keep
            where = (chosen, 0)
        if where is None:
            return _empty() + keep
        name, number = where
        steps = lessons[name].steps
        if trigger == "lesson-prev":
            number = max(1, number - 1)
        elif trigger == "lesson-next" and number == len(steps) and next_lesson(lessons, name):
            # The last step offers the next lesson: its first step, with its picture.
            name, number = next_lesson(lessons, name), 1
            steps = lessons[name].steps
            where = None
        elif trigger in ("lesson-next", "lesson"):
            number = min(len(steps), number + 1)
        pace = pace_of(status, name)
        if pace is not None and trigger == "lesson-next" and where and number > max(pace, where[1]):
            number = where[1]  # the class goes no further for now
        step = steps[number - 1]
        # Moving to a step sets its picture when it has a preset; Apply always does.
        apply = trigger == "lesson-apply" or (step.preset and (name, number) != where)
        setup = applied(step.state, step.train, why="lesson") if apply else keep
        return _panel(lessons, name, number, pace=pace) + setup

    clientside(
        app,
        "show_lesson_html",
        [Output("lesson-text", "className")],
        [Input("lesson-html", "data")],
        initial=False,
    )
    clientside(
        app,
        "check_fresh",
        [Output("lesson-stale", "children")],
        [
            Input("lesson-result", "children"),
            Input("weights", "data"),
            Input("activation", "value"),
            Input("act-param", "value"),
            Input("data", "data"),
            Input("lesson-choice", "value"),
        ],
        initial=False,
    )

    @app.callback(
        Output("lesson-result", "children", allow_duplicate=True),
        Output("lesson-result", "className", allow_duplicate=True),
        Input("lesson-check", "n_clicks"),
        State("lesson-pos", "data"),
        State("lesson-choice", "value"),
        *[State(cid, prop) for cid, prop in CONTROLS],
        State("weights", "data"),
        State("act-param", "value"),
        prevent_initial_call=True,
    )
    def check(_clicks, pos, answer, *values):
        where = _position(pos, lessons)
        if where is None:
            return "Choose a lesson first.", "lesson-result"
        step = lessons[where[0]].steps[where[1] - 1]
        if not step.check:
            return "Nothing to check in this step.", "lesson-result"
        fields = fields_from_controls(list(values[:-2]), values[-2], values[-1])
        state, train, messages = from_fields(fields, what="the page")
        if messages:
            return "Some values on the page are not valid: " + "; ".join(messages), "lesson-result"
        answer = answer if isinstance(answer, str) and answer in step.choices else None
        return verdict_view(step, Situation(state, train, step.state, step.train, answer))
