"""Own data in the page: upload a CSV (good and bad), download the data as CSV."""

import pytest

from datasets import load, parse_csv, write_csv


def upload(page, tmp_path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    page.page.set_input_files("#upload input[type=file]", str(path))


def test_uploading_a_csv_replaces_the_data(app_page, tmp_path):
    page = app_page.open()
    X, y = load("xor", 80)
    upload(page, tmp_path, "mine.csv", write_csv(X, y, labels=("red", "green")))
    page.page.wait_for_function(
        "() => /80 points/.test(document.querySelector('#data-message').innerText)"
    )
    page.settle(800)
    assert "(80 points)" in page.text("accuracy")
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
    page.page.wait_for_function(
        "() => /Nothing was changed/.test(document.querySelector('#data-message').innerText)"
    )
    assert words in page.text("data-message")
    assert page.text("accuracy") == before


def test_an_oversized_file_is_refused_in_the_page(app_page, tmp_path):
    page = app_page.open()
    page.requests.clear()
    upload(page, tmp_path, "huge.csv", "0,0,0\n" * 400_000)  # 2.4 MB
    page.page.wait_for_function(
        "() => /limit is 2.1 MB/.test(document.querySelector('#data-message').innerText)"
    )
    assert page.server_requests() == []  # never sent


def test_downloading_the_data(app_page, tmp_path):
    page = app_page.open()
    with page.page.expect_download() as info:
        page.page.click("#download-csv")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    data = parse_csv(path.read_bytes())
    X, y = load("parabola")
    assert info.value.suggested_filename == "tinynet-parabola.csv"
    assert (data.X == X).all() and (data.y == y).all()
