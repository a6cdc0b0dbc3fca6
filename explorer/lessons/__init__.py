"""Lessons: TOML files (builtin/), their checks, the panel and trying every check."""
