"""The LRS's Prometheus counter: statements stored (its rate is the ingest rate). ADR 0023."""

from prometheus_client import Counter

STATEMENTS_STORED = Counter("tadrib_lrs_statements_stored", "Statements the LRS has stored (committed).")
