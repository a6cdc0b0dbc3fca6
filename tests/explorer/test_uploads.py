import base64

import numpy as np
import pytest

from tinynet.datasets import load, write_csv
from tinynet.explorer.data.uploads import read_upload


def as_upload(text: str | bytes) -> str:
    raw = text.encode() if isinstance(text, str) else text
    return "data:text/csv;base64," + base64.b64encode(raw).decode()


def test_a_good_file_becomes_the_pages_data():
    X, y = load("moons", 120)
    data, message = read_upload(as_upload(write_csv(X, y, labels=("no", "yes"))), "m.csv")
    assert np.allclose(data["X"], X) and data["y"] == y.tolist()
    assert "120 points" in message and "'no' -> class 0" in message
    assert len(data["drawn"]) <= 150


def test_coordinates_outside_the_view_are_scaled_in_and_said_so():
    data, message = read_upload(as_upload("x1,x2,label\n0,0,a\n4,0,b\n0,2,a\n1,1,b\n"), "big.csv")
    assert np.abs(np.array(data["X"])).max() == 1.0
    assert "divided by 4" in message


@pytest.mark.parametrize(
    "text, words",
    [
        ("x1,x2\n0,0\n", "three"),
        ("x1,x2,label\n0,zero,a\n", "not a number"),
        ("x1,x2,label\nnan,0,a\n", "finite"),
        ("x1,x2,label\n0,0,a\n1,1,a\n", "two classes"),
        ("x1,x2,label\n0,0,a\n1,1,b\n2,2,a\n", "only 1 point"),
    ],
)
def test_bad_files_are_refused_with_the_datasets_message(text, words):
    data, message = read_upload(as_upload(text), "bad.csv")
    assert data is None and words in message and "Nothing was changed" in message


def test_oversized_and_damaged_uploads_are_refused_before_parsing():
    data, message = read_upload("data:text/csv;base64," + "A" * 3_000_000, "huge.csv")
    assert data is None and "the limit is 2,097,152 bytes (2 MiB" in message
    assert read_upload("data:text/csv;base64,@@@@", "x.csv")[0] is None
    assert read_upload(None, None)[0] is None
