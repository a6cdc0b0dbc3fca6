"""Sizes the data sets, CSV files and the app agree on."""

MIN_SAMPLES = 4  # two points of each class
MAX_SAMPLES = 20_000
MAX_NOISE = 1.0
MAX_SEED = 2**32 - 1
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_CSV_ROWS = MAX_SAMPLES
