"""gunicorn's settings for the explorer, used both by `tinynet serve --workers N` and by the
command docs/deploy.md gives (`gunicorn -c python:tinynet.explorer.serving.gunicorn_conf ...`).

Command-line options given to gunicorn (--bind, --workers) override these.
"""

import os
import secrets
import sys

from tinynet.explorer.serving.tuning import THREADS, tune_process

bind = ["127.0.0.1:8050"]
workers = 2
# gunicorn supervises; waitress serves inside each worker (gunicorn_worker.py): slow clients
# never hold the threads, and a page load never waits behind a training request.
worker_class = "tinynet.explorer.serving.gunicorn_worker.WaitressWorker"
threads = THREADS
# A worker that does not answer gunicorn's heartbeat for this long is killed and replaced;
# the longest request the app accepts takes a few seconds.
timeout = 60
graceful_timeout = 10
proc_name = "tinynet"
accesslog = None
errorlog = "-"
# gunicorn 24+ listens on a control socket in the user's home by default (a service user has
# none, and two servers of one user would share it): nothing here uses it.
control_socket_disable = True


def on_starting(server):
    """In the master, before any worker: the settings of the WSGI entry point checked once
    (a TINYNET_LESSONS naming no folder, a class database that cannot be opened stop the
    server with one line, exit status 3, which docs/deploy.md's unit tells systemd not to
    restart; left to the workers, gunicorn would halt with a traceback, or before version 24
    restart them for ever), the class database migrated once, and the teacher's address said;
    and the key that signs the client cookies made once for all workers."""
    # One key for the client cookies of every worker, old and new (serving/clients.py), and
    # the table of the workers' heavy slots in memory they share (serving/workers.py).
    os.environ.setdefault("TINYNET_CLIENT_KEY", secrets.token_hex(32))
    import tinynet.explorer.serving.workers  # noqa: F401

    app = getattr(server.app, "app_uri", None) or getattr(server.cfg, "wsgi_app", None)
    if "tinynet.explorer.serving.wsgi" not in str(app or ""):
        return  # `tinynet serve --workers` has checked its options already
    folder = os.environ.get("TINYNET_LESSONS")
    if folder and not os.path.isdir(folder):
        _stop(f"TINYNET_LESSONS: {folder} is not a directory")
    from tinynet.explorer.classroom.database import ClassDatabaseError
    from tinynet.explorer.classroom.opening import open_classroom, teacher_address

    public = os.environ.get("TINYNET_PUBLIC_URL") or f"http://{server.cfg.bind[0]}"
    try:
        classroom, where = open_classroom(
            os.environ.get("TINYNET_CLASS_DB") or None,
            os.environ.get("TINYNET_TEACHER_KEY") or None,
            public,
        )
    except ClassDatabaseError as why:
        _stop(str(why))
    classroom.engine.dispose()
    print(
        f"tinynet: teacher's address {teacher_address(public, classroom.teacher_key)} "
        f"(class data: {where})",
        flush=True,
    )


def _stop(why: str) -> None:
    print(f"tinynet: {why}: the server stops. Fix it, then start again.", flush=True)
    sys.exit(3)


def worker_exit(server, worker):
    from tinynet.explorer.serving import workers

    workers.leave()


def post_fork(server, worker):
    tune_process()
    from tinynet.explorer.classroom.database import after_fork

    after_fork()
