"""Estimators shared by the themes: pure functions, tested against reference values computed by
an independent tool (R) and committed under ``tests/reference/``."""
