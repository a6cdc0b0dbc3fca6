import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from servers import free_port

from tinynet.explorer.cli import _parser, main
from tinynet.explorer.serving.server import check_host, is_loopback


def test_loopback_hosts():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_hosts_must_be_addresses():
    assert check_host("0.0.0.0") == "0.0.0.0"
    with pytest.raises(ValueError, match="IP address"):
        check_host("example.com; rm -rf /")


def test_debug_on_a_shared_host_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--host", "0.0.0.0", "--debug", "--no-browser"])
    assert exit_info.value.code == 2
    assert "loopback" in capsys.readouterr().err


def test_bad_port_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--port", "70000"])
    assert exit_info.value.code == 2


def test_serve_with_a_teachers_lessons_reports_a_broken_file_and_starts(tmp_path, monkeypatch):
    """--lessons DIR: the good file is offered, the broken one is named with its line on
    stderr, and the server starts anyway."""
    (tmp_path / "mine.toml").write_text(
        'title = "My lesson"\n[[steps]]\ntitle = "Look"\ntext = "Just look."\n'
    )
    (tmp_path / "broken.toml").write_text('title = "x"\n[[steps]\n')
    started = {}
    monkeypatch.setattr(
        "tinynet.explorer.serving.waitress_server.run", lambda *args: started.update(args=args)
    )
    port = free_port()
    rc = main(["serve", "--no-browser", "--port", str(port), "--lessons", str(tmp_path)])
    wsgi, host, port_used, _threads, _ = started["args"]
    assert rc == 0 and (host, port_used) == ("127.0.0.1", port)
    layout = _layout(wsgi)
    assert "My lesson" in layout and "Linear maps move the plane" in layout


def test_serve_names_the_broken_lesson_file_and_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "broken.toml").write_text('title = "x"\n[[steps]\n')
    monkeypatch.setattr("tinynet.explorer.serving.waitress_server.run", lambda *args: None)
    assert (
        main(["serve", "--no-browser", "--port", str(free_port()), "--lessons", str(tmp_path)]) == 0
    )
    err = capsys.readouterr().err
    assert "lesson not loaded: broken.toml, line 2:" in err


def test_serve_refuses_a_lessons_path_that_is_not_a_directory(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--no-browser", "--lessons", str(tmp_path / "nope")])
    assert exit_.value.code == 2
    assert "is not a directory" in capsys.readouterr().err


def _layout(wsgi) -> str:
    return wsgi.test_client().get("/_dash-layout").get_data(as_text=True)


def test_a_port_in_use_is_one_line_before_anything_starts(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as exit_:
            main(["serve", "--no-browser", "--port", str(port)])
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""  # no "open http://..." first
    assert err.strip().count("\n") == 0
    assert f"port {port} is already in use" in err and "--port" in err


def test_zero_workers_say_what_to_do(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--no-browser", "--workers", "0"])
    assert exit_.value.code == 2
    assert "--workers must be from 1 to 64" in capsys.readouterr().err


def test_workers_without_gunicorn_say_how_to_get_it(monkeypatch, capsys):
    import builtins

    real_import = builtins.__import__

    def no_gunicorn(name, *args, **kwargs):
        if name == "gunicorn":
            raise ImportError("No module named 'gunicorn'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_gunicorn)
    monkeypatch.setattr(
        "tinynet.explorer.serving.server.multiprocess_server_available", lambda: True
    )
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--no-browser", "--port", str(free_port()), "--workers", "2"])
    assert exit_.value.code == 2
    assert "pip install gunicorn" in capsys.readouterr().err


@pytest.mark.parametrize(
    "host, printed, opened",
    [
        ("::1", "http://[::1]:{port}/", "http://[::1]:{port}/"),
        ("127.0.0.2", "http://127.0.0.2:{port}/", "http://127.0.0.2:{port}/"),
        ("127.0.0.1", "http://127.0.0.1:{port}/", "http://127.0.0.1:{port}/"),
    ],
)
def test_the_address_is_printed_and_opened_as_it_is_listened_on(
    host, printed, opened, monkeypatch, capsys
):
    browsed = []
    monkeypatch.setattr("tinynet.explorer.serving.waitress_server.run", lambda *args: None)
    monkeypatch.setattr("webbrowser.open", browsed.append)
    monkeypatch.setattr("threading.Timer", lambda delay, f, args: type("T", (), {
        "start": lambda self: f(*args)})())  # fmt: skip
    port = free_port()
    assert main(["serve", "--host", host, "--port", str(port)]) == 0
    assert printed.format(port=port) in capsys.readouterr().out
    assert browsed == [opened.format(port=port)]


def test_every_option_with_a_default_says_it_in_help(capsys):
    for command in ("train", "serve", "lessons", "datasets"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        parser = _parser()._subparsers._group_actions[0].choices[command]
        for action in parser._actions:
            told = action.default not in (None, False, argparse.SUPPRESS)
            if told and action.option_strings and action.help:
                assert f"(default: {action.default})" in text or "default" in action.help, (
                    command,
                    action.option_strings,
                )


def test_a_lessons_variable_naming_no_folder_stops_gunicorn_in_one_line(tmp_path):
    port = free_port()
    env = {**os.environ, "TINYNET_LESSONS": str(tmp_path / "nope")}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "-c",
         "python:tinynet.explorer.serving.gunicorn_conf", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "tinynet.explorer.serving.wsgi:application"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    said = done.stdout + done.stderr
    assert done.returncode == 3  # halted, not restarted (and systemd is told not to)
    assert f"TINYNET_LESSONS: {tmp_path / 'nope'} is not a directory" in said
    assert "Traceback" not in said and "--lessons" not in said
    assert "control" not in said.lower() and "Permission denied" not in said
