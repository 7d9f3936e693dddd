"""Creates an LRS client system and prints its Basic credentials (the secret is shown once)."""

from django.core.management.base import BaseCommand, CommandParser

from content.lrs.services import lrs_client_create


class Command(BaseCommand):
    help = "Create an xAPI LRS client with Basic credentials."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--read-only", action="store_true")
        parser.add_argument("--own-statements-only", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        client, secret = lrs_client_create(
            name=str(options["name"]),
            can_write=not options["read_only"],
            own_statements_only=bool(options["own_statements_only"]),
        )
        self.stdout.write(f"{client.key}:{secret}")
