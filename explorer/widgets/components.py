"""Small reusable pieces of the page: a graph that fills its box, a help note, a section, a
labelled field, a legend."""

from __future__ import annotations

from dash import dcc, html

# The camera button is replaced (assets/views/canvas.js) by PNG and SVG buttons that save
# the whole figure, canvas layer included.
# Only an image download in the mode bar: no zoom (the views are painted for their ranges),
# and never Plotly's "Share chart", which would upload a student's data to Plotly's cloud. The
# views' bar gets PNG and SVG of the whole figure from assets/views/canvas.js.
GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtons": [["toImage"]],
    "showSendToCloud": False,
    "showEditInChartStudio": False,
}


def graph(graph_id: str, figure: dict, name: str, class_name: str = "graph") -> dcc.Graph:
    """A graph that fills its box (CSS sizes the box; Plotly follows it)."""
    return dcc.Graph(
        id=graph_id,
        figure=figure,
        className=class_name,
        style={"height": "100%", "width": "100%"},
        config={**GRAPH_CONFIG, "toImageButtonOptions": {"filename": f"tinynet-{name}"}},
    )


def help_note(summary: str, *paragraphs: str) -> html.Details:
    return html.Details([html.Summary(summary)] + [html.P(p) for p in paragraphs], className="help")


def help_tip(*paragraphs: str) -> html.Details:
    """A small "?" that opens an explanation over the page (it pushes nothing aside)."""
    return html.Details(
        [html.Summary("?", title="What am I looking at?", **{"aria-label": "Help"})]
        + [html.Div([html.P(p) for p in paragraphs], className="tip-body")],
        className="help tip",
    )


def section(title: str, *children, **kwargs) -> html.Section:
    return html.Section([html.H2(title), *children], className="panel", **kwargs)


def labelled(label: str, control, control_id: str, hint: str | None = None) -> html.Div:
    parts = [html.Label(label, htmlFor=control_id), control]
    if hint:
        parts.append(html.Small(hint, className="hint"))
    return html.Div(parts, className="field")


def legend(*items: tuple) -> html.Div:
    """A legend under a graph: (mark, colour, words) per item, or (marks, colours, words) with
    several marks for one entry. HTML rather than Plotly's own legend, which would be redrawn
    on every slider step."""

    def marks(mark, color):
        pairs = zip(mark, color) if isinstance(mark, tuple) else [(mark, color)]
        return [html.Span(m, className="mark", style={"color": c}) for m, c in pairs]

    return html.Div(
        [
            html.Span([*marks(mark, color), words], className="legend-item")
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
