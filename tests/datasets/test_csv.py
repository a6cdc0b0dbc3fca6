import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tinynet.datasets import (
    MAX_CSV_BYTES,
    CsvClassError,
    CsvColumnsError,
    CsvEmpty,
    CsvEncodingError,
    CsvError,
    CsvNotFinite,
    CsvNotNumber,
    CsvTooLarge,
    load,
    parse_csv,
    read_csv,
    write_csv,
)

GOOD = "x1,x2,label\n0.1,0.2,0\n-0.3,0.4,1\n0.5,-0.6,0\n0.7,0.8,1\n"


def test_write_then_read_gives_the_same_data(tmp_path):
    X, y = load("moons", 200)
    path = tmp_path / "moons.csv"
    write_csv(X, y, path=path)
    data = read_csv(path)
    np.testing.assert_array_equal(data.X, X)
    np.testing.assert_array_equal(data.y, y)
    assert data.labels == ("0", "1")


@given(
    X=arrays(float, (6, 2), elements=st.floats(-1e6, 1e6, allow_subnormal=False)),
    y=st.permutations([0, 0, 0, 1, 1, 1]),
)
def test_round_trip_is_exact_for_any_finite_numbers(X, y):
    data = parse_csv(write_csv(X, np.array(y)))
    np.testing.assert_array_equal(data.X, X)
    np.testing.assert_array_equal(data.y, y)


@pytest.mark.parametrize(
    "labels, expected",
    [(("cat", "dog"), ("cat", "dog")), (("1", "-1"), ("-1", "1")), (("2", "10"), ("2", "10"))],
)
def test_any_two_labels_map_to_0_and_1_and_the_mapping_is_reported(labels, expected):
    a, b = labels
    data = parse_csv(f"x1,x2,label\n0,0,{a}\n1,1,{b}\n0,1,{a}\n1,0,{b}\n")
    assert data.labels == expected
    assert data.y.tolist() == [expected.index(s) for s in (a, b, a, b)]
    assert f"{expected[0]!r} -> class 0" in data.mapping


def test_header_is_optional_and_bom_and_blank_lines_are_fine():
    body = GOOD.split("\n", 1)[1]
    assert len(parse_csv(body).X) == 4
    assert len(parse_csv(("\ufeff" + GOOD + "\n\n").encode()).X) == 4
    assert len(parse_csv(GOOD.replace(",", " , ")).X) == 4


@pytest.mark.parametrize(
    "text, error, words",
    [
        ("x1,x2\n0,0\n1,1\n", CsvColumnsError, "three"),
        ("x1,x2,label\n0,0,a\n1,1\n", CsvColumnsError, "row 3 has 2 column.*missing label"),
        ("x1,x2,label\n0,0,a,9\n", CsvColumnsError, "row 2 has 4 columns.*extra"),
        ("x1,x2,label\n0,zero,a\n", CsvNotNumber, "row 2, column x2: 'zero' is not a number"),
        ("x1,x2,label\nnan,0,a\n", CsvNotFinite, "row 2, column x1.*NaN"),
        ("x1,x2,label\n0,inf,a\n", CsvNotFinite, "column x2"),
        ("x1,x2,label\n0,0,a\n1,1,a\n", CsvClassError, "two classes"),
        ("x1,x2,label\n0,0,a\n1,1,b\n2,2,c\n", CsvClassError, "3 different labels"),
        ("x1,x2,label\n0,0,a\n1,1,b\n2,2,a\n", CsvClassError, "'b' has only 1 point"),
        ("x1,x2,label\n", CsvEmpty, "no data rows"),
        ("", CsvEmpty, "no data rows"),
        ("x1,x2,label\n0,0,\n", CsvColumnsError, "label is empty"),
    ],
)
def test_bad_files_say_what_to_fix(text, error, words):
    with pytest.raises(error, match=words):
        parse_csv(text)


def test_too_many_rows():
    rows = "".join(f"0,0,{i % 2}\n" for i in range(20_001))
    with pytest.raises(CsvTooLarge, match="20,000 rows"):
        parse_csv(rows)


def test_too_many_bytes_is_refused_before_parsing_and_says_so_exactly(tmp_path):
    blob = b"0,0,0\n" + b"#" * (MAX_CSV_BYTES - 6 + 1)  # 2 MiB + 1 byte
    with pytest.raises(CsvTooLarge) as refused:
        parse_csv(blob)
    assert "the file is 2,097,153 bytes; the limit is 2,097,152 bytes (2 MiB" in str(refused.value)
    path = tmp_path / "big.csv"
    path.write_bytes(blob)
    with pytest.raises(CsvTooLarge, match="big.csv"):
        read_csv(path)


def test_a_field_longer_than_the_csv_reader_takes_is_a_reason_not_a_crash():
    text = "x1,x2,label\n" + "1" * 140_000 + ",0,a\n0,1,b\n"
    with pytest.raises(CsvColumnsError, match="row 2 cannot be read as CSV"):
        parse_csv(text)


def test_labels_that_are_the_same_number_are_one_class():
    data = parse_csv("x1,x2,label\n0,0,1\n1,1,1.0\n2,2,0\n3,3,0.0\n")
    assert data.y.tolist() == [1, 1, 0, 0] and data.labels == ("0", "1")


def test_binary_files_are_not_text():
    with pytest.raises(CsvEncodingError, match="UTF-8"):
        parse_csv(b"\x89PNG\r\n\x1a\n\xff\xfe")


def test_every_csv_error_is_a_value_error():
    assert issubclass(CsvError, ValueError)
