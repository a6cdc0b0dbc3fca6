"""Serving: the `tinynet serve` servers, the WSGI entry point and the security headers."""
