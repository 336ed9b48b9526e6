"""Resident survey — its schemas; the evaluation is still to come."""
