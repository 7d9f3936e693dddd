"""``manage.py nginx_config``: nginx's configuration for this deployment, from deploy/nginx/.

The host names come from SITE_URL and CONTENT_ORIGIN and the static folder from STATIC_ROOT, the
same settings the application runs with, so nginx and Django cannot disagree about which host is
which. The integration tier runs the stack from this output too (tests/integration/stack.py).
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "tadrib.conf.template"
PLACE = re.compile(r"@([A-Z_]+)@")


def _host(url: str, setting: str) -> str:
    host = urlsplit(url).hostname
    if not host:
        raise CommandError(f"{setting} ({url!r}) has no host name.")
    return host


def nginx_config(
    *,
    lms_host: str,
    content_host: str,
    upstreams: list[str],
    https_port: int = 443,
    http_port: int = 80,
    certificates: dict[str, tuple[str, str]] | None = None,
    access_log: str = "/var/log/nginx/tadrib.access.log",
    static_root: str | None = None,
) -> str:
    """The template with its places filled; certificates maps a host to (certificate, key)."""
    if lms_host == content_host:
        raise CommandError("The LMS and the content need two host names (CONTENT_ORIGIN, ADR 0006).")
    certificates = certificates or {}

    def certificate(host: str) -> tuple[str, str]:
        live = f"/etc/letsencrypt/live/{host}"
        return certificates.get(host, (f"{live}/fullchain.pem", f"{live}/privkey.pem"))

    values = {
        "LMS_HOST": lms_host,
        "CONTENT_HOST": content_host,
        "UPSTREAM_SERVERS": "\n".join(f"    server {address};" for address in upstreams),
        "HTTPS_PORT": str(https_port),
        "HTTP_PORT": str(http_port),
        "LMS_CERTIFICATE": certificate(lms_host)[0],
        "LMS_CERTIFICATE_KEY": certificate(lms_host)[1],
        "CONTENT_CERTIFICATE": certificate(content_host)[0],
        "CONTENT_CERTIFICATE_KEY": certificate(content_host)[1],
        "ACCESS_LOG": access_log,
        "STATIC_ROOT": str(static_root or settings.STATIC_ROOT).rstrip("/"),
    }
    return PLACE.sub(lambda match: values[match.group(1)], TEMPLATE.read_text())


class Command(BaseCommand):
    help = "Print nginx's configuration for the LMS and content hosts (deploy/nginx/tadrib.conf.template)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--upstream",
            action="append",
            metavar="HOST:PORT",
            help="A gunicorn to pass requests to (may be repeated; default 127.0.0.1:8000).",
        )
        parser.add_argument("--https-port", type=int, default=443)
        parser.add_argument("--http-port", type=int, default=80)
        parser.add_argument(
            "--certificate",
            action="append",
            default=[],
            nargs=3,
            metavar=("HOST", "CERTIFICATE", "KEY"),
            help="A host's certificate chain and key (default: Let's Encrypt's files for the host).",
        )
        parser.add_argument("--access-log", default="/var/log/nginx/tadrib.access.log")
        parser.add_argument("--output", help="Write to this file instead of the standard output.")

    def handle(self, *args, **options) -> None:
        text = nginx_config(
            lms_host=_host(settings.SITE_URL, "SITE_URL"),
            content_host=_host(settings.CONTENT_ORIGIN, "CONTENT_ORIGIN"),
            upstreams=options["upstream"] or ["127.0.0.1:8000"],
            https_port=options["https_port"],
            http_port=options["http_port"],
            certificates={host: (cert, key) for host, cert, key in options["certificate"]},
            access_log=options["access_log"],
        )
        if options["output"]:
            Path(options["output"]).write_text(text)
        else:
            self.stdout.write(text, ending="")
