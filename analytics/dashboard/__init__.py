"""The director's dashboard: headline numbers and a few charts, each from a report."""
