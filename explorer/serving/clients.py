"""Who is asking, for sharing the heavy slot fairly (serving/heavy.py) and for rate limits.

A page that loads gets a client cookie: a random name signed with a key this server made when
it started (an HMAC), so a client cannot pass itself off as many by inventing names, and a
reload or a second tab is the same client. A request without a valid cookie (a script, a
client that refuses cookies) is known by its address instead: all such requests from one
address are one client. Behind a school's router every student has the same address, which is
why the cookie comes first.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets

from flask import Request, Response, request

COOKIE = "tinynet_client"
MAX_AGE = 30 * 24 * 3600  # s: a month, about a unit of teaching
KEY_VARIABLE = "TINYNET_CLIENT_KEY"


def _key() -> bytes:
    """The signing key: every worker must sign alike. gunicorn's master puts a new one in the
    environment before it forks (gunicorn_conf.on_starting), for workers that each import the
    app (docs/deploy.md's command); `tinynet serve` makes the app, and this, before forking."""
    given = os.environ.get(KEY_VARIABLE, "")
    try:
        key = bytes.fromhex(given)
    except ValueError:
        key = b""
    return key if len(key) >= 16 else secrets.token_bytes(32)


_KEY = _key()


def _sign(name: str) -> str:
    return hmac.new(_KEY, name.encode(), hashlib.sha256).hexdigest()[:32]


def _valid(value: str | None) -> str | None:
    """The client's name if the cookie is one this server signed, else None."""
    if not value or len(value) > 80 or "." not in value:
        return None
    name, signature = value.rsplit(".", 1)
    return name if hmac.compare_digest(signature, _sign(name)) else None


def address(req: Request | None = None) -> str:
    """The client's address: behind a proxy on this machine (nginx as docs/deploy.md sets it
    up), the client it names last in X-Forwarded-For."""
    req = req or request
    peer = req.remote_addr or "?"
    forwarded = req.headers.get("X-Forwarded-For", "")
    try:
        local = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        local = False
    if local and forwarded:
        return forwarded.split(",")[-1].strip()[:64] or peer
    return peer


def client_key() -> str:
    """The requesting client: its signed cookie's name, or its address."""
    name = _valid(request.cookies.get(COOKIE))
    return f"client:{name}" if name else f"address:{address()}"


def give_cookie(response: Response) -> Response:
    """A page (HTML) answered to a client without a valid cookie: it gets one."""
    if (
        response.status_code == 200
        and response.mimetype == "text/html"
        and _valid(request.cookies.get(COOKIE)) is None
    ):
        name = secrets.token_urlsafe(12)
        response.set_cookie(
            COOKIE,
            f"{name}.{_sign(name)}",
            max_age=MAX_AGE,
            httponly=True,  # no script of the page needs it
            samesite="Strict",
            secure=request.is_secure,
        )
    return response
