import pytest

from explorer.cli import main
from explorer.server import check_host, is_loopback


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
    monkeypatch.setattr("explorer.workers.run", lambda *args: started.update(args=args))
    rc = main(["serve", "--no-browser", "--port", "8123", "--lessons", str(tmp_path)])
    wsgi, host, port, workers, _ = started["args"]
    assert rc == 0 and (host, port, workers) == ("127.0.0.1", 8123, 1)
    layout = _layout(wsgi)
    assert "My lesson" in layout and "Linear maps move the plane" in layout


def test_serve_names_the_broken_lesson_file_and_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "broken.toml").write_text('title = "x"\n[[steps]\n')
    monkeypatch.setattr("explorer.workers.run", lambda *args: None)
    assert main(["serve", "--no-browser", "--lessons", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "lesson not loaded: broken.toml, line 2:" in err


def test_serve_refuses_a_lessons_path_that_is_not_a_directory(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--no-browser", "--lessons", str(tmp_path / "nope")])
    assert exit_.value.code == 2
    assert "is not a directory" in capsys.readouterr().err


def _layout(wsgi) -> str:
    return wsgi.test_client().get("/_dash-layout").get_data(as_text=True)
