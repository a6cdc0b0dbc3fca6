"""Hostile input to every class route: thousands of malformed bodies, hostile values inside
well-formed ones, with and without a student's secret or the teacher's key. No route answers 500
or shows a traceback; each refuses with a JSON sentence and a 4xx status, or does what was asked;
and the class answers correctly afterwards (what was stored before is still there, a real report
is still taken)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinynet.explorer.app import create_app
from tinynet.explorer.classroom.opening import open_classroom

KEY = "a-teacher-key-that-is-long-enough-123"
REFUSALS = {400, 403, 404, 409, 413, 429}

hostile = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(
        [
            "",
            "step",
            "check",
            "run",
            "picture",
            "linear-maps",
            "?w11=nan",
            "1e309",
            "ACDEFG",
            "pace",
            "close",
            "pause",
            "\x00",
            "../../etc/passwd",
            "=cmd|' /C calc'!A0",
        ]
    ),  # fmt: skip
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def class_server(tmp_path_factory):
    """One class with a student who has reported, on a SQLite database of the module's own."""
    where = tmp_path_factory.mktemp("fuzz") / "classes.sqlite3"
    classroom, _ = open_classroom(str(where), KEY, "http://school:8050")
    client = create_app(classroom=classroom).server.test_client()
    made = client.post(
        "/teacher/api/classes",
        json={"name": "Fuzz", "lesson": "linear-maps"},
        headers={"X-Teacher-Key": KEY},
    ).get_json()
    me = client.post("/class/join", json={"code": made["code"], "nickname": "Ada"}).get_json()
    first = {"seq": 1, "kind": "step", "lesson": "linear-maps", "step": 2}
    answer = client.post(
        "/class/report", json={"student": me["student"], "secret": me["secret"], "reports": [first]}
    )
    assert answer.get_json()["acked"] == 1
    yield client, made, me
    classroom.engine.dispose()


def assert_handled(answer) -> None:
    text = answer.get_data()
    assert answer.status_code in {200, 503} | REFUSALS, (answer.status_code, text[:300])
    assert b"Traceback" not in text and b'File "' not in text
    if answer.status_code in REFUSALS and answer.mimetype == "application/json":
        message = answer.get_json()["message"]
        assert isinstance(message, str) and 0 < len(message) < 200


STUDENT_ROUTES = ["/class/join", "/class/report", "/class/status", "/class/leave"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    route=st.sampled_from(STUDENT_ROUTES),
    payload=st.one_of(hostile, st.text(max_size=200), st.binary(max_size=200)),
    address=st.ip_addresses(v=4).map(str),
)
def test_malformed_student_bodies_are_refused(class_server, route, payload, address):
    client, _, _ = class_server
    text = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    answer = client.post(
        route, data=text, content_type="application/json", environ_base={"REMOTE_ADDR": address}
    )
    assert_handled(answer)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_reports_with_a_real_secret_are_refused_or_stored(class_server, data):
    """A joined student's page sending anything at all, in well-formed requests."""
    client, _, me = class_server
    item = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "kind": st.sampled_from(["step", "check", "run", "picture"]) | hostile,
                "seq": st.integers(min_value=-5, max_value=2**40) | hostile,
                "at": st.floats(allow_nan=True, allow_infinity=True) | hostile,
                "lesson": st.sampled_from(["linear-maps", "nope"]) | hostile,
                "step": st.integers(min_value=-3, max_value=12) | hostile,
                "state": st.sampled_from(["?w11=2", "?w11=nan&act=evil", "x" * 5000]) | hostile,
                "answer": hostile,
                "epochs": st.floats(allow_nan=True) | hostile,
                "accuracy": st.floats(allow_nan=True) | hostile,
                "loss": st.floats(allow_nan=True) | hostile,
            },
        )
        | hostile
    )
    reports = data.draw(st.lists(st.just(item), max_size=3) | hostile, label="reports")
    body = {"student": me["student"], "secret": me["secret"], "reports": reports}
    assert_handled(client.post("/class/report", json=body))
    assert_handled(client.post("/class/status", json={**body, "reports": None}))


TEACHER_CALLS = [
    ("GET", "/teacher/api/classes"),
    ("POST", "/teacher/api/classes"),
    ("POST", "/teacher/api/classes/{id}"),
    ("DELETE", "/teacher/api/classes/{id}"),
    ("GET", "/teacher/api/classes/{id}/board?since={q}"),
    ("GET", "/teacher/api/classes/{id}/results.csv"),
    ("GET", "/teacher/api/points?state={q}"),
    ("GET", "/teacher?key={q}"),
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    call=st.sampled_from(TEACHER_CALLS),
    class_id=st.integers(min_value=0, max_value=10**12),
    query=st.text(max_size=60),
    key=st.sampled_from([KEY, "", "wrong", KEY + "x", KEY[:-1]]),
    payload=hostile,
)
def test_the_teachers_routes_with_any_key_and_body(class_server, call, class_id, query, key,
                                                   payload):  # fmt: skip
    client, made, _ = class_server
    method, path = call
    if class_id == made["id"] and method in ("POST", "DELETE"):
        class_id += 1  # any class but the one the other tests report to
    url = path.format(id=class_id, q=query.replace("&", "").replace("#", ""))
    answer = client.open(url, method=method, json=payload, headers={"X-Teacher-Key": key})
    assert_handled(answer)
    if key != KEY and not url.startswith("/teacher?"):
        assert answer.status_code == 403


def test_deeply_nested_and_oversized_bodies_are_refused(class_server):
    client, _, me = class_server
    nested = client.post(
        "/class/report", data="[" * 30_000 + "]" * 30_000, content_type="application/json"
    )  # under the size cap, past the JSON parser's depth
    assert nested.status_code == 400 and "could not be read" in nested.get_json()["message"]
    big = client.post(
        "/class/report",
        json={"student": me["student"], "secret": me["secret"], "reports": ["x" * 70_000]},
    )
    assert big.status_code == 413 and "too large" in big.get_json()["message"]


def test_the_class_answers_correctly_after_the_fuzz(class_server):
    client, made, me = class_server
    status = client.post("/class/status", json={"student": me["student"], "secret": me["secret"]})
    assert status.status_code == 200
    acked = status.get_json()["acked"]
    assert acked >= 1  # the first report is still there
    bo = client.post("/class/join", json={"code": made["code"], "nickname": "Bo"}).get_json()
    step = {"seq": 1, "kind": "step", "lesson": "linear-maps", "step": 3}
    body = {"student": bo["student"], "secret": bo["secret"], "reports": [step]}
    answer = client.post("/class/report", json=body)
    assert answer.status_code == 200 and answer.get_json()["acked"] == 1
    board = client.get(
        f"/teacher/api/classes/{made['id']}/board", headers={"X-Teacher-Key": KEY}
    ).get_json()
    seen = {s["nickname"]: s for s in board["students"]}
    assert set(seen) == {"Ada", "Bo"} and seen["Bo"]["step"] == 3
