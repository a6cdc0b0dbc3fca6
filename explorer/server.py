"""Starting the explorer: checked host and port, debug only on loopback, optional browser."""

from __future__ import annotations

import ipaddress
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
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/"
    print(f"tinynet explorer: open {url}  (Ctrl+C stops it)", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    app.run(host=host, port=port, debug=debug, dev_tools_ui=debug, dev_tools_hot_reload=False)
