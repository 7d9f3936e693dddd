"""Under gunicorn each worker process counts alone: /metrics adds them up (multiprocess mode)."""

import os
import subprocess
import sys

from django.conf import settings

# Two forked "gunicorn workers" answer 3 and 4 requests; a third process's /metrics sees 7.
SCRIPT = """
import os, django
django.setup()
from django.test import Client
from lms.observability.metrics import exposition, gunicorn_child_exit

children = []
for count in (3, 4):
    pid = os.fork()
    if pid == 0:
        client = Client()
        for _ in range(count):
            client.get("/health/")
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
    gunicorn_child_exit(None, type("Worker", (), {"pid": pid}))
print(exposition().decode())
"""


def test_metrics_add_up_every_worker_process(tmp_path):
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("tadrib_http_requests_total{")]
    assert sum(float(line.rsplit(" ", 1)[1]) for line in lines) == 7, result.stdout[-3000:]
