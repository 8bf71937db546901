"""Redline's language server: diagnostics as you type, quick fixes, hover, configuration."""
