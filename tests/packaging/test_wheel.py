"""The package as users get it: the sdist and the wheel built from it (`python -m build`),
the wheel installed (not editable) into a fresh virtual environment that already holds Hugging
Face's `datasets` from PyPI, as a course notebook on Colab does. Both keep working: theirs
imports and builds a Dataset; ours trains, tries its lessons and serves its page.

The environment is cached between runs (TINYNET_TEST_CACHE, default ~/.cache/tinynet-tests):
only the wheel is reinstalled, and pip installs what a changed dependency list needs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from pathlib import Path

import pytest
from servers import ARTIFACTS, free_port, stop_server, wait_for_port

import tinynet
from tinynet.explorer.lessons.files import LESSONS

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("TINYNET_TEST_CACHE", Path.home() / ".cache" / "tinynet-tests"))
ENV = CACHE / f"wheel-env-py{sys.version_info.major}{sys.version_info.minor}"


def run(*cmd, cwd=None, check=True, timeout=900) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", out, ROOT)
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return wheel, sdist


@pytest.fixture(scope="module")
def env(built) -> Path:
    """A virtual environment with Hugging Face's datasets, then our wheel (reinstalled)."""
    wheel, _ = built
    python = ENV / "bin" / "python"
    if not python.exists():
        run(sys.executable, "-m", "venv", "--clear", ENV)
        run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", "datasets")
    run(python, "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", wheel)
    run(python, "-m", "pip", "install", "--quiet", wheel)  # what a changed dependency needs
    return ENV / "bin"


def test_the_wheel_holds_one_package_tinynet(built):
    wheel, sdist = built
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"tinynet"}
    assert "tinynet/py.typed" in names
    # Every module, asset and lesson of the source folders, so a new sub-package left out of
    # pyproject's package list fails here and not on a user's machine.
    for folder in ("model", "datasets", "explorer"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert f"tinynet/{path.relative_to(ROOT).as_posix()}" in names, path
    with tarfile.open(sdist) as tar:
        members = {m.split("/", 1)[1] for m in tar.getnames() if "/" in m}
    assert {"LICENSE", "pyproject.toml", "README.md", "model/network.py"} <= members
    assert {"docs/deploy.md", "docs/screenshot.png", ".ci/lowest.txt"} <= members


def test_building_says_nothing_about_undeclared_packages(tmp_path):
    done = run(sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path, ROOT)
    said = done.stdout + done.stderr
    assert "absent from" not in said and "BuildBackendWarning" not in said


def test_hugging_faces_datasets_still_works_beside_tinynet(env, tmp_path):
    code = (
        "import datasets, tinynet.datasets as ours\n"
        "ds = datasets.Dataset.from_dict({'x': [1, 2, 3], 'label': [0, 1, 0]})\n"
        "assert ds.num_rows == 3 and callable(datasets.load_dataset)\n"
        "assert 'parabola' in ours.DATASETS\n"
        "print(datasets.__file__, ours.__file__)"
    )
    theirs, ours = run(env / "python", "-c", code, cwd=tmp_path).stdout.split()
    assert theirs.endswith("site-packages/datasets/__init__.py")
    assert ours.endswith("site-packages/tinynet/datasets/__init__.py")
    assert "No broken requirements" in run(env / "python", "-m", "pip", "check").stdout


def test_the_installed_command_trains_and_tries_its_lessons(env, tmp_path):
    version = run(env / "tinynet", "--version", cwd=tmp_path).stdout.strip()
    assert version == f"tinynet {tinynet.__version__}"
    summary = json.loads(run(env / "tinynet", "train", "--json", cwd=tmp_path).stdout)
    assert summary["accuracy"] == 1.0 and summary["epochs_run"] == 150
    lessons = run(env / "tinynet", "lessons", cwd=tmp_path).stdout
    assert len(re.findall(r"^\S+\s+\d+ steps", lessons, re.M)) == len(LESSONS)
    guide = run(env / "tinynet", "docs", "deploy", cwd=tmp_path).stdout
    assert guide == (ROOT / "docs" / "deploy.md").read_text() + "\n"


def test_the_installed_server_answers_its_page_assets_and_lessons(env, tmp_path):
    port = free_port()
    with open(ARTIFACTS / "wheel-serve.log", "w") as log:
        proc = subprocess.Popen(
            [env / "tinynet", "serve", "--no-browser", "--port", str(port)],
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, proc)
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(base + "/", timeout=20) as r:
            page = r.read().decode()
        assert "<title>tinynet explorer</title>" in page
        assets = re.findall(r'(?:src|href)="(/assets/[^"]+)"', page)
        assert any(a.startswith("/assets/views/") for a in assets) and len(assets) >= 10
        for asset in assets:
            with urllib.request.urlopen(base + asset, timeout=20) as r:
                assert r.status == 200 and r.read(), asset
        with urllib.request.urlopen(base + "/_dash-layout", timeout=20) as r:
            layout = r.read().decode()
        for title in ("XOR needs a non-linearity", "A dead ReLU unit"):
            assert title in layout
    finally:
        stop_server(proc)
