"""The explorer's numeric limits: what sliders allow and what a request may ask for."""

from tinynet.datasets import MAX_SAMPLES, MIN_SAMPLES  # noqa: F401  (re-exported for the schema)

WEIGHT_MAX = 8.0  # the sliders' ends (the notebook's trained weights reach about 6.5)
WEIGHT_LIMIT = 1e6  # what the page's state holds: trained weights as they are, up to where
# training calls a run diverged (model.runs.MAX_PARAM)
WEIGHT_STEP = 0.01
STAGE_MAX = 3.0
DRAWN_MAX = 150  # markers drawn per view; accuracy and loss still use every point
HEATMAP_N = 151  # heatmap resolution per axis (>= 150)
GRID_LINES = 11  # per direction, across [-1, 1]
LINE_SAMPLES = 41  # points per grid line, enough for smooth curves
INPUT_VIEW = 1.2  # the input view spans [-1.2, 1.2]^2
UNBOUNDED_VIEW = 3.0  # hidden-view edge on the side of an activation's range that is infinite
FIT_LIMIT = 50.0  # "fit to data" never zooms out past this
HIST_BINS = 40
UNIT_MAP_N = 41  # the map of each hidden unit: its value on a 41 x 41 grid of the input view
UNIT_MAP_PX = 64  # drawn on a canvas this many CSS pixels wide
PROBA_BINS = 20  # bins of the predicted-probability histograms
REQUEST_MAX_BYTES = 4 * 1024 * 1024  # covers a 2 MB CSV upload in base64

# Training from the page: every option capped, and the work a request may ask for bounded.
LR_RANGE = (1e-5, 10.0)
EPOCHS_MAX = 5000
L2_MAX = 1.0
TEST_FRACTION_MAX = 0.9
RESTARTS_MAX = 200
UPDATES_MAX = 150_000  # mini-batch updates of one run (the notebook's run is 18,750)
RESTART_WORK_MAX = 40_000_000  # runs x epochs x points for the restarts
# What one request may measure at an epoch's end (every run's loss on every point, the
# heaviest block of work, not cut by the chunk's deadline): runs x points x parameters. At this
# many, a chunk of 200 restarts of 2-2-1 on 2,000 points costs about 0.1 s of CPU; more runs
# are trained in groups, one after the other (training/chunks.py, assets/training/restarts.js).
MEASURE_WORK_MAX = 200 * 2000 * 9
# Activations that cost more than tanh per point in a group of restarts: measured 1.3x for
# GELU over HTTP (benchmarks/bench_requests.py), mish and swish alike; the rest within 1.2x.
# (GELU's cube was a pow() per point until it was written as products: 4x then.)
ACTIVATION_COST = {"gelu": 1.5, "mish": 1.5, "swish": 1.5}
LANDSCAPE_N = 41  # loss landscape grid per axis
LANDSCAPE_POINTS = 1000  # the landscape's loss is computed on at most this many points
LANDSCAPE_SPAN = 20.0  # and reaches at most this far from the current weights
