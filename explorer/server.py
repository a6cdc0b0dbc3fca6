"""Starting the explorer: checked host and port, debug only on loopback, optional browser."""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import webbrowser

LOOPBACK_NAMES = {"localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str) -> str:
    if host in LOOPBACK_NAMES:
        return host
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(
            f"--host must be an IP address such as 127.0.0.1 or 0.0.0.0, got {host!r}"
        ) from None
    return host


def serve(
    host: str = "127.0.0.1",
    port: int = 8050,
    debug: bool = False,
    open_browser: bool = True,
    lessons_dir: str | None = None,
    workers: int = 1,
) -> None:
    host = check_host(host)
    if debug and not is_loopback(host):
        raise ValueError(
            "--debug runs code-inspecting tools in the page; it is only allowed on a loopback "
            f"host such as 127.0.0.1, not {host}"
        )
    from explorer import create_app
    from explorer.lessons import with_teacher_lessons

    lessons, notes = with_teacher_lessons(lessons_dir)
    for note in notes:  # a broken lesson file is reported; the app starts with the rest
        print(f"tinynet serve: {note}", file=sys.stderr, flush=True)
    app = create_app(lessons=lessons)
    shown = _address_for_students(host)
    url = f"http://{shown}:{port}/"
    print(f"tinynet explorer: open {url}  (Ctrl+C stops it)", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(f"http://127.0.0.1:{port}/",)).start()
    if debug:  # Flask's development server, with Dash's dev tools: loopback only (checked above)
        app.run(host=host, port=port, debug=True, dev_tools_hot_reload=False)
        return
    from explorer.limits import REQUEST_MAX_BYTES
    from explorer.workers import run

    run(app.server, host, port, workers, REQUEST_MAX_BYTES)


def _address_for_students(host: str) -> str:
    """The address to tell students: this machine's address on the network when bound to all
    interfaces (0.0.0.0), else the host itself."""
    if host not in ("0.0.0.0", "::"):
        return host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))  # no packet is sent: this only picks a route
            return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"
