"""Reading untrusted named values one by one: each value is taken, clamped or refused, and
every value that is not taken as it came gets one message saying why and what was kept."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from tinynet.model import architecture

MAX_TEXT = 64  # no name in any registry is longer


DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+|[+-]?\d+,")


def _decimal_point(text: str) -> str:
    """ "1,5" as 1.5: half the class writes a decimal comma (the same rule as the weight boxes'
    readNumber in assets/page/weights.js)."""
    text = text.strip().replace("\u2212", "-")
    return text.replace(",", ".") if DECIMAL_COMMA.fullmatch(text) else text


class Reader:
    """Reads fields one by one, collecting a message for each value it cannot take."""

    def __init__(self, raw: Mapping[str, Any]):
        self.raw, self.messages = raw, []

    def number(self, key: str, low: float, high: float, default: float) -> float:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if isinstance(value, str) and len(value) <= MAX_TEXT:
                try:
                    value = float(_decimal_point(value))
                except ValueError:
                    self.messages.append(f"{key}: {value!r} is not a number; kept {default:g}")
                    return default
            else:
                self.messages.append(f"{key}: expected a number; kept {default:g}")
                return default
        try:
            value = float(value)  # a huge int overflows here rather than in isfinite
        except OverflowError:
            self.messages.append(f"{key}: the number is far too large; kept {default:g}")
            return default
        if not math.isfinite(value):
            self.messages.append(f"{key}: {value} is not a finite number; kept {default:g}")
            return default
        if value < low or value > high:
            clamped = min(max(value, low), high)
            self.messages.append(
                f"{key}: {value:g} is outside [{low:g}, {high:g}]; set {clamped:g}"
            )
            return float(clamped)
        return float(value)

    def whole(self, key: str, low: int, high: int, default: int) -> int:
        value = self.number(key, low, high, default)
        if value != int(value):
            self.messages.append(f"{key}: {value:g} is not a whole number; set {round(value)}")
        return int(round(value))

    def choice(self, key: str, allowed: Mapping[str, Any], default: str) -> str:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if isinstance(value, str) and value in allowed:
            return value
        shown = repr(value[:MAX_TEXT]) if isinstance(value, str) else type(value).__name__
        self.messages.append(f"{key}: {shown} is not one of {', '.join(allowed)}; kept {default}")
        return default

    def architecture(self, key: str, default: tuple[int, ...]) -> tuple[int, ...]:
        """A network's hidden sizes, written like 3 or 2,2 (model/architecture.py)."""
        if key not in self.raw:
            return default
        value = self.raw[key]
        if isinstance(value, str) and len(value) > MAX_TEXT:
            value = value[:MAX_TEXT]
        try:
            return architecture.check(value)
        except ValueError as why:
            self.messages.append(f"{key}: {why}; kept {architecture.label(default)}")
            return default

    def flag(self, key: str, default: bool) -> bool:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if isinstance(value, bool):
            return value
        if value in (0, 1, "0", "1", "true", "false"):
            return value in (1, "1", "true")
        self.messages.append(f"{key}: expected true or false; kept {str(default).lower()}")
        return default

    def name(self, key: str, pattern: re.Pattern, default: str) -> str:
        if key not in self.raw:
            return default
        value = self.raw[key]
        if isinstance(value, str) and (value == "" or pattern.fullmatch(value)):
            return value
        shown = repr(value[:MAX_TEXT]) if isinstance(value, str) else type(value).__name__
        self.messages.append(f"{key}: {shown} is not a valid name; kept {default or 'none'}")
        return default

    def parts(self, key: str, allowed: Mapping[str, Any], default: str) -> str:
        """A comma-separated choice of several names, written back in the registry's order."""
        if key not in self.raw:
            return default
        value = self.raw[key]
        if not isinstance(value, str) or len(value) > MAX_TEXT * 4:
            self.messages.append(f"{key}: expected names separated by commas; kept {default!r}")
            return default
        asked = {p.strip() for p in value.split(",") if p.strip()}
        unknown = asked - set(allowed)
        if unknown:
            shown = ", ".join(sorted(p[:MAX_TEXT] for p in unknown)[:5])
            self.messages.append(f"{key}: {shown} not among {', '.join(allowed)}; ignored")
        return ",".join(p for p in allowed if p in asked)
