"""Own points in a link, compactly: quantised to 1e-4 and packed as bytes (two little-endian
int16 per point, then the labels as bits), base64url without padding. The page writes it after
`#points=` in the link's fragment, which browsers never send to a server, so the servers' and
proxies' limits on a request line (8 KB in nginx and gunicorn) do not apply; the page posts it
to the server with the link's other fields, where decode() checks it like any other input.
assets/sharing/points.js writes the same bytes; a browser test holds the two equal.
"""

from __future__ import annotations

import base64
import binascii
import struct

import numpy as np

MAGIC = b"TN1"
SCALE = 10_000  # 1e-4: finer than the sliders' step and than the page's clicks
REACH = 32767 / SCALE  # the largest |coordinate| a link can hold (the views span ±1.2)
POINTS_MAX = 10_000  # keeps a link under 64 KB, which every common browser opens


class PointsError(ValueError):
    """Points a link cannot hold, or a fragment that is not a valid set of points."""


def encode(X: np.ndarray, y: np.ndarray) -> str:
    X = np.asarray(X, float).reshape(-1, 2)
    y = np.asarray(y).astype(int)
    if len(X) > POINTS_MAX:
        raise PointsError(f"a link holds at most {POINTS_MAX:,} points, these are {len(X):,}")
    if len(X) and np.abs(X).max() > REACH:
        raise PointsError(f"a link holds coordinates within ±{REACH:g}")
    q = np.rint(X * SCALE).astype("<i2")
    bits = np.packbits(y.astype(np.uint8), bitorder="little")
    raw = MAGIC + struct.pack("<I", len(X)) + q.tobytes() + bits.tobytes()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode(text: str, most: int = POINTS_MAX) -> tuple[np.ndarray, np.ndarray]:
    """The points of a link; PointsError says what is wrong with a damaged or forged one."""
    if not isinstance(text, str) or len(text) > 4 * (most * 5 + 64) // 3 + 4:
        raise PointsError("the points in the link are too long")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise PointsError("the points in the link are damaged") from None
    if raw[:3] != MAGIC or len(raw) < 7:
        raise PointsError("the points in the link are damaged")
    (n,) = struct.unpack("<I", raw[3:7])
    if not 0 < n <= most:
        raise PointsError(f"the link names {n:,} points; it may hold 1 to {most:,}")
    size = 7 + 4 * n + (n + 7) // 8
    if len(raw) != size:
        raise PointsError("the points in the link are cut off or damaged")
    X = np.frombuffer(raw[7 : 7 + 4 * n], dtype="<i2").reshape(n, 2).astype(float) / SCALE
    bits = np.frombuffer(raw[7 + 4 * n :], dtype=np.uint8)
    y = np.unpackbits(bits, bitorder="little")[:n].astype(int)
    return X, y
