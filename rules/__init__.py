"""Redline's built-in rules: data files (YAML rules and annotated examples), never imported."""
