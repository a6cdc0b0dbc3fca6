"""The architecture picker: a compact drop-down of every network there is (2-1-1 ... 2-3-3-1),
shown at the top of the weights block and in the Network tab, both holding the same value."""

from __future__ import annotations

from dash import dcc, html

from tinynet.model import architecture

PICKERS = ("hidden", "hidden-network")  # the weights block's, the Network tab's


def _describe(hidden: tuple[int, ...]) -> str:
    layers = " and ".join(f"{k} unit{'s' if k > 1 else ''}" for k in hidden)
    plural = "s" if len(hidden) > 1 else ""
    return f"{architecture.label(hidden)}: {len(hidden)} hidden layer{plural} of {layers}"


OPTIONS = [
    {"label": architecture.label(h), "value": architecture.short(h), "title": _describe(h)}
    for h in architecture.ALL
]


def picker(picker_id: str, hidden: tuple[int, ...], shown_label: bool = True) -> html.Div:
    """`shown_label`: "Network" beside it (the Network tab), or only for a screen reader (the
    weights block's head, where the columns' headings need the room)."""
    return html.Div(
        [
            html.Label(
                "Network", htmlFor=picker_id, className="picker-label" if shown_label else "sr-only"
            ),
            dcc.Dropdown(
                id=picker_id,
                options=OPTIONS,
                value=architecture.short(hidden),
                clearable=False,
                searchable=False,
                className="arch-picker",
            ),
        ],
        className="arch-pick",
        title="The network: 2 inputs, one or two hidden layers of 1-3 units, 1 output. "
        "A new network starts from its Reset weights.",
        **{"data-part": "architecture"},
    )
