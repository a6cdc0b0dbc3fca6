"""Own data in the page: upload a CSV (good and bad), download the data as CSV."""

import pytest

from tinynet.datasets import load, parse_csv, write_csv


def upload(page, tmp_path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    page.tab("data")
    page.page.set_input_files("#upload input[type=file]", str(path))


def test_uploading_a_csv_replaces_the_data(app_page, tmp_path):
    page = app_page.open()
    X, y = load("xor", 80)
    upload(page, tmp_path, "mine.csv", write_csv(X, y, labels=("red", "green")))
    page.until_text("data-message", "80 points")
    page.until_text("accuracy", "· 80 points")
    assert "'green' -> class 0" in page.text("data-message")  # labels sort: green, red
    assert page.errors == []


@pytest.mark.parametrize(
    "text, words",
    [
        ("x1,x2\n0,0\n", "three"),
        ("x1,x2,label\n0,zero,a\n1,1,b\n", "not a number"),
        ("x1,x2,label\n0,inf,a\n1,1,b\n", "finite"),
        ("x1,x2,label\n0,0,a\n1,1,a\n", "two classes"),
        ("x1,x2,label\n0,0,a\n1,1,b\n2,2,a\n", "only 1 point"),
    ],
)
def test_a_bad_csv_shows_its_message_and_changes_nothing(app_page, tmp_path, text, words):
    page = app_page.open()
    before = page.text("accuracy")
    upload(page, tmp_path, "bad.csv", text)
    page.until_text("data-message", "Nothing was changed")
    assert words in page.text("data-message")
    assert page.text("accuracy") == before


def test_an_oversized_file_is_refused_in_the_page(app_page, tmp_path):
    page = app_page.open()
    page.requests.clear()
    upload(page, tmp_path, "huge.csv", "0,0,0\n" * 400_000)  # 2.4 MB
    page.until_text("data-message", "the limit is 2,097,152 bytes (2 MiB)")
    assert page.server_requests() == []  # never sent


def test_downloading_the_data(app_page, tmp_path):
    page = app_page.open()
    page.tab("data")
    with page.page.expect_download() as info:
        page.page.click("#download-csv")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    data = parse_csv(path.read_bytes())
    X, y = load("parabola")
    assert info.value.suggested_filename == "tinynet-parabola.csv"
    assert (data.X == X).all() and (data.y == y).all()


def plot_box(page):
    """The input plot's axes area on the screen and the axis ranges it shows."""
    page.page.wait_for_selector("#input-graph .js-plotly-plot")
    return page.page.evaluate(
        """() => { const gd = document.querySelector('#input-graph .js-plotly-plot');
                   const L = gd._fullLayout, r = gd.getBoundingClientRect();
                   return {x: r.left + L.xaxis._offset, y: r.top + L.yaxis._offset,
                           width: L.xaxis._length, height: L.yaxis._length,
                           xr: L.xaxis.range, yr: L.yaxis.range}; }"""
    )


def downloaded(page, tmp_path):
    page.tab("data")
    with page.page.expect_download() as info:
        page.page.click("#download-csv")
    path = tmp_path / "added.csv"
    info.value.save_as(path)
    return parse_csv(path.read_bytes())


def test_click_adds_a_point_of_the_chosen_class_and_shift_the_other(app_page, tmp_path):
    page = app_page.open()
    page.requests.clear()
    box = plot_box(page)
    page.after_paint(
        lambda: page.page.mouse.click(
            box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.2
        ),
        "input-graph",
    )
    page.until_text("accuracy", "2001 points")
    page.page.keyboard.down("Shift")
    page.page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.8)
    page.page.keyboard.up("Shift")
    page.until_text("accuracy", "2002 points")
    assert "2 added by hand" in page.text("data-description")
    data = downloaded(page, tmp_path)
    assert data.y[-2:].tolist() == [0, 1]
    figure = page.figure("input-graph")
    (x0, x1), (y0, y1) = box["xr"], box["yr"]
    expected = [x0 + 0.25 * (x1 - x0), y1 - 0.2 * (y1 - y0)]
    assert data.X[-2] == pytest.approx(expected, abs=0.01)
    assert data.X[-1] == pytest.approx([-expected[0], -expected[1]], abs=0.01)
    xs = [x for tr in figure["data"] for x in (tr.get("x") or []) if isinstance(x, (int, float))]
    assert any(abs(x - data.X[-2][0]) < 1e-9 for x in xs)  # the new point is drawn
    assert page.server_requests() == []  # added in the page itself


def test_add_point_from_the_keyboard_and_out_of_range_refused(app_page, tmp_path):
    page = app_page.open()
    page.tab("data")
    page.page.check("#click-class input[value='1']")
    page.page.fill("#add-x1", "0.3")
    page.page.fill("#add-x2", "-0.4")
    page.page.focus("#add-point")
    page.page.keyboard.press("Enter")
    page.until_text("accuracy", "2001 points")
    data = downloaded(page, tmp_path)
    assert data.X[-1].tolist() == [0.3, -0.4] and data.y[-1] == 1
    page.page.fill("#add-x1", "5")
    page.page.click("#add-point")
    page.until_text("data-message", "Nothing was changed")
    assert "2001 points" in page.text("accuracy")
    assert page.errors == []


def test_a_field_too_long_for_a_csv_gets_its_reason(app_page, tmp_path):
    page = app_page.open()
    upload(page, tmp_path, "long.csv", "x1,x2,label\n" + "1" * 140_000 + ",0,a\n0,1,b\n")
    page.until_text("data-message", "Nothing was changed")
    assert "longer than" in page.text("data-message")
