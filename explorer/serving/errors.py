"""An error nobody planned for (a bug, a broken install) inside a callback: the traceback goes
to the server's log, and the page says in a sentence that something went wrong and what to do,
instead of a refused request and a page that waits for ever."""

from __future__ import annotations

import logging

from dash import set_props
from werkzeug.exceptions import HTTPException

LOG = logging.getLogger("tinynet.explorer")
SENTENCE = (
    "The server met an unexpected error and wrote it to its log. Nothing was changed: "
    "try again, and if it happens again, reload the page or tell whoever runs the server."
)


def callback_error(error: Exception) -> None:
    """Dash's on_error: called inside the callback's `except`, so the traceback is at hand.
    The callback's outputs stay as they were; the top bar's notice says what happened. A
    planned refusal (the heavy slot's "busy", 503 with Retry-After) is no error: it goes on to
    the page as itself, which asks again after the pause (assets/page/retry.js)."""
    if isinstance(error, HTTPException):
        raise error
    LOG.error("a callback failed: %s: %s", type(error).__name__, error, exc_info=error)
    set_props("notice", {"children": SENTENCE, "className": "notice problem"})
