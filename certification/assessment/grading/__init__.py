"""Marking: each kind's automatic scoring, manual grading of essays, regrades and overrides."""
