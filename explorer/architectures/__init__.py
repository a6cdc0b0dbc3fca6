"""Tiny networks beyond 2-2-1 on the page: the picker (picker.py) and what a pick does
(callbacks.py). The views and the weights block of those networks are drawn in the page
(assets/architectures/); the 2-2-1 network keeps its own fast path."""
