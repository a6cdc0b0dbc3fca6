"""The class's server side, through its HTTP routes on a real SQLite database: the teacher's key,
classes, joining, what students report and what the board and the results CSV make of it, and
every refusal with its sentence and status."""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools

import pytest
from sqlalchemy import func, select

from tinynet.explorer.app import create_app
from tinynet.explorer.classroom import keys, store
from tinynet.explorer.classroom.opening import open_classroom
from tinynet.explorer.classroom.tables import events, join_attempts, progress, students
from tinynet.explorer.lessons.files import LESSONS
from tinynet.explorer.sharing.url import to_query

KEY = "a-teacher-key-that-is-long-enough-123"


ROOMS = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def room(request, tmp_path):
    """The class on a new database: a SQLite file, or a database on a real PostgreSQL server
    (every test here runs on both)."""
    if request.param == "sqlite":
        where = str(tmp_path / "classes.sqlite3")
    else:
        where = request.getfixturevalue("postgres").url(f"room{next(ROOMS)}")
    classroom, _ = open_classroom(where, KEY, "http://school:8050")
    app = create_app(classroom=classroom)
    yield classroom, app.server.test_client()
    classroom.engine.dispose()


def teacher(client, method: str, path: str, body=None, key=KEY):
    return client.open(path, method=method, json=body, headers={"X-Teacher-Key": key})


def new_class(client, name="Period 5", lesson="linear-maps") -> dict:
    answer = teacher(client, "POST", "/teacher/api/classes", {"name": name, "lesson": lesson})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def join(client, code: str, nickname: str, address: str = "10.0.0.7"):
    return client.post(
        "/class/join",
        json={"code": code, "nickname": nickname},
        environ_base={"REMOTE_ADDR": address},
    )


def joined(client, code: str, nickname: str) -> dict:
    answer = join(client, code, nickname)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def report(client, me: dict, *items):
    body = {"student": me["student"], "secret": me["secret"], "reports": list(items)}
    return client.post("/class/report", json=body)


def picture(**weights) -> str:
    """The picture of linear-maps' step 2 as a page reports it, with some weights moved."""
    step = LESSONS["linear-maps"].steps[1]
    state = dataclasses.replace(step.state, params=step.state.params.replace(**weights))
    return to_query(state, step.train)


def board(client, class_id: int, since: int = -1) -> dict:
    query = f"?since={since}" if since >= 0 else ""
    answer = teacher(client, "GET", f"/teacher/api/classes/{class_id}/board{query}")
    assert answer.status_code == 200
    return answer.get_json()


# -- the teacher's key -------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "", "wrong-key-wrong-key-wrong-key", KEY[:-1]])
def test_a_wrong_or_missing_key_gets_403_and_nothing_else(room, key):
    _, client = room
    for method, path in [
        ("GET", "/teacher/api/classes"),
        ("POST", "/teacher/api/classes"),
        ("GET", "/teacher/api/classes/1/board"),
        ("GET", "/teacher/api/classes/1/results.csv"),
        ("DELETE", "/teacher/api/classes/1"),
    ]:
        headers = {} if key is None else {"X-Teacher-Key": key}
        answer = client.open(path, method=method, json={}, headers=headers)
        assert answer.status_code == 403 and answer.get_data(as_text=True) == "Forbidden\n"
    page = client.get("/teacher" + ("" if key is None else f"?key={key}"))
    assert page.status_code == 403 and page.get_data(as_text=True) == "Forbidden\n"


def test_the_key_opens_the_page_and_a_cookie_does_not(room):
    _, client = room
    assert client.get(f"/teacher?key={KEY}").status_code == 200
    client.set_cookie("X-Teacher-Key", KEY)
    assert client.get("/teacher/api/classes").status_code == 403  # a header, never a cookie


def test_the_key_is_kept_and_every_process_accepts_the_same(tmp_path):
    where = str(tmp_path / "c.sqlite3")
    first, _ = open_classroom(where, None, None)
    again, _ = open_classroom(where, None, None)
    assert first.teacher_key == again.teacher_key and len(first.teacher_key) >= 32
    set_, _ = open_classroom(where, KEY, None)
    assert set_.teacher_key == KEY and open_classroom(where, None, None)[0].teacher_key == KEY
    for c in (first, again, set_):
        c.engine.dispose()


def test_a_key_too_short_to_be_a_secret_is_refused(tmp_path):
    with pytest.raises(ValueError, match="teacher key is 22 to 200"):
        open_classroom(str(tmp_path / "c.sqlite3"), "short", None)


# -- classes and joining -----------------------------------------------------------------


