"""The Celery application. Tasks are discovered in each installed app's ``tasks.py``.

In the embedded default no broker is configured and tasks run in-process (see settings);
production and the integration tier point ``CELERY_BROKER_URL`` at Redis and run a worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
