"""Security headers on every response, and a content security policy the app itself satisfies.

Scripts may only come from this server (plus the hashes of Dash's own inline scripts, which
Dash computes); nothing is evaluated from text. Styles may be inline because Plotly and Dash's
components set style attributes. Images may be data: or blob: URLs (the canvas painter and the
PNG/SVG downloads make them).
"""

from __future__ import annotations

from dash import Dash
from dash.exceptions import DependencyException
from flask import abort, request
from werkzeug.exceptions import HTTPException, NotFound

from tinynet.explorer.serving.clients import give_cookie

# What the page's config would tell any visitor about the machine (the exact Python build) or
# where it phones (Dash's version check, which only its dev tools use).
CONFIG_UNSAID = ("python_version", "dash_version_url", "ddk_version")

# On every response, whoever answers (the app, or the server's own error pages).
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


def policy(script_hashes: list[str], framers: str = "'none'") -> str:
    parts = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": framers,
    }
    return "; ".join(f"{k} {v}" for k, v in parts.items())


def harden(app: Dash, framers: list[str] | None = None) -> None:
    """Call after every callback is registered (the inline scripts' hashes depend on them).
    `framers`: the origins that may show the page in a frame (a notebook's); none by default."""
    csp = policy(list(app.csp_hashes()), " ".join(framers) if framers else "'none'")
    headers = {**HEADERS, "Content-Security-Policy": csp}
    if framers:
        del headers["X-Frame-Options"]

    dash_config = app._config

    def config() -> dict:
        said = dash_config()
        for key in CONFIG_UNSAID:
            said.pop(key, None)
        return said

    app._config = config

    @app.server.before_request
    def only_the_page():
        # Dash answers every unknown path with the page (for multi-page apps); this app has one
        # page, so a mistyped or probed address is a plain 404.
        rule = request.url_rule
        if rule is not None and rule.rule == "/<path:path>":
            abort(404)

    @app.server.errorhandler(Exception)
    def refuse(error):
        # A request Dash cannot read (missing fields, nonsense JSON, nesting too deep) is the
        # client's fault: a short 400 says so; the traceback goes to the log, never the client.
        if isinstance(error, HTTPException):
            return error
        if isinstance(error, DependencyException):  # a component file that does not exist
            return NotFound()
        app.server.logger.warning("refused a request: %s: %s", type(error).__name__, error)
        return {"message": "this request could not be read: reload the page"}, 400

    @app.server.after_request
    def add_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return give_cookie(response)  # the page's client name, for a fair share of the work
