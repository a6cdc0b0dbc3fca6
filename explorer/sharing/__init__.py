"""Sharing: links that hold the whole state, and weights in and out."""
