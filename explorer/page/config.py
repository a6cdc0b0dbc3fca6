"""What the browser needs to know to compute the views itself: registries and limits."""

from __future__ import annotations

import math

from latex2mathml.converter import convert

from tinynet.datasets import MAX_CSV_BYTES, MAX_SAMPLES
from tinynet.explorer import limits
from tinynet.explorer.state import HIDEABLE
from tinynet.explorer.views import diagram
from tinynet.explorer.views.stages import stage_label, stage_marks
from tinynet.explorer.widgets import style
from tinynet.model import ACTIVATIONS, Activation, Params, architecture, stage_end


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _lower_bound_is_minus_param(act: Activation) -> bool:
    if act.param is None:
        return False
    probes = (act.param.low + 0.25, act.param.high - 0.25)
    return all(act.with_param(v).output_range[0] == -v for v in probes)


def formula_html(act: Activation) -> str:
    """The activation's formula as MathML, which browsers draw themselves (no MathJax)."""
    return convert(act.formula, display="block")


def activation_spec(act: Activation) -> dict:
    spec = {
        "title": act.title,
        "formula": act.formula,
        "formula_html": formula_html(act),
        "effect": act.effect,
        "range": [_finite_or_none(v) for v in act.output_range],
        "range_follows_param": _lower_bound_is_minus_param(act),
        "elementwise": act.elementwise,
        "param": None,
    }
    if act.param is not None:
        p = act.param
        spec["param"] = {"label": p.label, "default": p.default, "low": p.low, "high": p.high}
    return spec


def client_config() -> dict:
    return {
        "activations": {name: activation_spec(act) for name, act in ACTIVATIONS.items()},
        "csv_max_bytes": MAX_CSV_BYTES,
        "hideable": list(HIDEABLE),
        "max_samples": MAX_SAMPLES,
        "limits": {
            name: getattr(limits, name)
            for name in (
                "WEIGHT_MAX",
                "WEIGHT_STEP",
                "WEIGHT_LIMIT",
                "STAGE_MAX",
                "HEATMAP_N",
                "GRID_LINES",
                "LINE_SAMPLES",
                "INPUT_VIEW",
                "UNBOUNDED_VIEW",
                "FIT_LIMIT",
                "HIST_BINS",
                "PROBA_BINS",
                "UNIT_MAP_N",
                "UNIT_MAP_PX",
            )
        },
        "style": {
            name: getattr(style, name)
            for name in (
                "POSITIVE",
                "NEGATIVE",
                "PROBA_SCALE",
                "SHADE",
                "LINE_COLOR",
                "GRID_V",
                "GRID_H",
                "CLASS_COLORS",
                "CLASS_SYMBOLS",
                "MARKER_SIZE",
                "UNIT_SCALE",
            )
        },
        # Every network the picker offers, by how links write it ("3", "2,2").
        "architectures": {
            architecture.short(hidden): {
                "hidden": list(hidden),
                "label": architecture.label(hidden),
                "names": list(architecture.names(hidden)),
                "defaults": Params.default(hidden).to_array().tolist(),
                "stage_end": stage_end(hidden),
                "stage_marks": stage_marks(hidden),
                "stage_label": stage_label(hidden),
            }
            for hidden in architecture.ALL
        },
        "diagram": {
            "nodes": diagram.NODES,
            "edges": diagram.EDGES,
            "offsets": diagram.LABEL_OFFSETS,
            "along": diagram.LABEL_ALONG,
            "biases": diagram.BIASES,
        },
    }
