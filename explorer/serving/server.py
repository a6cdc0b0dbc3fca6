"""Starting the explorer: checked host and port, debug only on loopback, the right server.

One process: waitress (pure Python, so it also runs on a teacher's Windows laptop). With
--workers N on Linux and macOS: gunicorn's pre-fork server, N processes sharing one socket.
"""

from __future__ import annotations

import errno
import ipaddress
import os
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


def check_port_free(host: str, port: int) -> None:
    """Refuse a port another program holds, before anything is printed or started."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as why:
            if why.errno == errno.EADDRINUSE:
                raise ValueError(
                    f"port {port} is already in use (is the explorer already running?): "
                    "stop that program or choose another port with --port"
                ) from None
            if why.errno == errno.EADDRNOTAVAIL:
                raise ValueError(f"--host {host} is not an address of this machine") from None
            raise ValueError(f"cannot listen on {host}:{port}: {why.strerror}") from None


def multiprocess_server_available() -> bool:
    """gunicorn needs fork (Linux, macOS); on Windows one waitress process serves."""
    return hasattr(os, "fork") and sys.platform != "win32"


def serve(
    host: str = "127.0.0.1",
    port: int = 8050,
    debug: bool = False,
    open_browser: bool = True,
    lessons_dir: str | None = None,
    workers: int = 1,
    class_db: str | None = None,
    teacher_key: str | None = None,
) -> None:
    host = check_host(host)
    if debug and not is_loopback(host):
        raise ValueError(
            "--debug runs code-inspecting tools in the page; it is only allowed on a loopback "
            f"host such as 127.0.0.1, not {host}"
        )
    if workers < 1:
        raise ValueError("--workers must be at least 1 (about one per CPU core for a class)")
    use_gunicorn = workers > 1 and multiprocess_server_available()
    if use_gunicorn:
        try:
            import gunicorn  # noqa: F401
        except ImportError:
            raise ValueError(
                "--workers needs gunicorn, which is not installed: run "
                "`pip install gunicorn`, or serve with one process (leave out --workers)"
            ) from None
    from tinynet.explorer.app import create_app
    from tinynet.explorer.classroom.opening import open_classroom, teacher_address
    from tinynet.explorer.lessons.files import with_teacher_lessons
    from tinynet.explorer.serving.compression import warm

    lessons, notes = with_teacher_lessons(lessons_dir)
    check_port_free(host, port)
    url = address(_address_for_students(host), port)
    classroom, where = open_classroom(
        class_db, teacher_key or os.environ.get("TINYNET_TEACHER_KEY") or None, url
    )
    for note in notes:  # a broken lesson file is reported; the app starts with the rest
        print(f"tinynet serve: {note}", file=sys.stderr, flush=True)
    app = create_app(lessons=lessons, classroom=classroom)
    warm(app.server)
    how = f"{workers} gunicorn workers" if use_gunicorn else "one waitress process"
    print(f"tinynet explorer: open {url}  ({how}; Ctrl+C stops it)", flush=True)
    print(
        f"Teacher: {teacher_address(url, classroom.teacher_key)}  (your classes' board: "
        f"keep this address to yourself)\nClass data: {where}",
        flush=True,
    )
    if open_browser:
        mine = address(_address_for_browser(host), port)
        threading.Timer(1.0, webbrowser.open, args=(mine,)).start()
    if debug:  # Flask's development server, with Dash's dev tools: loopback only (checked above)
        app.run(host=host, port=port, debug=True, dev_tools_hot_reload=False)
        return
    from tinynet.explorer.limits import REQUEST_MAX_BYTES

    if use_gunicorn:
        from tinynet.explorer.serving import gunicorn_server

        gunicorn_server.run(app.server, host, port, workers)
        return
    from tinynet.explorer.serving import tuning, waitress_server

    if workers > 1:
        print(f"tinynet serve: no fork here; one process with {workers * tuning.THREADS} threads")
    waitress_server.run(app.server, host, port, tuning.THREADS * workers, REQUEST_MAX_BYTES)


def address(host: str, port: int) -> str:
    """The page's address: an IPv6 host in brackets (http://[::1]:8050/)."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _address_for_browser(host: str) -> str:
    """Where this machine's own browser reaches the server: the address it listens on, or
    loopback when it listens on every address."""
    if host == "0.0.0.0":
        return "127.0.0.1"
    return "::1" if host == "::" else host


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
