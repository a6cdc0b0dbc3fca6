"""The state schema: the single gate for untrusted input (callback payloads, links, lesson
presets, uploaded files, a run posted back to go on training). Each part parses JSON-like input
into valid values plus one message per value it refused or clamped, and never raises on bad
input: what it refuses keeps the last good value.

page.py: the page's state; training.py: training options; runs.py: a run posted back to go
on training; points.py: the data a request names; reader.py: reading named values one by one.
"""

from tinynet.explorer.state.page import HIDEABLE, LESSON_NAME, STEPS_MAX, State, parse
from tinynet.explorer.state.points import parse_data, parse_points
from tinynet.explorer.state.runs import RunRefused, parse_run
from tinynet.explorer.state.training import MAX_SEED, STARTS, TrainOptions, parse_train

__all__ = [
    "HIDEABLE",
    "LESSON_NAME",
    "MAX_SEED",
    "STARTS",
    "STEPS_MAX",
    "RunRefused",
    "State",
    "TrainOptions",
    "parse",
    "parse_data",
    "parse_points",
    "parse_run",
    "parse_train",
]
