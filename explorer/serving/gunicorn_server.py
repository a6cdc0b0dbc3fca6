"""`tinynet serve --workers N` on Linux and macOS: gunicorn's pre-fork server (worker
supervision, timeouts, graceful restarts) with the settings of gunicorn_conf.py."""

from __future__ import annotations

from tinynet.explorer.serving import gunicorn_conf


def settings() -> dict:
    """gunicorn_conf's settings by gunicorn's names (what `-c python:...` would read)."""
    from gunicorn.config import KNOWN_SETTINGS

    known = {s.name for s in KNOWN_SETTINGS}
    return {k: v for k, v in vars(gunicorn_conf).items() if k in known}


def run(wsgi, host: str, port: int, workers: int) -> None:
    """Serve until stopped (Ctrl+C or SIGTERM). The app was made once, before the workers
    are forked, so a teacher's lesson files are read once."""
    from gunicorn.app.base import BaseApplication

    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    class Explorer(BaseApplication):
        def load_config(self):
            for key, value in {**settings(), "bind": [where], "workers": workers}.items():
                self.cfg.set(key, value)

        def load(self):
            return wsgi

    Explorer().run()
