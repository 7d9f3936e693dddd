"""Summaries of the fact table: the figures the dashboard and the heavy reports read, counted
ahead per slice so that a request reads hundreds of rows, not a million (ADR 0016)."""
