"""The lesson panel: pick a lesson, step through it, apply a step's preset, check your answer."""

from __future__ import annotations

from dash import dcc, html

from tinynet.explorer.lessons.files import Lesson
from tinynet.explorer.widgets.components import labelled, section

COLLAPSED = {"visibility": "hidden", "height": 0, "overflow": "hidden"}
NO_LESSON = (
    "Lessons walk you through the ideas step by step. Each step sets up the picture, asks you to "
    "change something, and Check tells you whether you got there."
)


def lesson_panel(lessons: dict[str, Lesson]) -> html.Section:
    return section(
        "Lesson",
        labelled(
            "Lesson",
            dcc.Dropdown(
                id="lesson",
                options=[
                    {"label": f"{i}. {lesson.title}", "value": name}
                    for i, (name, lesson) in enumerate(lessons.items(), 1)
                ],
                value=None,
                placeholder="Choose a lesson…",
                clearable=True,
                searchable=False,
            ),
            "lesson",
        ),
        html.P(NO_LESSON, id="lesson-summary", className="hint"),
        html.Div(
            [
                html.H3(id="lesson-step-title", className="step-title"),
                # The step's text as HTML made and cleaned on the server (markdown.py), put
                # into the page by assets/page/richtext.js (Dash's Markdown drops MathML).
                html.Div(id="lesson-text", className="lesson-text"),
                html.Fieldset(
                    [
                        html.Legend(id="lesson-question"),
                        dcc.RadioItems(id="lesson-choice", options=[], value=None),
                    ],
                    id="lesson-question-box",
                    className="question",
                    style={"display": "none"},
                ),
                html.Div(
                    [
                        html.Button("◀ Previous", id="lesson-prev", className="button secondary"),
                        html.Button("Next ▶", id="lesson-next", className="button secondary"),
                        html.Button(
                            "Apply preset",
                            id="lesson-apply",
                            className="button secondary",
                            title="Set the picture this step starts from",
                        ),
                        html.Button("Check", id="lesson-check", className="button"),
                    ],
                    className="row lesson-buttons",
                ),
                html.Div(
                    id="lesson-result",
                    className="lesson-result",
                    role="status",
                    **{"aria-live": "polite"},
                ),
                # Written by assets/lessons/fresh.js when the picture changes after a check.
                html.P(id="lesson-stale", className="stale-note", role="status"),
                html.Details(
                    [html.Summary("Hints"), html.Ul(id="lesson-hints")],
                    id="lesson-hints-box",
                    className="help",
                ),
            ],
            id="lesson-body",
            style=COLLAPSED,
        ),
        dcc.Store(id="lesson-pos"),
        dcc.Store(id="lesson-html"),
        dcc.Store(id="lesson-link"),
    )
