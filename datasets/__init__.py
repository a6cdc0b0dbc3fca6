"""Toy data for the 2-2-1 network: generators, CSV in and out, train/test split."""

from tinynet.datasets.csvfile import (
    CsvClassError,
    CsvColumnsError,
    CsvData,
    CsvEmpty,
    CsvEncodingError,
    CsvError,
    CsvNotFinite,
    CsvNotNumber,
    CsvTooLarge,
    parse_csv,
    read_csv,
    write_csv,
)
from tinynet.datasets.generators import DATASETS, Dataset, into_box
from tinynet.datasets.limits import MAX_CSV_BYTES, MAX_CSV_ROWS, MAX_NOISE, MAX_SAMPLES, MIN_SAMPLES
from tinynet.datasets.loading import load
from tinynet.datasets.split import split

__all__ = [
    "DATASETS",
    "MAX_CSV_BYTES",
    "MAX_CSV_ROWS",
    "MAX_NOISE",
    "MAX_SAMPLES",
    "MIN_SAMPLES",
    "CsvClassError",
    "CsvColumnsError",
    "CsvData",
    "CsvEmpty",
    "CsvEncodingError",
    "CsvError",
    "CsvNotFinite",
    "CsvNotNumber",
    "CsvTooLarge",
    "Dataset",
    "into_box",
    "load",
    "parse_csv",
    "read_csv",
    "split",
    "write_csv",
]
