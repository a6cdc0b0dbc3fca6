"""The lowest versions `make test` installs (.ci/lowest.txt) are exactly the lower bounds
pyproject.toml allows: a bound raised or a dependency added without the other fails here."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def lower_bounds() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    found = {}
    for dep in deps:
        name, extras, low = re.match(
            r"([A-Za-z0-9_.\-]+)(?:\[([^\]]*)\])?\s*>=\s*([0-9.]+)", dep
        ).groups()
        found[name.lower()] = low
        if name.lower() == "psycopg" and extras == "binary":
            # psycopg's binary extra installs psycopg-binary of exactly its own version.
            found["psycopg-binary"] = low
    return found


def pinned() -> dict[str, str]:
    lines = (ROOT / ".ci" / "lowest.txt").read_text().splitlines()
    pins = [line.split("==") for line in lines if line.strip() and not line.startswith("#")]
    return {name.split("[")[0].strip().lower(): version.strip() for name, version in pins}


def test_the_lowest_versions_tested_are_the_lower_bounds():
    assert pinned() == lower_bounds()
