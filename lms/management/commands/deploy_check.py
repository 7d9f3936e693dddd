"""``manage.py deploy_check``: does every part of this deployment work? One line per part.

Run it as the service's user with the service's environment, after each installation and
upgrade (docs/guide/operator.md). It exits with status 1 when any part fails, so a deployment
script stops there; warnings (a part that works, but not as production needs) do not fail it.
"""

import os

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lms.deployment import DeployContext, deploy_check_names, deploy_checks_run

MARKS = {"ok": "ok  ", "warning": "WARN", "failed": "FAIL"}


class Command(BaseCommand):
    help = "Check the database, cache, broker, storage, content origin, e-mail and SMS of this deployment."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only", action="append", metavar="NAME", help="Run only this check (may be repeated)."
        )
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="Seconds each part may take to answer (default 10)."
        )
        parser.add_argument(
            "--resolve",
            action="append",
            default=[],
            metavar="HOST:ADDRESS",
            help="Reach HOST at ADDRESS (like curl's --resolve), before DNS points at this server.",
        )
        parser.add_argument("--list", action="store_true", help="List the checks and exit.")

    def handle(self, *args, only=None, timeout=10.0, resolve=(), list=False, **options) -> None:
        names = deploy_check_names()
        if list:
            self.stdout.write("\n".join(names))
            return
        unknown = sorted(set(only or []) - set(names))
        if unknown:
            raise CommandError(f"No such check: {', '.join(unknown)}. The checks: {', '.join(names)}.")
        pairs = [item.rpartition(":") for item in resolve]
        if any(not host or not address for host, _, address in pairs):
            raise CommandError("--resolve takes HOST:ADDRESS, e.g. content.example.iq:127.0.0.1.")
        # libpq's own wait for a connection is unbounded unless told (PostgreSQL's docs, "connect_timeout").
        os.environ.setdefault("PGCONNECT_TIMEOUT", str(max(2, round(timeout))))
        context = DeployContext(timeout=timeout, resolve={host: address for host, _, address in pairs})
        results = deploy_checks_run(context=context, only=only)
        width = max(len(result.name) for result in results)
        for result in results:
            style = {"ok": self.style.SUCCESS, "warning": self.style.WARNING}.get(
                result.status, self.style.ERROR
            )
            self.stdout.write(f"{style(MARKS[result.status])} {result.name.ljust(width)}  {result.detail}")
            if result.fix:
                self.stdout.write(f"     {' ' * width}  Fix: {result.fix}")
        failed = [result.name for result in results if result.status == "failed"]
        if failed:
            raise CommandError(f"{len(failed)} of {len(results)} checks failed: {', '.join(failed)}.")
        self.stdout.write(self.style.SUCCESS(f"All {len(results)} checks passed."))
