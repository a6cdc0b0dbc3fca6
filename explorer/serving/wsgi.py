"""The app for WSGI servers: `gunicorn tinynet.explorer.serving.wsgi:application` (docs/deploy.md).

TINYNET_LESSONS=DIR adds a teacher's lesson files, like `tinynet serve --lessons DIR`.
"""

import os
import sys

from tinynet.explorer.app import create_app
from tinynet.explorer.lessons.files import with_teacher_lessons
from tinynet.explorer.serving.compression import warm

_lessons, _notes = with_teacher_lessons(os.environ.get("TINYNET_LESSONS") or None)
for _note in _notes:
    print(f"tinynet: {_note}", file=sys.stderr, flush=True)
application = create_app(lessons=_lessons).server
warm(application)
