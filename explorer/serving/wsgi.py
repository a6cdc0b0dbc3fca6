"""The app for WSGI servers: `gunicorn tinynet.explorer.serving.wsgi:application` (docs/deploy.md).

Settings come from the environment, as `tinynet serve` takes them as options:
TINYNET_LESSONS=DIR adds a teacher's lesson files (--lessons); TINYNET_CLASS_DB the class
database (--class-db; a path, or postgresql://... for several processes or machines);
TINYNET_TEACHER_KEY the teacher's key (--teacher-key); TINYNET_PUBLIC_URL the address students
open (the join links point there). A setting that cannot be used stops the server with one line
saying so: gunicorn halts on a worker that exits with 3 while booting (no restart loop), and
docs/deploy.md's unit tells systemd not to start it again until it is fixed. (gunicorn_conf's
on_starting checks the same before any worker starts.)
"""

import os
import sys

from tinynet.explorer.app import create_app
from tinynet.explorer.classroom.database import ClassDatabaseError
from tinynet.explorer.classroom.opening import open_classroom
from tinynet.explorer.lessons.files import with_teacher_lessons
from tinynet.explorer.serving.compression import warm

try:
    _lessons, _notes = with_teacher_lessons(
        os.environ.get("TINYNET_LESSONS") or None, given_by="TINYNET_LESSONS"
    )
    _classroom, _ = open_classroom(
        os.environ.get("TINYNET_CLASS_DB") or None,
        os.environ.get("TINYNET_TEACHER_KEY") or None,
        os.environ.get("TINYNET_PUBLIC_URL") or None,
    )
except (ClassDatabaseError, ValueError) as _why:
    print(f"tinynet: {_why}: the server stops. Fix it, then start again.", flush=True)
    raise SystemExit(3) from None  # gunicorn's "worker failed to boot": it halts
for _note in _notes:
    print(f"tinynet: {_note}", file=sys.stderr, flush=True)
application = create_app(lessons=_lessons, classroom=_classroom).server
warm(application)
