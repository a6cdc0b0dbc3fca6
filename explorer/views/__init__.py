"""The views: the numbers behind them (numbers.py, mirrored in assets/views/) and the figures."""
