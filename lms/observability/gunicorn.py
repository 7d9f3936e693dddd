"""gunicorn settings for Prometheus's multiprocess mode: ``gunicorn -c python:lms.observability.gunicorn …``.

gunicorn reads a module's names as its settings; this one sets only the ``child_exit`` hook, so
the other options stay on the command line (deploy/systemd/tadrib-web.service).
"""

from .metrics import gunicorn_child_exit as child_exit

__all__ = ["child_exit"]
