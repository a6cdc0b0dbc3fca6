"""show() runs the explorer inline in Jupyter, with a state given as fields or a link."""

import pytest
from dash import Dash

from tinynet import show


@pytest.fixture
def runs(monkeypatch):
    calls = []
    monkeypatch.setattr(Dash, "run", lambda self, **kwargs: calls.append((self, kwargs)))
    return calls


def test_show_runs_inline_on_loopback(runs):
    show()
    app, kwargs = runs[0]
    assert kwargs["jupyter_mode"] == "inline" and kwargs["host"] == "127.0.0.1"
    assert kwargs["debug"] is False


def controls(app) -> dict:
    return {c.id: c for c in app.layout._traverse() if isinstance(getattr(c, "id", None), str)}


def test_show_opens_a_given_state(runs):
    show({"w11": -3, "activation": "relu"})
    found = controls(runs[0][0])
    assert found["w11"].value == -3.0 and found["activation"].value == "relu"


def test_show_takes_a_copied_link_and_reports_its_problems(runs, capsys):
    show("http://127.0.0.1:8050/?w12=2.5&activation=evil")
    assert controls(runs[0][0])["w12"].value == 2.5
    assert "evil" in capsys.readouterr().out


def test_show_refuses_other_things():
    with pytest.raises(TypeError):
        show(42)
