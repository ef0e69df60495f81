"""Mangled-text fixers: one module per family, each fixer a function ``(text) -> tuple[Edit, ...]``."""
