"""The class over HTTP. Students: join with a code and a nickname, report what they do, ask how
their class stands, leave; each request after joining carries the student's id and secret.
The teacher: a page at /teacher?key=KEY and an API that wants the key in a header
(X-Teacher-Key), never a cookie, so no other page can make the teacher's browser act. A wrong or
missing key gets 403 and nothing else. Every answer is written to the database before it is
sent: what a page was told is stored, is stored."""

from __future__ import annotations

import dataclasses
import functools
import time
from pathlib import Path

import segno
from flask import Response, jsonify, request, send_from_directory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from tinynet import datasets
from tinynet.explorer.classroom import board as boards
from tinynet.explorer.classroom import keys, reports, store
from tinynet.explorer.data.points import drawn_subset
from tinynet.explorer.lessons.files import Lesson
from tinynet.explorer.serving.clients import address
from tinynet.explorer.sharing.url import from_query
from tinynet.explorer.widgets import style

STATIC = Path(__file__).resolve().parent / "static"
BODY_MAX = 64 * 1024  # a request of a student or the teacher: small
FORBIDDEN = Response("Forbidden\n", status=403, mimetype="text/plain")


@dataclasses.dataclass
class Classroom:
    """What the class's routes work with: the database, the lessons, and the address students
    open (the join link and its QR code point there)."""

    engine: Engine
    lessons: dict[str, Lesson]
    public_url: str | None = None
    teacher_key: str | None = None  # set when the server starts (kept in the database)


def _body() -> dict:
    if (request.content_length or 0) > BODY_MAX:
        raise store.Refused("this request is too large", 413)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise store.Refused("this request could not be read: reload the page")
    return data


