"""The app factory: a new Dash app with its own callbacks, safe defaults and capped requests."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dash import Dash

from tinynet.explorer.architectures import callbacks as architecture_callbacks
from tinynet.explorer.classroom import panel as class_panel
from tinynet.explorer.classroom import routes as class_routes
from tinynet.explorer.classroom.routes import Classroom
from tinynet.explorer.data import callbacks as data_callbacks
from tinynet.explorer.data.points import arrays, load_for
from tinynet.explorer.lessons import callbacks as lesson_callbacks
from tinynet.explorer.lessons.files import LESSONS, Lesson
from tinynet.explorer.limits import REQUEST_MAX_BYTES
from tinynet.explorer.page import callbacks as page_callbacks
from tinynet.explorer.page.config import client_config
from tinynet.explorer.page.layout import page
from tinynet.explorer.serving.compression import compress, keep_unchanging
from tinynet.explorer.serving.errors import callback_error
from tinynet.explorer.serving.security import harden
from tinynet.explorer.sharing import links as link_callbacks
from tinynet.explorer.sharing import weights as weights_callbacks
from tinynet.explorer.state import State
from tinynet.explorer.training import callbacks as training_callbacks
from tinynet.explorer.training import download as training_download
from tinynet.explorer.training import figures as training_figures
from tinynet.explorer.views import callbacks, diagram, figures
from tinynet.explorer.views.numbers import compute_views
from tinynet.model import Params, architecture, resolve

ASSETS = Path(__file__).parent / "assets"


def initial_figures(state: State, data: dict) -> dict:
    """The figures for a state, built on the server with model/ (the browser then keeps them up
    to date by itself), and the empty, styled charts the page fills in as a run grows."""
    X, y, drawn = arrays(data)
    act = resolve(state.activation, state.act_param)
    if state.params.hidden != architecture.DEFAULT:
        # The figures are the page's templates; another network's views the page draws itself.
        state = dataclasses.replace(state, params=Params.default())
    views = compute_views(state.params, act, state.stage, X, y, drawn, state.fit)
    return {
        "input": figures.input_figure(views, X[drawn], y[drawn], state.grid),
        "hidden": figures.hidden_figure(views, state.stage, state.params),
        "activation": figures.activation_figure(views, act),
        "diagram": diagram.diagram_figure(state.params),
        "proba": training_figures.proba_figure(views),
        "history": training_figures.history_figure({"records": []}),
        "weights": training_figures.weights_figure({"records": []}),
        "restarts": training_figures.restarts_figure({"runs": []}),
    }


THREE_D_BUNDLE = r"plotly-gl3d-[0-9.]+\.min\.js$"


def create_app(
    state: State | None = None,
    lessons: dict[str, Lesson] | None = None,
    framers: list[str] | None = None,
    classroom: Classroom | None = None,
) -> Dash:
    """A new app; each call registers its own callbacks, so two apps can live in one process.
    `lessons` defaults to the built-in ones (lessons.registry adds a teacher's files);
    `framers` are the origins that may frame the page (a notebook's; none by default);
    `classroom` (a class database, `tinynet serve`) adds joining a class and the teacher's
    board; without it the page has no Join control."""
    state = state or State()
    lessons = LESSONS if lessons is None else lessons
    app = Dash(
        __name__,
        title="tinynet explorer",
        assets_folder=str(ASSETS),
        update_title=None,
        serve_locally=True,
        # The 3-D bundle is served, not put in the page: assets/architectures/three.js loads
        # it when a layer of three units is on screen, so the first load stays light.
        assets_ignore=THREE_D_BUNDLE,
        enable_mcp=False,  # no tool endpoint that lets a client drive the callbacks
        on_error=callback_error,  # a bug: a traceback in the log and a sentence on the page
    )
    # Screen readers pick their voice by the page's language (Dash's page names none).
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    app.server.config["MAX_CONTENT_LENGTH"] = REQUEST_MAX_BYTES
    compress(app.server, ASSETS)
    data = load_for(state)
    config = {**client_config(), "classroom": classroom is not None}
    app.layout = page(state, initial_figures(state, data), data, config, lessons)
    page_callbacks.register(app)
    architecture_callbacks.register(app)
    callbacks.register(app)
    data_callbacks.register(app)
    weights_callbacks.register(app)
    training_callbacks.register(app)
    training_download.register(app)
    link_callbacks.register(app)
    lesson_callbacks.register(app, lessons)
    if classroom is not None:
        classroom.lessons = lessons
        class_routes.register(app.server, classroom)
        class_panel.register(app)
    harden(app, framers)
    keep_unchanging(app.server)
    return app
