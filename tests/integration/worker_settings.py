"""The integration tier's settings for a Celery worker that a fault test kills and starts again.

Its tasks go through a queue of the test's own (``TADRIB_TEST_QUEUE``), so the session's worker
(``celery_worker``) never takes them; and the database leases a killed worker leaves behind last
seconds instead of minutes, so that the test sees the design's own resumption without waiting.
"""

from lms.settings.integration import *  # noqa: F403
from lms.settings.integration import env

CELERY_TASK_DEFAULT_QUEUE = env.str("TADRIB_TEST_QUEUE")
# Forwarding: small batches, so that a run is killed between two; a lease of a few seconds.
LRS_FORWARD_BATCH_SIZE = 10
LRS_FORWARD_LEASE_SECONDS = 3
# Bulk enrolment: a few chunks in a list of a hundred rows.
COURSES_BULK_CHUNK_ROWS = 40
