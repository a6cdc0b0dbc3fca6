"""show() in a real Jupyter kernel (ipykernel, run by nbclient): each cell's output is Dash's
inline frame, and while the kernel lives the server behind the frame serves the page with the
state the cell asked for. A `model.py` beside the notebook (a name many projects use) does not
get in the way: the explorer lives in the tinynet namespace."""

from __future__ import annotations

import json
import urllib.request

import nbformat
from nbclient import NotebookClient
from servers import free_port

LINK = "http://127.0.0.1:8050/?w11=2.5&w22=-1.5&activation=sigmoid&samples=300"


def notebook(port_a: int, port_b: int):
    sources = [
        "from tinynet import show",
        f'a = show({{"w11": -3, "w12": 3, "activation": "relu"}}, port={port_a})',
        f'b = show("{LINK}", port={port_b})',
        "print(a, b, sep='\\n')",
    ]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def components(node, found: dict) -> dict:
    """Every component of a Dash layout (as /_dash-layout sends it) by id: its props."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict):
            if isinstance(props.get("id"), str):
                found[props["id"]] = props
            components(props.get("children"), found)
    elif isinstance(node, list):
        for child in node:
            components(child, found)
    return found


def served(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_dash-layout", timeout=20) as r:
        return components(json.load(r), {})


def frames(cell) -> list[str]:
    return [
        o["data"]["text/html"]
        for o in cell.outputs
        if o.get("output_type") == "display_data" and "text/html" in o.get("data", {})
    ]


def test_show_in_a_real_kernel_serves_the_asked_state(tmp_path):
    (tmp_path / "model.py").write_text("raise ImportError('the notebook author’s own model.py')\n")
    port_a, port_b = free_port(), free_port()
    nb = notebook(port_a, port_b)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        errors = [o for c in nb.cells for o in c.outputs if o.get("output_type") == "error"]
        assert errors == []
        for cell, port in ((nb.cells[1], port_a), (nb.cells[2], port_b)):
            (frame,) = frames(cell)
            assert "<iframe" in frame and f'src="http://127.0.0.1:{port}/"' in frame
        # While the kernel lives, each frame's server serves its own state.
        a, b = served(port_a), served(port_b)
        # The weights store: w11, w12, w21, w22, ... (model's order).
        assert (a["weights"]["data"][:2], a["activation"]["value"]) == ([-3, 3], "relu")
        assert (b["weights"]["data"][0], b["weights"]["data"][3]) == (2.5, -1.5)
        assert (b["activation"]["value"], b["samples"]["value"]) == ("sigmoid", 300)
        printed = "".join(o.get("text", "") for o in nb.cells[3].outputs)
        assert f"tinynet explorer at http://127.0.0.1:{port_a}/" in printed
        assert "dash.dash.Dash" not in printed
