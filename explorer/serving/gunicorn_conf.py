"""gunicorn's settings for the explorer, used both by `tinynet serve --workers N` and by the
command docs/deploy.md gives (`gunicorn -c python:tinynet.explorer.serving.gunicorn_conf ...`).

Command-line options given to gunicorn (--bind, --workers) override these.
"""

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


def post_fork(server, worker):
    tune_process()