def test_a_class_has_a_code_nobody_mixes_up_and_a_qr_of_its_join_link(room):
    _, client = room
    made = new_class(client)
    assert len(made["code"]) == 6 and set(made["code"]) <= set(keys.CODE_ALPHABET)
    assert not set(made["code"]) & set("0O1IL2Z5S8B")
    assert made["join_link"] == f"http://school:8050/?join={made['code']}"
    assert made["qr"].startswith("data:image/svg+xml")


def test_students_join_by_code_in_any_case_and_the_class_opens_its_lesson(room):
    _, client = room
    made = new_class(client)
    me = joined(client, made["code"].lower()[:3] + " " + made["code"].lower()[3:], "Alex")
    assert me["nickname"] == "Alex" and me["class"]["lesson"] == "linear-maps"
    assert len(me["secret"]) >= 32


@pytest.mark.parametrize(
    "code, status, words",
    [
        ("AAAAAA", 404, "no open class with that code"),
        ("12", 404, "6 letters and digits"),
        ("", 404, "6 letters and digits"),
    ],
)
def test_a_wrong_code_says_so(room, code, status, words):
    _, client = room
    new_class(client)
    answer = join(client, code, "Alex")
    assert answer.status_code == status and words in answer.get_json()["message"]


def test_a_closed_class_says_so_and_reopens(room):
    _, client = room
    made = new_class(client)
    teacher(client, "POST", f"/teacher/api/classes/{made['id']}", {"action": "close"})
    answer = join(client, made["code"], "Alex")
    assert answer.status_code == 403 and "“Period 5” is closed" in answer.get_json()["message"]
    teacher(client, "POST", f"/teacher/api/classes/{made['id']}", {"action": "reopen"})
    assert join(client, made["code"], "Alex").status_code == 200


def test_guessing_codes_is_slowed_per_address(room):
    _, client = room
    made = new_class(client)
    for _ in range(store.JOIN_FAILURES_PER_MINUTE):
        assert join(client, "CCCCCC", "Alex", "10.0.0.9").status_code == 404
    answer = join(client, made["code"], "Alex", "10.0.0.9")  # even the right code must wait
    assert answer.status_code == 429 and "wait a minute" in answer.get_json()["message"]
    assert join(client, made["code"], "Bea", "10.0.0.10").status_code == 200  # not others


def test_an_address_is_kept_only_while_it_counts(room):
    """Wrong codes are counted per address for the limit; the addresses go a few minutes on."""
    classroom, _ = room
    now = 1_800_000_000.0  # any moment: the store takes the time it is given
    with classroom.engine.begin() as conn:
        store.note_wrong_code(conn, "10.0.0.11", now)
        store.check_join_rate(conn, "10.0.0.12", now + 60)
        assert conn.execute(select(func.count()).select_from(join_attempts)).scalar_one() == 1
        store.check_join_rate(conn, "10.0.0.12", now + 7 * 60)
        assert conn.execute(select(func.count()).select_from(join_attempts)).scalar_one() == 0


