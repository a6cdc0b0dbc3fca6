"""Reading and writing data as CSV: x1,x2,label.

Any two distinct labels work (0/1, -1/1, cat/dog): they map to classes 0 and 1 and the
mapping is reported. Every way a file can be wrong has its own exception whose message says
where and what to change.
"""

from __future__ import annotations

import csv
import io
import math
from os import PathLike
from pathlib import Path
from typing import NamedTuple

import numpy as np

from tinynet.datasets.limits import MAX_CSV_BYTES, MAX_CSV_ROWS

HEADER = ("x1", "x2", "label")


class CsvError(ValueError):
    """A CSV file that cannot be used, with a message a student can act on."""


class CsvTooLarge(CsvError):
    pass


class CsvEncodingError(CsvError):
    pass


class CsvEmpty(CsvError):
    pass


class CsvColumnsError(CsvError):
    pass


class CsvNotNumber(CsvError):
    pass


class CsvNotFinite(CsvError):
    pass


class CsvClassError(CsvError):
    pass


class CsvData(NamedTuple):
    X: np.ndarray  # (n, 2) float
    y: np.ndarray  # (n,) int in {0, 1}
    labels: tuple[str, str]  # labels[k] is the file's label for class k

    @property
    def mapping(self) -> str:
        return f"label {self.labels[0]!r} -> class 0, label {self.labels[1]!r} -> class 1"


def size_words(size: int) -> str:
    """A file's size against the limit, exact where it matters: 2,097,153 bytes is over."""
    return (
        f"the file is {size:,} bytes; the limit is {MAX_CSV_BYTES:,} bytes "
        f"({MAX_CSV_BYTES / 2**20:g} MiB, {MAX_CSV_ROWS:,} rows)"
    )


def _label_key(label: str):
    """Labels that are the same number are the same class ("1" and "1.0")."""
    value = _number(label)
    return value if value is not None and math.isfinite(value) else label


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _label_order(labels: set[str]) -> tuple[str, str]:
    numbers = {label: _number(label) for label in labels}
    if all(v is not None and math.isfinite(v) for v in numbers.values()):
        return tuple(sorted(labels, key=lambda s: numbers[s]))  # 0 < 1, -1 < 1
    return tuple(sorted(labels))


def parse_csv(data: bytes | str) -> CsvData:
    """Parse CSV content (bytes as uploaded, or text)."""
    if isinstance(data, bytes):
        if len(data) > MAX_CSV_BYTES:
            raise CsvTooLarge(f"{size_words(len(data))}: use fewer points")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CsvEncodingError(
                f"the file is not UTF-8 text (byte {exc.start}): save it as CSV (UTF-8)"
            ) from None
    else:
        text = data.removeprefix("\ufeff")
        if len(text.encode("utf-8")) > MAX_CSV_BYTES:
            raise CsvTooLarge(f"{size_words(len(text.encode('utf-8')))}: use fewer points")

    points: list[tuple[float, float]] = []
    raw_labels: list[str] = []
    header_seen = False
    reader = csv.reader(io.StringIO(text))
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as why:  # a field over the csv module's limit, a stray NUL byte
            raise CsvColumnsError(
                f"row {reader.line_num} cannot be read as CSV ({why}); a field longer than "
                f"{csv.field_size_limit():,} characters is not a number or a label"
            ) from None
        csv_line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        cells = [cell.strip() for cell in row]
        if (
            not points
            and not header_seen
            and _number(cells[0]) is None
            and (len(cells) < 2 or _number(cells[1]) is None)
        ):
            header_seen = True
            if len(cells) != 3:
                raise CsvColumnsError(
                    f"the header has {len(cells)} column(s) ({', '.join(cells)}); "
                    "the file needs exactly three: x1,x2,label"
                )
            continue
        if len(cells) < 3:
            raise CsvColumnsError(
                f"row {csv_line} has {len(cells)} column(s) but needs three: x1,x2,label "
                f"(missing {', '.join(HEADER[len(cells) :])})"
            )
        if len(cells) > 3:
            raise CsvColumnsError(
                f"row {csv_line} has {len(cells)} columns but needs three: x1,x2,label "
                "(remove the extra columns)"
            )
        if len(points) >= MAX_CSV_ROWS:
            raise CsvTooLarge(f"the file has more than {MAX_CSV_ROWS:,} rows: use fewer points")
        coords = []
        for name, cell in zip(HEADER[:2], cells[:2]):
            value = _number(cell)
            if value is None:
                raise CsvNotNumber(f"row {csv_line}, column {name}: {cell!r} is not a number")
            if not math.isfinite(value):
                raise CsvNotFinite(
                    f"row {csv_line}, column {name}: {cell!r} is not a finite number "
                    "(NaN and infinity cannot be drawn)"
                )
            coords.append(value)
        if not cells[2]:
            raise CsvColumnsError(f"row {csv_line}: the label is empty")
        points.append((coords[0], coords[1]))
        raw_labels.append(cells[2])

    if not points:
        raise CsvEmpty("the file has no data rows: it needs rows of x1,x2,label")
    # The first spelling of each class names it ("1" and "1.0" are one class, called "1").
    spelled: dict = {}
    for label in raw_labels:
        spelled.setdefault(_label_key(label), label)
    raw_labels = [spelled[_label_key(label)] for label in raw_labels]
    distinct = set(raw_labels)
    if len(distinct) == 1:
        raise CsvClassError(
            f"every row has the label {raw_labels[0]!r}: the network needs two classes"
        )
    if len(distinct) > 2:
        shown = ", ".join(repr(s) for s in sorted(distinct)[:5])
        raise CsvClassError(
            f"{len(distinct)} different labels ({shown}{', ...' if len(distinct) > 5 else ''}); "
            "the network has one output, so keep exactly two"
        )
    labels = _label_order(distinct)
    y = np.array([labels.index(label) for label in raw_labels], dtype=int)
    for k, label in enumerate(labels):
        count = int((y == k).sum())
        if count < 2:
            raise CsvClassError(
                f"label {label!r} has only {count} point; each class needs at least 2"
            )
    return CsvData(np.array(points, dtype=float), y, labels)


def read_csv(path: str | PathLike) -> CsvData:
    """Read a CSV file, refusing files over the size limit before reading them."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise CsvTooLarge(f"{path.name}: {size_words(size)}")
    return parse_csv(path.read_bytes())


def write_csv(
    X: np.ndarray,
    y: np.ndarray,
    labels: tuple[str, str] = ("0", "1"),
    path: str | PathLike | None = None,
) -> str:
    """CSV text with a header; floats written with repr so reading back gives the same numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for (x1, x2), label in zip(np.asarray(X, dtype=float), np.asarray(y, dtype=int)):
        writer.writerow((repr(float(x1)), repr(float(x2)), labels[label]))
    text = out.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
