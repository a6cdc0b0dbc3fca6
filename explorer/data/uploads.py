"""A student's own data: an uploaded CSV checked by datasets/ and brought into the view box."""

from __future__ import annotations

import base64
import binascii

import numpy as np

from tinynet.datasets import MAX_CSV_BYTES, CsvError, parse_csv
from tinynet.datasets.csvfile import size_words
from tinynet.explorer.data.points import data_payload

MAX_NAME = 80


def read_upload(contents, filename) -> tuple[dict | None, str]:
    """(payload for the data store, message); payload None when the file is refused."""
    name = filename[:MAX_NAME] if isinstance(filename, str) else "upload.csv"
    if not isinstance(contents, str) or "," not in contents[:200]:
        return None, f"{name}: the upload did not arrive as a file; try again"
    encoded = contents.split(",", 1)[1]
    if len(encoded) * 3 // 4 - encoded[-2:].count("=") > MAX_CSV_BYTES:
        size = len(encoded) * 3 // 4 - encoded[-2:].count("=")
        return None, f"{name}: {size_words(size)}: use fewer points. Nothing was changed."
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None, f"{name}: the upload was damaged on the way; try again"
    try:
        data = parse_csv(raw)
    except CsvError as why:
        return None, f"{name}: {why}. Nothing was changed."
    X = data.X
    note = ""
    peak = float(np.abs(X).max())
    if peak > 1.0:
        X = X / peak
        note = f" Coordinates were divided by {peak:.3g} to fit the view's [-1, 1] square."
    message = f"{name}: {len(X)} points; {data.mapping}.{note}"
    return data_payload(X, data.y, f"upload:{name}", note=message, title=name), message
