"""The heavy slot is shared fairly (serving/heavy.py): the client that has used it least lately
goes first, one client cannot fill the queue, a client that has gone loses its turn; and the
page's client cookie that names a client is signed (serving/clients.py)."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from servers import run_in_thread

from tinynet.explorer.app import create_app
from tinynet.explorer.serving import clients, heavy, waitress_server
from tinynet.explorer.training import chunks


def wait_for(condition, seconds: float = 10.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the condition never held"
        time.sleep(0.005)


def queue_up(slot, client, served, gone=None):
    """A thread that waits for the slot as `client`, and notes when it got it."""

    def run():
        try:
            slot.acquire(client, gone)
        except heavy.Busy:
            served.append((client, "busy"))
            return
        except heavy.Gone:
            served.append((client, "gone"))
            return
        served.append((client, "served"))
        slot.release(client, 0.0)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_the_client_that_used_the_slot_least_lately_goes_first(monkeypatch):
    monkeypatch.setattr(heavy, "HEAVY_WAIT", 30.0)
    slot = heavy.FairSlot()
    slot.acquire("flooder")
    slot.release("flooder", 5.0)  # five seconds of work just now
    slot.acquire("holder")
    served = []
    first = queue_up(slot, "flooder", served)  # queued first ...
    wait_for(lambda: slot.waiting() == 1)
    second = queue_up(slot, "student", served)  # ... but the student has had nothing yet
    wait_for(lambda: slot.waiting() == 2)
    slot.release("holder", 0.1)
    first.join()
    second.join()
    assert served == [("student", "served"), ("flooder", "served")]


def test_use_is_forgotten_with_time(monkeypatch):
    slot = heavy.FairSlot()
    slot.release("a", 8.0)
    now = time.monotonic()
    assert slot._use("a", now) == pytest.approx(8.0, rel=1e-3)
    assert slot._use("a", now + heavy.HALF_LIFE) == pytest.approx(4.0, rel=1e-3)


def test_one_client_cannot_fill_the_queue(monkeypatch):
    monkeypatch.setattr(heavy, "HEAVY_WAIT", 30.0)
    slot = heavy.FairSlot()
    slot.acquire("holder")
    served = []
    waiting = [queue_up(slot, "flooder", served) for _ in range(heavy.PER_CLIENT)]
    wait_for(lambda: slot.waiting() == heavy.PER_CLIENT)
    with pytest.raises(heavy.Busy) as busy:  # one more at once, with when to try again
        slot.acquire("flooder")
    assert busy.value.get_response().headers["Retry-After"] == str(heavy.RETRY_AFTER)
    others = [
        queue_up(slot, f"student {k}", served) for k in range(heavy.QUEUE_MAX - heavy.PER_CLIENT)
    ]
    wait_for(lambda: slot.waiting() == heavy.QUEUE_MAX)
    with pytest.raises(heavy.Busy):  # the queue is full
        slot.acquire("one more")
    slot.release("holder", 0.0)
    for thread in [*waiting, *others]:
        thread.join()
    assert sorted(state for _, state in served) == ["served"] * heavy.QUEUE_MAX


def test_a_client_that_has_gone_loses_its_turn(monkeypatch):
    monkeypatch.setattr(heavy, "HEAVY_WAIT", 30.0)
    slot = heavy.FairSlot()
    slot.acquire("holder")
    served = []
    left = threading.Event()
    gone = queue_up(slot, "closed the page", served, gone=left.is_set)
    wait_for(lambda: slot.waiting() == 1)
    stays = queue_up(slot, "still here", served)
    wait_for(lambda: slot.waiting() == 2)
    left.set()
    slot.release("holder", 0.0)
    gone.join()
    stays.join()
    assert ("still here", "served") in served
    assert ("closed the page", "served") not in served
    assert slot.waiting() == 0 and not slot._busy  # nothing is left holding the slot


def test_the_page_gives_a_signed_client_cookie_and_a_forged_one_is_an_address():
    app = create_app()
    client = app.server.test_client()
    page = client.get("/")
    cookie = page.headers["Set-Cookie"]
    assert cookie.startswith(clients.COOKIE + "=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    with app.server.test_request_context("/", headers={"Cookie": f"{clients.COOKIE}={value}"}):
        assert clients.client_key() == f"client:{value.rsplit('.', 1)[0]}"
    name = value.rsplit(".", 1)[0]
    for forged in (f"{name}x.{value.rsplit('.', 1)[1]}", f"{name}.{'0' * 32}", "nonsense", ""):
        headers = {"Cookie": f"{clients.COOKIE}={forged}", "X-Forwarded-For": "10.1.2.3"}
        local = {"REMOTE_ADDR": "127.0.0.1"}
        with app.server.test_request_context("/", headers=headers, environ_base=local):
            assert clients.client_key() == "address:10.1.2.3"  # behind the local proxy
    # A page load with the cookie gets no new one; scripts and data get none.
    client.set_cookie(clients.COOKIE, value)
    assert "Set-Cookie" not in client.get("/").headers
    assert "Set-Cookie" not in client.get("/_dash-layout").headers


def test_a_full_queue_makes_room_for_a_lighter_client(monkeypatch):
    monkeypatch.setattr(heavy, "HEAVY_WAIT", 30.0)
    monkeypatch.setattr(heavy, "QUEUE_MAX", 2)
    slot = heavy.FairSlot()
    for name, seconds in (("flooder 1", 3.0), ("flooder 2", 3.0), ("flooder 3", 9.0)):
        slot.acquire(name)
        slot.release(name, seconds)
    slot.acquire("holder")
    served = []
    flooders = [queue_up(slot, "flooder 1", served)]
    wait_for(lambda: slot.waiting() == 1)
    flooders.append(queue_up(slot, "flooder 2", served))
    wait_for(lambda: slot.waiting() == 2)
    # The queue is full of heavier users: the later of the two equals is told busy.
    student = queue_up(slot, "student", served)
    flooders[1].join()
    assert served == [("flooder 2", "busy")]
    wait_for(lambda: slot.waiting() == 2)
    with pytest.raises(heavy.Busy):  # no room for one heavier than those waiting
        slot.acquire("flooder 3")
    slot.release("holder", 0.0)
    student.join()
    flooders[0].join()
    assert served[1:] == [("student", "served"), ("flooder 1", "served")]


def test_a_request_whose_client_hangs_up_while_it_waits_is_not_worked_on(monkeypatch):
    """Through waitress (as `tinynet serve` makes it): a chunk request waits for the slot, its
    client closes the connection, and when the slot comes free the work is not done."""
    monkeypatch.setattr(heavy, "HEAVY_WAIT", 30.0)
    worked = []
    real = chunks._run_chunk
    monkeypatch.setattr(chunks, "_run_chunk", lambda raw: worked.append(1) or real(raw))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    server = waitress_server.make_server(create_app().server, sockets=[listener], threads=4)
    run_in_thread(server)
    recipe = {"dataset": "moons", "samples": 100, "noise": 0.1, "data_seed": 0}
    req = {"options": {"epochs": 1}, "activation": "tanh", "goal": "run", "id": "run-1",
           "data": {"made_by": recipe}}  # fmt: skip
    body = json.dumps({
        "output": "chunk-answer.data", "outputs": {"id": "chunk-answer", "property": "data"},
        "inputs": [{"id": "chunk-request", "property": "data", "value": req}], "state": [],
        "changedPropIds": ["chunk-request.data"],
    }).encode()  # fmt: skip
    head = (
        "POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
        f"\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    heavy.SLOT.acquire("holder")
    try:
        gone = socket.create_connection(listener.getsockname())
        gone.sendall(head + body)
        wait_for(lambda: heavy.SLOT.waiting() == 1)
        gone.close()  # the page closed
        wait_for(lambda: not server.active_channels)  # waitress has seen the connection go
        stays = socket.create_connection(listener.getsockname())
        stays.sendall(head + body)
        wait_for(lambda: heavy.SLOT.waiting() == 2)
    finally:
        heavy.SLOT.release("holder", 0.0)
    answer = b""
    while b'"chunk-answer"' not in answer:
        answer += stays.recv(65536)
    stays.close()
    server.close()
    assert worked == [1]  # the request still connected was trained; the other was not
    wait_for(lambda: heavy.SLOT.waiting() == 0 and not heavy.SLOT._busy)


def test_every_worker_signs_client_cookies_with_the_masters_key(monkeypatch):
    """gunicorn's master makes the key before it forks (gunicorn_conf.on_starting); a worker
    that imports the app on its own reads it, so a cookie from one worker is good in another."""
    import importlib

    from tinynet.explorer.serving import gunicorn_conf

    monkeypatch.delenv(clients.KEY_VARIABLE, raising=False)

    class Server:  # what on_starting reads of gunicorn's arbiter: `tinynet serve`'s own app
        app = None
        cfg = None

    gunicorn_conf.on_starting(Server())
    key = clients.os.environ[clients.KEY_VARIABLE]
    first = importlib.reload(clients)._sign("a page")
    again = importlib.reload(clients)._sign("a page")  # another worker, importing it anew
    assert first == again and bytes.fromhex(key) == clients._KEY
    monkeypatch.setenv(clients.KEY_VARIABLE, "not hex")
    assert len(importlib.reload(clients)._KEY) == 32  # a broken one: a key of its own
    monkeypatch.delenv(clients.KEY_VARIABLE)
    importlib.reload(clients)
