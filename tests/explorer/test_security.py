"""Secure by default: headers on every response, a policy the page satisfies (the browser
tests fail on any console error, CSP refusals included), no dev tools, no MCP or API routes,
oversized bodies refused before they are parsed."""

import json

import pytest

from tinynet import create_app
from tinynet.explorer.limits import REQUEST_MAX_BYTES


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


@pytest.mark.parametrize("path", ["/", "/_dash-layout", "/_dash-dependencies", "/no-such-page"])
def test_every_response_has_the_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "unsafe-eval" not in csp and "script-src 'self' 'sha256-" in csp


def test_the_policy_allows_exactly_the_pages_inline_scripts(client):
    app = create_app()
    page = app.server.test_client().get("/").get_data(as_text=True)
    csp = app.server.test_client().get("/").headers["Content-Security-Policy"]
    assert app.renderer in page
    for script_hash in app.csp_hashes():
        assert script_hash in csp


def test_in_a_notebook_only_the_named_origins_may_frame_it():
    framers = ["'self'", "http://127.0.0.2:8888", "vscode-webview:"]
    headers = create_app(framers=framers).server.test_client().get("/").headers
    assert "X-Frame-Options" not in headers
    assert (
        "frame-ancestors 'self' http://127.0.0.2:8888 vscode-webview:"
        in (headers["Content-Security-Policy"])
    )


def test_outside_a_notebook_nobody_may_frame_it(client):
    headers = client.get("/").headers
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_dev_tools_and_mcp_are_off(client):
    page = client.get("/").get_data(as_text=True)
    config = json.loads(page.split('id="_dash-config" type="application/json">')[1].split("<")[0])
    assert config["ui"] is False and config["props_check"] is False
    # No MCP endpoint: its path is as unknown as any other.
    assert client.get("/_mcp").status_code == 404
    assert client.post("/_mcp", json={"jsonrpc": "2.0", "method": "tools/list"}).status_code in (
        404,
        405,
    )
    assert client.get("/_reload-hash").get_json()["reloadHash"] is None  # no hot reload


def test_an_oversized_body_is_refused_with_413(client):
    body = b"{" + b" " * (REQUEST_MAX_BYTES + 10) + b"}"
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 413
    assert b"Traceback" not in response.get_data()


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page",
        "/admin/../etc/passwd",
        "/assets/no-such-file.js",
        "/_dash-component-suites/dash/no-such-file.js",
        "/_dash-component-suites/no-such-package/x.js",
    ],
)
def test_unknown_paths_and_missing_files_are_404(client, path):
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert b"_dash-config" not in answer.data and b"Traceback" not in answer.data


def test_the_page_does_not_tell_the_python_build(client):
    import sys

    page = client.get("/").data.decode()
    assert sys.version.split()[0] not in page and "python_version" not in page
    assert "dash-version.plotly.com" not in page
