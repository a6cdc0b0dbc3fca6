"""show() runs the explorer inline in Jupyter, with a state given as fields or a link, and
admits exactly the notebook that frames it."""

import json
import os

import pytest
from dash import Dash

from tinynet import show
from tinynet.explorer.notebook import COLAB_FRAMERS, framers, jupyter_server_of_this_kernel


@pytest.fixture
def runs(monkeypatch):
    calls = []
    monkeypatch.setattr(Dash, "run", lambda self, **kwargs: calls.append((self, kwargs)))
    return calls


def test_show_runs_inline_on_loopback_and_returns_a_handle(runs):
    explorer = show()
    app, kwargs = runs[0]
    assert kwargs["jupyter_mode"] == "inline" and kwargs["host"] == "127.0.0.1"
    assert kwargs["debug"] is False
    assert explorer.url == f"http://127.0.0.1:{kwargs['port']}/"
    assert "stop()" in repr(explorer) and "dash.Dash" not in repr(explorer)


def controls(app) -> dict:
    return {c.id: c for c in app.layout._traverse() if isinstance(getattr(c, "id", None), str)}


def test_show_opens_a_given_state(runs):
    show({"w11": -3, "activation": "relu"})
    found = controls(runs[0][0])
    assert found["weights"].data[0] == -3.0 and found["box-w11"].value == "-3"
    assert found["activation"].value == "relu"


def test_show_takes_a_copied_link_and_reports_its_problems(runs, capsys):
    show("http://127.0.0.1:8050/?w12=2.5&activation=evil")
    assert controls(runs[0][0])["weights"].data[1] == 2.5
    assert "evil" in capsys.readouterr().out


def test_show_takes_a_teachers_lessons(runs, tmp_path, capsys):
    (tmp_path / "ours.toml").write_text(
        'title = "Our own lesson"\n[[steps]]\ntitle = "Look"\ntext = "Just look."\n'
    )
    (tmp_path / "broken.toml").write_text('title = "x"\n[[steps]\n')
    show(lessons=tmp_path)
    options = controls(runs[0][0])["lesson"].options
    assert any("Our own lesson" in o["label"] for o in options)
    assert "broken.toml, line 2" in capsys.readouterr().out


def test_show_refuses_other_things():
    with pytest.raises(TypeError):
        show(42)


def write_server_file(runtime, url: str, pid: int) -> None:
    (runtime / f"jpserver-{pid}.json").write_text(json.dumps({"pid": pid, "url": url}))


def test_the_jupyter_server_that_started_the_kernel_may_frame_it(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    write_server_file(tmp_path, "http://127.0.0.9:9999/", os.getppid() + 1)  # another server
    assert jupyter_server_of_this_kernel() is None
    write_server_file(tmp_path, "http://127.0.0.2:8888/lab", os.getppid())
    server = jupyter_server_of_this_kernel()
    allowed, warning = framers(server, in_colab=False)
    assert "http://127.0.0.2:8888" in allowed and "http://127.0.0.9:9999" not in allowed
    assert warning == ""
    assert not set(COLAB_FRAMERS) & set(allowed)


def test_a_notebook_served_to_other_machines_is_told_the_frame_cannot_work():
    allowed, warning = framers({"url": "http://10.0.0.5:8888/"}, in_colab=False)
    assert "http://10.0.0.5:8888" in allowed
    assert "another machine" in warning and "tinynet serve --host 0.0.0.0" in warning


def test_colab_and_vscode_may_frame_it_where_they_run():
    allowed, _ = framers(None, in_colab=True)
    assert set(COLAB_FRAMERS) <= set(allowed) and "vscode-webview:" in allowed


def test_show_picks_another_network(runs):
    show(hidden=3)
    found = controls(runs[0][0])
    assert found["architecture"].data == [3] and found["hidden"].value == "3"
    assert len(found["weights"].data) == 13
    # weights of that network given in the state stand
    show({"hidden": "2,2", "w1_11": 2.5}, hidden=(2, 2))
    found = controls(runs[1][0])
    assert found["weights"].data[0] == 2.5 and found["hidden-network"].value == "2,2"
    with pytest.raises(ValueError, match="one or two hidden layers of 1 to 3 units"):
        show(hidden=4)
