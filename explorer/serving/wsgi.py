"""The app for WSGI servers: `gunicorn tinynet.explorer.serving.wsgi:application` (docs/deploy.md).

TINYNET_LESSONS=DIR adds a teacher's lesson files, like `tinynet serve --lessons DIR`. A
variable naming no folder stops the server with one line saying so: gunicorn halts on a worker
that exits with 3 while booting (no restart loop), and docs/deploy.md's unit tells systemd not
to start it again until it is fixed.
"""

import os
import sys

from tinynet.explorer.app import create_app
from tinynet.explorer.lessons.files import with_teacher_lessons
from tinynet.explorer.serving.compression import warm

try:
    _lessons, _notes = with_teacher_lessons(
        os.environ.get("TINYNET_LESSONS") or None, given_by="TINYNET_LESSONS"
    )
except ValueError as _why:
    print(f"tinynet: {_why}: the server stops. Fix or remove it, then start again.", flush=True)
    raise SystemExit(3) from None  # gunicorn's "worker failed to boot": it halts
for _note in _notes:
    print(f"tinynet: {_note}", file=sys.stderr, flush=True)
application = create_app(lessons=_lessons).server
warm(application)
