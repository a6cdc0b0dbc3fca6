"""gunicorn's settings for the explorer, used both by `tinynet serve --workers N` and by the
command docs/deploy.md gives (`gunicorn -c python:tinynet.explorer.serving.gunicorn_conf ...`).

Command-line options given to gunicorn (--bind, --workers) override these.
"""

import os
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
    """In the master, before any worker: TINYNET_LESSONS naming no folder stops the server with
    one line (exit status 3, which docs/deploy.md's unit tells systemd not to restart). Left to
    the workers, it makes gunicorn halt with a traceback, or before version 24 restart them."""
    app = getattr(server.app, "app_uri", None) or getattr(server.cfg, "wsgi_app", None)
    if "tinynet.explorer.serving.wsgi" not in str(app or ""):
        return  # `tinynet serve --workers` takes --lessons, not the variable
    folder = os.environ.get("TINYNET_LESSONS")
    if folder and not os.path.isdir(folder):
        print(
            f"tinynet: TINYNET_LESSONS: {folder} is not a directory: the server stops. "
            "Fix or remove it, then start again.",
            flush=True,
        )
        sys.exit(3)


def post_fork(server, worker):
    tune_process()
