"""Shared text for the import tests (no tests here)."""

KERAS = """[array([[-4.776, -4.353],
       [-4.538,  4.010]], dtype=float32), array([-1.794,  1.698], dtype=float32), array([[ 6.391],
       [-6.525]], dtype=float32), array([5.3], dtype=float32)]"""
