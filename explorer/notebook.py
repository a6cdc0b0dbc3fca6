"""The explorer inside a Jupyter notebook, the way the course notebooks are used."""

from __future__ import annotations

import socket

from tinynet.explorer.sharing.url import from_query
from tinynet.explorer.state import State, parse


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def show(state: State | dict | str | None = None, height: int = 1100, port: int | None = None):
    """Run the explorer inline in the notebook.

    `state` may be a State, a dict of its fields ({"w11": -3, "activation": "relu", ...}) or a
    link copied from the page (its query string); anything invalid in it is reported and left
    at its default, exactly as the page does with a link.
    """
    from tinynet.explorer.app import create_app

    messages: list[str] = []
    if isinstance(state, str):
        state, _, messages = from_query(state.split("?", 1)[-1])
    elif isinstance(state, dict):
        state, messages = parse(state)
    elif state is not None and not isinstance(state, State):
        raise TypeError("state must be a State, a dict of its fields, or a link")
    for message in messages:
        print(f"tinynet: {message}")
    app = create_app(state, in_notebook=True)
    app.run(
        jupyter_mode="inline",
        jupyter_height=height,
        host="127.0.0.1",
        port=port or _free_port(),
        debug=False,
    )
    return app
