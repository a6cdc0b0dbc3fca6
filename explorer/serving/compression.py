"""Compressed responses (flask-compress): brotli, or gzip for a browser without it. The page's
scripts are most of its bytes (Plotly alone is 4.8 MB) and never change under their
fingerprinted names, so each is compressed once per encoding and kept; callback answers differ
every time and are compressed as they go."""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress

STATIC = ("/_dash-component-suites/", "/assets/")


class StaticCache:
    """flask-compress's cache, for the fingerprinted scripts and styles only."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if ";static:" in key:
            self.data[key] = value


def cache_key(req) -> str:
    if req.method == "GET" and req.path.startswith(STATIC):
        return f"static:{req.full_path}"
    return f"each:{id(req)}"  # never kept: StaticCache.set ignores it


def compress(server: Flask) -> None:
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
        COMPRESS_CACHE_KEY=cache_key,
    )
    Compress(server)
