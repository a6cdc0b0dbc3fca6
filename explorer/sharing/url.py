"""The page's state in its address: to a query string and back, through the state schema.

Every value is written with repr, so a link reopens exactly the same numbers; anything a
tampered or truncated link holds is read by state.parse / parse_train, which keep the default
for what they refuse and say why. Own points (uploaded or added by hand) travel in the
fragment, `#points=...` (pointcode.py), with `data_name` in the query.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import parse_qs, parse_qsl, urlencode

from tinynet.explorer.sharing import pointcode
from tinynet.explorer.state import State, TrainOptions, parse, parse_train
from tinynet.model import architecture

MAX_QUERY = 2000  # a full state is about 600 characters
DATA_NAME = re.compile(r"[A-Za-z0-9 ._()-]{1,40}")
TRAIN_PREFIX = "train_"


def _text(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_query(state: State, train: TrainOptions) -> str:
    """'?w11=1.0&...': the whole state and the training options."""
    fields = {k: v for k, v in state.to_dict().items() if v is not None and v != ""}
    fields.update({TRAIN_PREFIX + k: v for k, v in dataclasses.asdict(train).items()})
    return "?" + urlencode({k: _text(v) for k, v in fields.items()})


def from_query(query: str) -> tuple[State, TrainOptions, list[str]]:
    """State and training options from a query string; defaults (and a note) for the rest."""
    if not isinstance(query, str):
        return State(), TrainOptions(), ["the link could not be read; opened the defaults"]
    if len(query) > MAX_QUERY:
        return (
            State(),
            TrainOptions(),
            [
                f"the link is {len(query):,} characters long (at most {MAX_QUERY:,}): "
                "opened the defaults"
            ],
        )
    pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True)
    raw = {}
    for key, value in pairs:
        raw.setdefault(key, value)  # the first of repeated keys counts
    return from_fields(raw, what="the link")


def to_fragment(X, y) -> str:
    """'#points=...' for own points (pointcode.PointsError when a link cannot hold them)."""
    return "#points=" + pointcode.encode(X, y)


def points_from(fragment: str, name=None) -> tuple[tuple | None, list[str]]:
    """The own points a link's fragment holds, and what was wrong with them: ("points", X, y,
    name) for a whole set of its own, ("added", X, y, name) for points added by hand to the
    data set the link names, or None."""
    if not isinstance(fragment, str) or not fragment.lstrip("#"):
        return None, []
    fields = parse_qs(fragment.lstrip("#"), keep_blank_values=True)
    kind = next((k for k in ("points", "added") if k in fields), None)
    if kind is None:
        return None, []
    try:
        X, y = pointcode.decode(fields[kind][0])
    except pointcode.PointsError as why:
        return None, [f"{why}: opened the data set the link names instead"]
    if kind == "points" and len(set(y.tolist())) < 2:
        return None, ["the link's points are all of one class: opened the data set it names"]
    if kind == "added":
        name = f"{len(y)} points added by hand"
    elif not isinstance(name, str) or not DATA_NAME.fullmatch(name):
        name = "points from the link"
    return (kind, X, y, name), []


FIELDS = (
    set(State().to_dict())
    | {"hidden"}
    | {name for hidden in architecture.ALL for name in architecture.names(hidden)}
    | {TRAIN_PREFIX + f.name for f in dataclasses.fields(TrainOptions)}
    | {"data_name"}
)


def from_fields(
    raw: dict,
    state: State | None = None,
    train: TrainOptions | None = None,
    what: str = "the link",
) -> tuple[State, TrainOptions, list[str]]:
    """State and training options from named fields in the link's vocabulary (a link, a
    lesson's preset), on top of `state` and `train`; what cannot be taken is said."""
    train_raw = {k[len(TRAIN_PREFIX) :]: v for k, v in raw.items() if k.startswith(TRAIN_PREFIX)}
    state_raw = {k: v for k, v in raw.items() if not k.startswith(TRAIN_PREFIX)}
    unknown = sorted(set(raw) - FIELDS)
    state, messages = parse(state_raw, state)
    train, more = parse_train(train_raw, train)
    messages += more
    if unknown:
        shown = ", ".join(k[:20] for k in unknown[:5])
        messages.append(f"{what} had names this page does not know ({shown}); they were ignored")
    return state, train, messages
