"""Small reusable pieces of the page: a labelled weight slider, a help note, a section."""

from __future__ import annotations

from dash import dcc, html

from tinynet.explorer.limits import WEIGHT_MAX, WEIGHT_STEP

WEIGHT_HELP = {
    "w11": "weight from x1 to h1",
    "w12": "weight from x2 to h1",
    "b11": "bias of h1",
    "w21": "weight from x1 to h2",
    "w22": "weight from x2 to h2",
    "b12": "bias of h2",
    "w13": "weight from h1 to the output",
    "w23": "weight from h2 to the output",
    "b13": "bias of the output",
}


def weight_slider(name: str, value: float) -> html.Div:
    """One parameter: its name, a slider with a number box, keyboard operable (arrows, PageUp)."""
    label = f"{name}: {WEIGHT_HELP[name]}"
    return html.Div(
        [
            html.Span(name, className="weight-name", title=WEIGHT_HELP[name]),
            dcc.Slider(
                id=name,
                min=-WEIGHT_MAX,
                max=WEIGHT_MAX,
                step=WEIGHT_STEP,
                value=value,
                marks=None,
                updatemode="drag",
                className="weight-slider",
            ),
            # dL/d(this weight) on all the points, kept up to date by the page.
            html.Small(id=f"grad-{name}", className="grad", title="slope of the loss"),
        ],
        className="weight",
        # tinynet_a11y.js copies this onto the slider thumb and its number box.
        **{"data-label": label},
    )


def help_note(summary: str, *paragraphs: str) -> html.Details:
    return html.Details([html.Summary(summary)] + [html.P(p) for p in paragraphs], className="help")


def section(title: str, *children, **kwargs) -> html.Section:
    return html.Section([html.H2(title), *children], className="panel", **kwargs)


def labelled(label: str, control, control_id: str, hint: str | None = None) -> html.Div:
    parts = [html.Label(label, htmlFor=control_id), control]
    if hint:
        parts.append(html.Small(hint, className="hint"))
    return html.Div(parts, className="field")


def legend(*items: tuple[str, str, str]) -> html.Div:
    """A legend under a graph: (mark, colour, words) per item. HTML rather than Plotly's own
    legend, which would be redrawn on every slider step."""
    return html.Div(
        [
            html.Span(
                [html.Span(mark, className="mark", style={"color": color}), words],
                className="legend-item",
            )
            for mark, color, words in items
        ],
        className="legend",
    )


def probability_bar(low: str, mid: str, high: str) -> html.Span:
    """The heatmap's colour scale as a small gradient with its ends named."""
    return html.Span(
        [
            html.Span("p = 0", className="hint"),
            html.Span(
                className="gradient",
                style={"background": f"linear-gradient(to right, {low}, {mid}, {high})"},
            ),
            html.Span("1", className="hint"),
        ],
        className="legend-item",
    )
