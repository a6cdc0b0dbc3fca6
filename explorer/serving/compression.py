"""Compressed responses (flask-compress): brotli, or gzip for a browser without it. The page's
scripts are most of its bytes (Plotly alone is 4.8 MB) and never change under their
fingerprinted names, so each is compressed once per encoding and kept, as are the layout and the
callback list; callback answers differ every time and are compressed as they go."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response
from flask_compress import Compress

# What Dash makes afresh for every page load though it never changes in a running app: the
# layout is 370 kB of JSON (13 ms to make, 17 ms with brotli), asked for by every student.
UNCHANGING = ("/_dash-layout", "/_dash-dependencies")
# /_replay/: an exported replay's template per network (training/download.py), under a name
# that changes with its text.
STATIC = ("/_dash-component-suites/", "/assets/", "/_replay/", *UNCHANGING)


# Bounds on what is kept, whatever is asked for: the page's files in both encodings are about
# 120 entries and 12 MB; anything past the bounds is compressed for its request and not kept.
MAX_ENTRIES = 512
MAX_BYTES = 64 * 2**20


class StaticCache:
    """flask-compress's cache, for the fingerprinted scripts and styles only, bounded."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}
        self.size = 0

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if ";static:" not in key or key in self.data:
            return
        if len(self.data) >= MAX_ENTRIES or self.size + len(value) > MAX_BYTES:
            return
        self.data[key] = value
        self.size += len(value)


def cache_key_for(assets: Path | None):
    """The cache's key: the path, never the query (Dash's ?m= and ?v= stamps, or anything a
    client adds, which would otherwise make a new entry each time), and for a file under
    assets/ its modification time, so that a file changed on disk is compressed again."""

    def cache_key(req) -> str:
        if req.method != "GET" or not req.path.startswith(STATIC):
            return f"each:{id(req)}"  # never kept: StaticCache.set ignores it
        stamp = ""
        if assets is not None and req.path.startswith("/assets/"):
            try:
                stamp = f"@{(assets / req.path[len('/assets/') :]).stat().st_mtime_ns}"
            except (OSError, ValueError):
                return f"each:{id(req)}"
        return f"static:{req.path}{stamp}"

    return cache_key


def compress(server: Flask, assets: Path | None = None) -> None:
    """Compression for the app's answers; `assets` is the app's assets folder."""
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_MIMETYPES=[
            "text/html",
            "text/css",
            "text/plain",
            "application/javascript",
            "text/javascript",
            "application/json",
            "image/svg+xml",
        ],
        COMPRESS_MIN_SIZE=500,
        COMPRESS_BR_LEVEL=5,
        COMPRESS_LEVEL=6,
        COMPRESS_CACHE_BACKEND=StaticCache,
        COMPRESS_CACHE_KEY=cache_key_for(assets),
    )
    Compress(server)

    @server.after_request
    def whole(response):
        # Files under assets/ are sent as a stream, which flask-compress would compress again
        # for every request (and never with gzip); read into memory, they are compressed once
        # and kept. (Registered after Compress, so it runs before it.)
        if response.is_streamed and response.status_code == 200:
            response.direct_passthrough = False
            response.make_sequence()
        return response


def keep_unchanging(server: Flask) -> None:
    """Answer the layout and the callback list from what was made the first time (and, through
    StaticCache, compressed the first time). Call once every callback is registered."""
    for endpoint in UNCHANGING:
        view = server.view_functions[endpoint]
        kept: dict = {}

        def answer(view=view, kept=kept):
            if not kept:
                made = view()
                kept.update(body=made.get_data(), mimetype=made.mimetype)
            return Response(kept["body"], mimetype=kept["mimetype"])

        server.view_functions[endpoint] = answer


def warm(server: Flask) -> int:
    """Compress the page's scripts and styles once now, in every encoding, so the first
    students of a class do not wait for it (Plotly alone takes a few hundred ms). Returns how
    many files were compressed."""
    import re

    client = server.test_client()
    page = client.get("/").get_data(as_text=True)
    files = set(re.findall(r'(?:src|href)="(/(?:_dash-component-suites|assets)/[^"]+)"', page))
    files |= {
        m
        for m in re.findall(r'"(/_dash-component-suites/[^"]+\.js[^"]*)"', page)
        if "async-" in m or "plotly" in m
    }
    for path in files:
        for encoding in ("br", "gzip"):
            client.get(path, headers={"Accept-Encoding": encoding})
    return len(files)
