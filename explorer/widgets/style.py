"""Colours, marker shapes and sizes the figures share, in one place (the JS reads them from
the page's config store). Okabe-Ito colours: distinguishable with every common colour-vision
deficiency, and every class also has its own marker shape."""

CLASS_COLORS = ("#0072B2", "#E69F00")  # class 0 blue, class 1 orange
CLASS_SYMBOLS = ("circle", "triangle-up")
CLASS_NAMES = ("class 0", "class 1")
POSITIVE, NEGATIVE = "#0072B2", "#D55E00"  # weight signs in the diagram (plus solid / dashed)
# Text in NEGATIVE's hue dark enough to read (5.1:1 on white; NEGATIVE itself is 3.9:1, enough
# for a line, not for text).
NEGATIVE_TEXT = "#B84F00"
GRID_V, GRID_H = "#6a3d9a", "#009E73"  # images of the vertical and horizontal grid lines
LINE_COLOR = "#222222"
# Probability heatmap: blue for class 0, white at 0.5, orange for class 1.
PROBA_SCALE = [[0.0, "#7fb2d9"], [0.5, "#f7f7f7"], [1.0, "#f2c46d"]]
SHADE = ("rgba(0,114,178,0.10)", "rgba(230,159,0,0.14)")
SHADE_SOLID = ("#b3d4ea", "#f6dca6")  # the shades as they look on white, for the legend
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"

MARKER_SIZE = 7
# The hidden units' maps: white at 0 (or at the bottom of a range that starts at 0), blue for
# the highest values, orange for negative ones (so sign and size read at a glance).
UNIT_SCALE = ("#E69F00", "#ffffff", "#0072B2")