def test_behind_a_local_proxy_the_limit_follows_the_forwarded_address(room):
    _, client = room
    new_class(client)
    for n in range(store.JOIN_FAILURES_PER_MINUTE):
        client.post(
            "/class/join",
            json={"code": "CCCCCC", "nickname": f"x{n}"},
            headers={"X-Forwarded-For": "192.0.2.5"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )
    other = client.post(
        "/class/join",
        json={"code": "CCCCCC", "nickname": "y"},
        headers={"X-Forwarded-For": "192.0.2.6"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert other.status_code == 404  # one student's guesses do not lock out the class


@pytest.mark.parametrize(
    "nickname, words",
    [
        ("", "1 to 24 characters"),
        ("   ", "1 to 24 characters"),
        ("x" * 25, "1 to 24 characters"),
        ("a\u0000b", "control or invisible"),
        ("a\u200bb", "control or invisible"),
        (7, "1 to 24 characters"),
    ],
)
def test_a_nickname_is_1_to_24_characters_of_any_script(room, nickname, words):
    _, client = room
    made = new_class(client)
    answer = join(client, made["code"], nickname)
    assert answer.status_code == 400 and words in answer.get_json()["message"]


def test_nicknames_of_any_script_and_a_taken_one_is_told(room):
    _, client = room
    made = new_class(client)
    for name in ("Zoë", "Мария", "李明", "محمد", "  Ana   Lu "):
        assert joined(client, made["code"], name)["nickname"] == " ".join(name.split())
    answer = join(client, made["code"], "zoë")  # the same name, another case
    assert answer.status_code == 409 and "already called “zoë”" in answer.get_json()["message"]


def test_a_class_holds_at_most_its_students_and_a_server_its_open_classes(room, monkeypatch):
    _, client = room
    monkeypatch.setattr(store, "STUDENTS_MAX", 3)
    monkeypatch.setattr(store, "OPEN_CLASSES_MAX", 2)
    made = new_class(client)
    for name in "abc":
        joined(client, made["code"], name)
    full = join(client, made["code"], "d")
    assert full.status_code == 409 and "full (3 students)" in full.get_json()["message"]
    new_class(client, "Two")
    third = teacher(client, "POST", "/teacher/api/classes", {"name": "Three"})
    assert third.status_code == 409 and "2 classes are open" in third.get_json()["message"]


# -- what students report ----------------------------------------------------------------


def test_a_check_is_graded_on_the_server_and_the_board_counts_who_is_stuck(room):
    classroom, client = room
    made = new_class(client)
    alex, bea = joined(client, made["code"], "Alex"), joined(client, made["code"], "Bea")
    right = {"kind": "check", "lesson": "linear-maps", "step": 2, "state": picture(w21=1.0)}
    wrong = {"kind": "check", "lesson": "linear-maps", "step": 2, "state": picture()}
    claims = {**wrong, "passed": True}  # a page's claim of its own verdict counts for nothing
    assert report(client, alex, {"seq": 1, **right}).get_json()["acked"] == 1
    assert report(client, bea, {"seq": 1, **claims}, {"seq": 2, **wrong}).status_code == 200
    seen = board(client, made["id"])
    step2 = next(s for s in seen["summary"] if s["step"] == 2)
    assert step2 == {
        "lesson": "linear-maps",
        "step": 2,
        "students": 2,
        "tried": 2,
        "passed": 1,
        "stuck": [["w21 about 1", 1]],
    }
    tiles = {t["nickname"]: t for t in seen["students"]}
    assert tiles["Alex"]["marks"] == [
        {"lesson": "linear-maps", "step": 2, "passed": True, "attempts": 1}
    ]
    assert tiles["Bea"]["marks"][0]["attempts"] == 2 and not tiles["Bea"]["marks"][0]["passed"]


def test_a_report_sent_again_is_stored_once(room):
    classroom, client = room
    made = new_class(client)
    me = joined(client, made["code"], "Alex")
    step = {"seq": 1, "kind": "step", "lesson": "linear-maps", "step": 2}
    run = {"seq": 2, "kind": "run", "epochs": 150, "accuracy": 0.95, "loss": 0.1}
    for _ in range(3):  # the page did not hear the answer and sends everything again
        assert report(client, me, step, run).get_json()["acked"] == 2
    with classroom.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar_one() == 2
        row = conn.execute(select(students)).one()
    assert row.step == 2 and row.last_accuracy == 0.95


def test_only_the_latest_picture_counts_and_it_is_read_through_the_state_gate(room):
    classroom, client = room
    made = new_class(client)
    me = joined(client, made["code"], "Alex")
    report(client, me, {"seq": 5, "kind": "picture", "state": picture(w11=-2.0)})
    report(client, me, {"seq": 3, "kind": "picture", "state": picture(w11=2.0)})  # older
    report(client, me, {"seq": 6, "kind": "picture", "state": "?w11=5&w12=nonsense&evil=1"})
    tile = board(client, made["id"])["students"][0]
    assert "w11=5.0" in tile["picture"] and "w12=0.0" in tile["picture"]
    assert "evil" not in tile["picture"] and "nonsense" not in tile["picture"]


@pytest.mark.parametrize(
    "item, words",
    [
        ({"kind": "mine", "seq": 1}, "kind is one of"),
        ({"kind": "step", "seq": 0, "lesson": "linear-maps", "step": 1}, "seq is a whole number"),
        ({"kind": "step", "seq": 1, "lesson": "nope", "step": 1}, "lesson this server"),
        ({"kind": "step", "seq": 1, "lesson": "linear-maps", "step": 99}, "a step that"),
        ({"kind": "check", "seq": 1, "lesson": "linear-maps", "step": 1}, "nothing to check"),
        ({"kind": "run", "seq": 1, "epochs": 5, "accuracy": 1.5}, "accuracy (0 to 1)"),
        ({"kind": "run", "seq": 1, "epochs": "5", "accuracy": 1}, "epochs, accuracy"),
        ({"kind": "picture", "seq": 1, "state": "x" * 3000}, "picture could not be read"),
    ],
)
def test_a_report_that_cannot_be_used_is_refused_with_a_reason(room, item, words):
    _, client = room
    me = joined(client, new_class(client)["code"], "Alex")
    answer = report(client, me, item)
    assert answer.status_code == 400 and words in answer.get_json()["message"]


def test_a_student_cannot_report_as_another_or_read_anything(room):
    _, client = room
    made = new_class(client)
    alex, bea = joined(client, made["code"], "Alex"), joined(client, made["code"], "Bea")
    forged = {"student": bea["student"], "secret": alex["secret"], "reports": []}
    for path in ("/class/report", "/class/status", "/class/leave"):
        answer = client.post(path, json=forged)
        assert answer.status_code == 403 and "join again" in answer.get_json()["message"]
    # No student route lists anyone: the board needs the teacher's key.
    assert client.get(f"/teacher/api/classes/{made['id']}/board").status_code == 403


def test_pacing_and_pause_reach_the_students_status(room):
    _, client = room
    made = new_class(client)
    me = joined(client, made["code"], "Alex")
    teacher(client, "POST", f"/teacher/api/classes/{made['id']}", {"action": "pace", "step": 3})
    teacher(client, "POST", f"/teacher/api/classes/{made['id']}", {"action": "pause"})
    said = client.post("/class/status", json={"student": me["student"], "secret": me["secret"]})
    cls = said.get_json()["class"]
    assert cls["pace"] == 3 and cls["paused"] is True and cls["lesson"] == "linear-maps"
    bad = teacher(
        client, "POST", f"/teacher/api/classes/{made['id']}", {"action": "pace", "step": 0}
    )
    assert bad.status_code == 400


def test_a_student_who_leaves_is_out_and_the_board_says_so(room):
    _, client = room
    made = new_class(client)
    me = joined(client, made["code"], "Alex")
    assert client.post("/class/leave", json=me).status_code == 200
    answer = report(client, me, {"seq": 1, "kind": "step", "lesson": "linear-maps", "step": 1})
    assert answer.status_code == 403
    assert board(client, made["id"])["students"][0]["left"] is True


def test_the_board_sends_only_what_changed_since_it_looked(room):
    _, client = room
    made = new_class(client)
    alex, _ = joined(client, made["code"], "Alex"), joined(client, made["code"], "Bea")
    first = board(client, made["id"])
    assert first["full"] and len(first["students"]) == 2
    assert board(client, made["id"], first["version"]) == {
        "version": first["version"],
        "unchanged": True,
    }
    report(client, alex, {"seq": 1, "kind": "step", "lesson": "linear-maps", "step": 3})
    later = board(client, made["id"], first["version"])
    assert [t["nickname"] for t in later["students"]] == ["Alex"] and not later["full"]


# -- results and deleting ----------------------------------------------------------------


def test_the_results_csv_for_a_gradebook(room):
    _, client = room
    made = new_class(client)
    alex, bea = joined(client, made["code"], "Alex"), joined(client, made["code"], "=1+1")
    right = {"kind": "check", "lesson": "linear-maps", "step": 2, "state": picture(w21=1.0)}
    report(client, alex, {"seq": 1, **{**right, "state": picture()}}, {"seq": 2, **right})
    report(client, alex, {"seq": 3, "kind": "run", "epochs": 150, "accuracy": 0.9, "loss": 0.2})
    answer = teacher(client, "GET", f"/teacher/api/classes/{made['id']}/results.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert rows[0]["nickname"] == "Alex" and rows[0]["lesson"] == "linear-maps"
    assert (rows[0]["step"], rows[0]["passed"], rows[0]["attempts"]) == ("2", "yes", "2")
    assert rows[0]["first_pass_utc"].endswith("+00:00") and rows[0]["last_accuracy"] == "0.9000"
    assert rows[1]["nickname"] == "'=1+1"  # never a formula in a spreadsheet
    assert bea["nickname"] == "=1+1"


def test_deleting_a_class_deletes_all_its_students_data(room):
    classroom, client = room
    made, other = new_class(client), new_class(client, "Other")
    me = joined(client, made["code"], "Alex")
    keep = joined(client, other["code"], "Bea")
    right = {"kind": "check", "lesson": "linear-maps", "step": 2, "state": picture(w21=1.0)}
    report(client, me, {"seq": 1, **right})
    report(client, keep, {"seq": 1, **right})
    assert teacher(client, "DELETE", f"/teacher/api/classes/{made['id']}").status_code == 200
    with classroom.engine.connect() as conn:
        left = conn.execute(select(students.c.nickname)).scalars().all()
        assert left == ["Bea"]
        assert conn.execute(select(func.count()).select_from(events)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(progress)).scalar_one() == 1
    assert board_status(client, made["id"]) == 404
    assert client.post("/class/status", json=me).status_code == 403


def board_status(client, class_id) -> int:
    return teacher(client, "GET", f"/teacher/api/classes/{class_id}/board").status_code


def test_classes_older_than_30_days_go_unless_kept(room):
    classroom, client = room
    old, kept = new_class(client, "Old"), new_class(client, "Kept")
    teacher(client, "POST", f"/teacher/api/classes/{kept['id']}", {"action": "keep"})
    later = old["created_at"] + (store.KEEP_DAYS + 1) * 86400
    with classroom.engine.begin() as conn:
        assert store.delete_old(conn, later) == 1
    assert board_status(client, old["id"]) == 404 and board_status(client, kept["id"]) == 200
