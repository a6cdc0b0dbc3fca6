"""Follow a point through the network: the Network tab's worked arithmetic for one point,
layer by layer with the numbers plugged in (z = w11 x1 + w12 x2 + b11 = ..., h1 = tanh(z1) =
..., p = ...), and the point marked in the input and hidden views. Worked out in the page
(assets/views/follow.js) on every repaint, so it follows the sliders and a run as they move."""

from __future__ import annotations

from dash import dcc, html

from tinynet.explorer.widgets.components import labelled

START = (
    "Pick a point to see the network's arithmetic for it, layer by layer: step through the "
    "data with Previous and Next, type x1 and x2, or choose “follows it” below and click "
    "the input view."
)


def follow_panel() -> html.Div:
    return html.Div(
        [
            html.H3("Follow a point"),
            html.Div(
                [
                    html.Button("◂ Previous point", id="follow-prev", className="button secondary"),
                    html.Button("Next point ▸", id="follow-next", className="button secondary"),
                ],
                className="row",
            ),
            html.Div(
                [
                    labelled(
                        "x1",
                        dcc.Input(id="follow-x1", type="text", inputMode="decimal", debounce=True),
                        "follow-x1",
                    ),
                    labelled(
                        "x2",
                        dcc.Input(id="follow-x2", type="text", inputMode="decimal", debounce=True),
                        "follow-x2",
                    ),
                    html.Button("Follow", id="follow-go", className="button secondary"),
                ],
                className="row add-row",
            ),
            html.Div(
                [
                    html.Span("A click on the input view:", className="hint"),
                    dcc.RadioItems(
                        id="click-does",
                        options=[
                            {"label": " adds a point", "value": "add"},
                            {"label": " follows it", "value": "follow"},
                        ],
                        value="add",
                        inline=True,
                        className="checklist",
                    ),
                ],
                className="click-does",
                **{"data-group-label": "A click on the input view"},
            ),
            html.Pre(
                START,
                id="arithmetic",
                className="equations arithmetic",
                tabIndex=0,
                role="region",
                **{"aria-label": "The network's arithmetic for the followed point"},
            ),
        ],
        className="follow",
        **{"data-part": "network"},
    )