def register(server, classroom: Classroom) -> None:
    engine, lessons = classroom.engine, classroom.lessons

    def answer(work, refused=None):
        """Run `work(connection)` in one transaction and answer with its JSON; a refusal
        with its sentence and status (after `refused(why)`, in a transaction of its own); a busy
        database with 503 and a pause (the page keeps what it sent and sends it again)."""
        try:
            with engine.begin() as conn:
                return jsonify(work(conn))
        except store.Refused as why:
            if refused is not None:
                with engine.begin() as conn:
                    refused(conn, why)
            return jsonify({"message": str(why)}), why.status
        except OperationalError:
            busy = jsonify({"message": "the class database is busy: trying again"})
            return busy, 503, {"Retry-After": "1"}

    def as_student(conn, data):
        row = store.student(conn, data.get("student"), data.get("secret"))
        cls = store.class_row(conn, row.class_id)
        return row, cls

    # -- students ----------------------------------------------------------------------

    @server.post("/class/join")
    def join():
        now, who = time.time(), address()

        def work(conn):
            store.check_join_rate(conn, who, now)
            data = _body()
            code = keys.normal_code(data.get("code"))
            if code is None:
                raise store.Refused(
                    "A class code is 6 letters and digits, as your teacher shows it.", 404
                )
            name = keys.nickname(data.get("nickname"))
            if isinstance(name, str):
                raise store.Refused(name[0].upper() + name[1:] + ".")
            cls, student_id, secret = store.join(conn, code, *name, now)
            return {
                "student": student_id,
                "secret": secret,
                "nickname": name[0],
                "class": store.status(cls),
            }

        def counted(conn, why):  # a wrong code counts towards the address's limit
            if why.status == 404:
                store.note_wrong_code(conn, who, now)

        return answer(work, counted)

    @server.post("/class/report")
    def report():
        now = time.time()

        def work(conn):
            data = _body()
            row, cls = as_student(conn, data)
            if row.left_at is not None:
                raise store.Refused("you left this class: join again", 403)
            checked = reports.check_reports(data.get("reports"), lessons, now)
            acked = store.record(conn, row, checked, now)
            return {"acked": acked, "class": store.status(cls)}

        return answer(work)

    @server.post("/class/status")
    def status():
        def work(conn):
            row, cls = as_student(conn, _body())
            if row.left_at is not None:
                raise store.Refused("you left this class: join again", 403)
            return {"nickname": row.nickname, "acked": row.last_seq, "class": store.status(cls)}

        return answer(work)

    @server.post("/class/leave")
    def leave():
        def work(conn):
            row, _ = as_student(conn, _body())
            if row.left_at is None:
                store.leave(conn, row, time.time())
            return {"left": True}

        return answer(work)

    # -- the teacher -------------------------------------------------------------------

    def key_now(conn) -> str:
        return store.teacher_key(conn)

    def teacher(view):
        """The key in the X-Teacher-Key header, compared in constant time; else 403."""

        @functools.wraps(view)
        def guarded(*args, **kwargs):
            given = request.headers.get("X-Teacher-Key")
            with engine.connect() as conn:
                if not keys.same_secret(given, key_now(conn)):
                    return FORBIDDEN
            return view(*args, **kwargs)

        return guarded

    @server.get("/teacher")
    def teacher_page():
        with engine.connect() as conn:
            if not keys.same_secret(request.args.get("key"), key_now(conn)):
                return FORBIDDEN
        return send_from_directory(STATIC, "board.html", max_age=0)

    @server.get("/teacher/static/<path:name>")
    def teacher_static(name):
        if name not in ("board.js", "board.css", "picture.js"):
            return Response("Not found\n", status=404, mimetype="text/plain")
        return send_from_directory(STATIC, name, max_age=0)

    def join_link(code: str) -> str:
        base = (classroom.public_url or request.host_url).rstrip("/")
        return f"{base}/?join={code}"

    def described(cls) -> dict:
        out = boards.info(cls)
        link = join_link(cls.code)
        out["join_link"] = link
        out["qr"] = segno.make(link, error="m").svg_data_uri(scale=6, border=2)
        return out

    @server.get("/teacher/api/classes")
    @teacher
    def classes_list():
        def work(conn):
            store.delete_old(conn)
            return {
                "classes": [
                    {**described(c), "students": c.students} for c in store.list_classes(conn)
                ],
                "lessons": [
                    {"name": n, "title": lesson.title, "steps": len(lesson.steps)}
                    for n, lesson in lessons.items()
                ],
                "style": {
                    "proba_scale": [list(s) for s in style.PROBA_SCALE],
                    "class_colors": list(style.CLASS_COLORS),
                },
            }

        return answer(work)

    @server.post("/teacher/api/classes")
    @teacher
    def classes_new():
        def work(conn):
            data = _body()
            lesson = data.get("lesson") or None
            if lesson is not None and lesson not in lessons:
                raise store.Refused("that lesson is not on this server")
            return described(store.new_class(conn, data.get("name"), lesson))

        return answer(work)

    @server.post("/teacher/api/classes/<int:class_id>")
    @teacher
    def classes_change(class_id):
        data = request.get_json(silent=True) if (request.content_length or 0) <= BODY_MAX else None
        data = data if isinstance(data, dict) else {}
        action = data.get("action")
        now = time.time()
        changes = {
            "close": {"closed_at": now},
            "reopen": {"closed_at": None},
            "pause": {"paused": True},
            "resume": {"paused": False},
            "keep": {"keep": True},
            "unkeep": {"keep": False},
        }
        if action == "pace":
            step = data.get("step")
            if step is not None and (
                isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= 100
            ):
                return jsonify({"message": "pace: a step from 1, or none"}), 400
            values = {"pace": step}
        elif action in changes:
            values = changes[action]
        else:
            return jsonify({"message": f"action is one of pace, {', '.join(changes)}"}), 400

        def work(conn):
            store.change_class(conn, class_id, **values)
            return described(store.class_row(conn, class_id))

        return answer(work)

    @server.delete("/teacher/api/classes/<int:class_id>")
    @teacher
    def classes_delete(class_id):
        def work(conn):
            store.delete_class(conn, class_id)
            return {"deleted": class_id}

        return answer(work)

    @server.get("/teacher/api/classes/<int:class_id>/board")
    @teacher
    def class_board(class_id):
        since = request.args.get("since", "")
        since = int(since) if since.isdigit() and len(since) < 12 else -1  # -1: everything
        return answer(lambda conn: boards.board(conn, class_id, since, lessons))

    @server.get("/teacher/api/classes/<int:class_id>/results.csv")
    @teacher
    def class_results(class_id):
        try:
            with engine.connect() as conn:
                text = boards.results_csv(conn, class_id)
        except store.Refused as why:
            return jsonify({"message": str(why)}), why.status
        return Response(
            text,
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="class-{class_id}.csv"'},
        )

    @server.get("/teacher/api/points")
    @teacher
    def picture_points():
        """The points a picture's data recipe makes (what its tile draws), made on the server
        like every built-in set."""
        query = request.args.get("state", "")
        state, _, _ = from_query(query)
        return jsonify(_points(state.dataset, state.samples, state.noise, state.data_seed))


@functools.lru_cache(maxsize=32)
def _points(dataset: str, samples: int, noise: float, seed: int) -> dict:
    X, y = datasets.load(dataset, samples, noise, seed)
    drawn = drawn_subset(len(y))
    return {"X": X[drawn].round(4).tolist(), "y": y[drawn].tolist()}
