"""Observability: a request id on every request, its logs and the tasks it queues; JSON logs;
Prometheus metrics at ``/metrics`` for allowed addresses or a bearer token. ADR 0023.
"""
