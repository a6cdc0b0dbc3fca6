import os

import pytest
from hypothesis import settings

from tinynet import datasets

# Locally every run explores new examples; CI replays a fixed set, so that a landing never
# depends on the luck of the draw (anything found locally is then fixed for good).
settings.register_profile("default", deadline=None, max_examples=60)
settings.register_profile("ci", deadline=None, max_examples=60, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(scope="session")
def parabola():
    return datasets.load("parabola")


@pytest.fixture(autouse=True)
def class_database_of_its_own(tmp_path_factory, monkeypatch):
    """Every test's servers and commands keep their class data in a folder of the test's own,
    never in the user's data folder (TINYNET_CLASS_DB is what `tinynet serve` and the WSGI
    entry point read when no --class-db is given)."""
    folder = tmp_path_factory.mktemp("classes")
    monkeypatch.setenv("TINYNET_CLASS_DB", str(folder / "classes.sqlite3"))


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server (Debian's), on a socket in a temporary folder, for the session."""
    from postgres import Postgres

    with Postgres() as server:
        yield server
