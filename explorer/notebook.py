"""The explorer inside a Jupyter notebook, the way the course notebooks are used.

show() starts the explorer on a free loopback port in a thread of the kernel and displays it
below the cell in a frame (Dash's Jupyter integration). The page's security policy names who
may frame it: the local origins, VS Code's notebook webviews, Colab's output frames when the
kernel runs in Colab, and the Jupyter server that started this kernel, found in Jupyter's
runtime folder (so JupyterLab opened at 127.0.0.2 or at a LAN name frames it too).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from tinynet.explorer.sharing.url import from_query
from tinynet.explorer.state import State, parse
from tinynet.model import architecture

# Who may always frame the page in a notebook: this machine's own origins, and VS Code's
# notebook outputs (webviews have their own scheme, which no web page can take).
LOCAL_FRAMERS = (
    "'self'",
    "http://localhost:*",
    "http://127.0.0.1:*",
    "https://localhost:*",
    "https://127.0.0.1:*",
    "vscode-webview:",
)
# Colab shows the frame through its own https proxy, inside its output frames.
COLAB_FRAMERS = ("https://colab.research.google.com", "https://*.googleusercontent.com")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyter_server_of_this_kernel() -> dict | None:
    """The Jupyter server that started this kernel (its runtime file names its pid, which is
    the kernel's parent), or None (a plain IPython, nbclient, VS Code's own kernels)."""
    try:
        from jupyter_core.paths import jupyter_runtime_dir
    except ImportError:
        return None
    parent = os.getppid()
    for path in sorted(Path(jupyter_runtime_dir()).glob("*server-*.json")):
        try:
            info = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(info, dict) and info.get("pid") == parent and info.get("url"):
            return info
    return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def framers(server: dict | None = None, in_colab: bool | None = None) -> tuple[list[str], str]:
    """The origins that may frame the explorer, and a warning for the cell when the frame
    cannot work (the notebook's browser is probably on another machine)."""
    allowed = list(LOCAL_FRAMERS)
    if "google.colab" in sys.modules if in_colab is None else in_colab:
        allowed += COLAB_FRAMERS
    warning = ""
    if server:
        origin = _origin(server["url"])
        if origin not in allowed:
            allowed.append(origin)
        host = urlsplit(server["url"]).hostname or ""
        if not _is_loopback(host):
            warning = (
                f"This notebook's server listens on {host}, so your browser may be on another "
                "machine. The explorer below runs on the notebook's machine at 127.0.0.1, "
                "which a browser elsewhere cannot reach: the frame then stays empty. Run "
                "`tinynet serve --host 0.0.0.0` on that machine and open its address instead."
            )
    return allowed, warning


@dataclasses.dataclass
class Explorer:
    """A running explorer shown in a notebook: `.url`, and `.stop()` to end its server."""

    url: str
    port: int
    app: object = dataclasses.field(repr=False)

    def stop(self) -> None:
        from dash._jupyter import JupyterDash

        server = JupyterDash._servers.pop(("127.0.0.1", self.port), None)
        if server is not None:
            server.shutdown()

    def __repr__(self) -> str:
        return f"tinynet explorer at {self.url} (.stop() ends it)"


def show(
    state: State | dict | str | None = None,
    height: int = 1100,
    port: int | None = None,
    lessons: str | Path | None = None,
    hidden=None,
) -> Explorer:
    """Run the explorer inline in the notebook, below the cell.

    `state` may be a State, a dict of its fields ({"w11": -3, "activation": "relu", ...}) or a
    link copied from the page; anything invalid in it is reported and left at its default,
    exactly as the page does with a link. `lessons` adds a teacher's lesson files (*.toml), as
    `tinynet serve --lessons DIR` does. `hidden` picks another network, as
    `model.train(hidden=...)` does (3 for 2-3-1, (2, 2) for 2-2-2-1), starting from its Reset
    weights unless `state` holds weights of that network. Each call starts its own server on a
    free port.
    """
    from tinynet.explorer.app import create_app
    from tinynet.explorer.lessons.files import with_teacher_lessons

    messages: list[str] = []
    if isinstance(state, str):
        state, _, messages = from_query(state.split("?", 1)[-1])
    elif isinstance(state, dict):
        state, messages = parse(state)
    elif state is not None and not isinstance(state, State):
        raise TypeError("state must be a State, a dict of its fields, or a link")
    if hidden is not None:
        hidden = architecture.check(hidden)  # a sentence naming the range, as everywhere
        state = state or State()
        if state.params.hidden != hidden:
            state = state.with_network(hidden)
    chosen, notes = with_teacher_lessons(lessons)
    for message in messages + notes:
        print(f"tinynet: {message}")
    allowed, warning = framers(jupyter_server_of_this_kernel())
    if warning:
        print(f"tinynet: {warning}")
    app = create_app(state, lessons=chosen, framers=allowed)
    port = port or _free_port()
    app.run(
        jupyter_mode="inline",
        jupyter_height=height,
        host="127.0.0.1",
        port=port,
        debug=False,
    )
    return Explorer(f"http://127.0.0.1:{port}/", port, app)
