"""The nine weights laid out like the maths: a row per unit (h1, h2, the output), columns for
what feeds it. Each weight has a slider (its range is the classroom's ±8), a box that holds the
true value (trained weights go past the slider's ends: the slider then stays pinned at its end
and the box says so), and the slope of the loss. Each hidden row starts with a map of its unit
over the input plane, painted in the page on every change (assets/views/units.js)."""

from __future__ import annotations

from dash import dcc, html

from tinynet.explorer.architectures.picker import picker
from tinynet.explorer.limits import UNIT_MAP_PX, WEIGHT_MAX, WEIGHT_STEP
from tinynet.explorer.state import State
from tinynet.model import Params

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
ROWS = (
    ("h1", ("w11", "w12", "b11"), "hidden_weights"),
    ("h2", ("w21", "w22", "b12"), "hidden_weights"),
    ("out", ("w13", "w23", "b13"), "output_weights"),
)


def shown_value(value: float) -> str:
    """A weight as its box shows it: four decimals at most (assets/page/weights.js: shown)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def weight_control(name: str, value: float) -> html.Div:
    label = f"{name}: {WEIGHT_HELP[name]}"
    return html.Div(
        [
            html.Label(name, htmlFor=f"box-{name}", className="weight-name", title=label),
            # The slider is a native range input that assets/page/sliders.js puts in this box:
            # a move repaints the views in the same frame, and Dash hears of it a frame later
            # (a Dash slider runs the store and its callbacks first: three frames a step).
            html.Div(
                id=name,
                className="weight-track",
                **{
                    "data-label": label,
                    "data-min": -WEIGHT_MAX,
                    "data-max": WEIGHT_MAX,
                    "data-step": WEIGHT_STEP,
                    "data-value": min(max(value, -WEIGHT_MAX), WEIGHT_MAX),
                },
            ),
            dcc.Input(
                id=f"box-{name}",
                type="text",
                inputMode="decimal",
                value=shown_value(value),
                debounce=True,
                autoComplete="off",
                spellCheck=False,
                className="weight-box",
            ),
            # dL/d(this weight) on all the points, kept up to date by the page.
            html.Small(id=f"grad-{name}", className="grad", title="slope of the loss"),
        ],
        className="weight",
    )


def unit_map(unit: str) -> html.Div:
    return html.Div(
        [
            html.Canvas(
                id=f"map-{unit}",
                width=UNIT_MAP_PX,
                height=UNIT_MAP_PX,
                className="unit-map",
                role="img",
                **{"aria-label": f"{unit} over the input plane"},
            ),
            html.Span(unit, className="unit"),
            html.Small(id=f"map-{unit}-range", className="map-range"),
        ],
        className="unit-cell",
        title=f"{unit} = f(z) over the input plane; dashed: where z = 0",
    )


def weights_block(state: State) -> html.Section:
    # 2-2-1's rows; another network's are built in the page, and these wait hidden.
    p = state.params if state.params.hidden == (2,) else Params.default()
    rows = []
    for unit, names, part in ROWS:
        head = (
            unit_map(unit)
            if unit != "out"
            else html.Div(html.Span("out", className="unit"), className="unit-cell")
        )
        rows.append(
            html.Div(
                [head] + [weight_control(n, getattr(p, n)) for n in names],
                className=f"weight-row row-{unit}",
                **{"data-part": part},
            )
        )
    return html.Section(
        [
            html.Div(
                [
                    html.Div(
                        [
                            html.H2("Weights", className="block-title"),
                            html.Button(
                                "Reset",
                                id="reset",
                                className="button small secondary",
                                title="W = identity, b = 0, w13 = 0, w23 = 1, b13 = 0",
                            ),
                        ],
                        className="weights-title",
                    ),
                    html.Span("× x1  (out: × h1)", className="col"),
                    html.Span("× x2  (out: × h2)", className="col"),
                    html.Span("bias", className="col"),
                    picker("hidden", state.params.hidden, shown_label=False),
                ],
                className="weight-head",
                title="Drag a slider, or type any value in its box (1.5 or 1,5); "
                "arrow keys on a slider step 0.01.",
            ),
            html.Div(rows, id="weights-221", className="weights-rows"),
            # Any other network's rows, built in the page (assets/architectures/block.js).
            html.Div(id="weights-general", className="weights-rows"),
        ],
        className="weights",
        id="part-weights",
        **{"aria-label": "The weights"},
    )
