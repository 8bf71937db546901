"""Acme Notes: a small Flask note-taking service (intentionally vulnerable, see README.md)."""

__version__ = "0.3.1"
