"""docs/deploy.md, read as the commands it gives: each block marked `<!-- test: NAME -->`."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "deploy.md"


def blocks(path: Path = DOC) -> dict[str, str]:
    """The text of every fenced block that follows a `<!-- test: NAME -->` line, by NAME."""
    found = re.finditer(r"<!-- test: ([\w-]+) -->\n```\w*\n(.*?)\n```", path.read_text(), re.S)
    return {m.group(1): m.group(2) for m in found}


def commands(block: str) -> list[str]:
    """A shell block's commands, one per line, continuation lines joined."""
    return [c.strip() for c in block.replace("\\\n", " ").splitlines() if c.strip()]


def unit_setting(unit: str, key: str) -> list[str]:
    """Every value of `key=` in a systemd unit's text."""
    return [line.split("=", 1)[1] for line in unit.splitlines() if line.startswith(key + "=")]
