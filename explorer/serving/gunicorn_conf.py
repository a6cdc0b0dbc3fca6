"""gunicorn's settings for the explorer, used both by `tinynet serve --workers N` and by the
command docs/deploy.md gives (`gunicorn -c python:tinynet.explorer.serving.gunicorn_conf ...`).

Command-line options given to gunicorn (--bind, --workers) override these.
"""

from tinynet.explorer.limits import REQUEST_MAX_BYTES  # noqa: F401  (Flask refuses more: 413)
from tinynet.explorer.serving.tuning import THREADS, tune_process

bind = ["127.0.0.1:8050"]
workers = 2
# Threads inside each worker process: a page load never waits behind a training request.
worker_class = "gthread"
threads = THREADS
# A worker that does not answer gunicorn's heartbeat for this long is killed and replaced;
# the longest request the app accepts takes a few seconds.
timeout = 60
graceful_timeout = 10
# Idle keep-alive connections are closed after this many seconds, so idle clients cannot
# hold a worker's connection slots.
keepalive = 5
worker_connections = 1000
# The app's callbacks are pure: nothing is lost when a worker is replaced, so workers are
# also recycled now and then (with jitter, so they never restart together).
max_requests = 20_000
max_requests_jitter = 2_000
proc_name = "tinynet"
accesslog = None
errorlog = "-"


def post_fork(server, worker):
    tune_process()
