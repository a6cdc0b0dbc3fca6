"""The explorer: the Dash app (app.py), its parts by folder, and the `tinynet` command.

page/ the page and its controls; views/ what the views compute and draw; data/ the points on
the page; training/ training from the page; lessons/ lesson files, checks and their panel;
sharing/ links and weights in and out; serving/ servers and their hardening. state.py is the
one gate for untrusted input, and limits.py the numbers every part shares.
"""
