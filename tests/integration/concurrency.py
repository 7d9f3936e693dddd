"""Running calls at the same moment, each in its own thread and database connection."""

import threading

from django.db import close_old_connections, connection


def concurrently(*calls, timeout: float = 120) -> list[BaseException]:
    """Run each call in its own thread and database connection, all released at once; returns
    the errors they raised."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return errors
