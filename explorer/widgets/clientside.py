"""Registering a clientside callback: a function of window.dash_clientside.tinynet (assets/)."""

from __future__ import annotations

from dash import ClientsideFunction, Dash


def clientside(app: Dash, name: str, outputs, inputs, states=(), initial=True) -> None:
    """`initial`: True runs it when the page opens, False does not, or a Dash string such as
    "initial_duplicate"."""
    app.clientside_callback(
        ClientsideFunction(namespace="tinynet", function_name=name),
        outputs,
        inputs,
        list(states),
        prevent_initial_call=initial if isinstance(initial, str) else not initial,
    )
