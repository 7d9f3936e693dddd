"""Load the demo: each installed app may offer a ``demo`` module with a ``load()`` function.

The apps are visited in INSTALLED_APPS order, which follows the layers (lms, courses, content,
certification, analytics), so each app's demo can build on the ones before it. Discovery is
by name, like Celery's task autodiscovery, so ``lms`` never imports a higher app.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load the demo programme and print one demo account for each role."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")
        parser.add_argument(
            "--without",
            action="append",
            default=[],
            metavar="APP",
            help="Leave out this app's part of the demo (and nothing else); may be repeated.",
        )

    def handle(self, *args, force: bool = False, without: list[str] = (), **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "The demo has well-known passwords: refusing to load it with DEBUG off (use --force)."
            )
        lines: list[str] = []
        for app in apps.get_app_configs():
            module_name = f"{app.name}.demo"
            if (
                app.name.startswith(("lms", "courses", "content", "certification", "analytics"))
                and app.label not in without
                and find_spec(module_name)
            ):
                lines += import_module(module_name).load()
        self.stdout.write(self.style.SUCCESS("Demo loaded. Accounts (role, sign-in, password) and contents:"))
        for line in lines:
            self.stdout.write(f"  {line}")
