"""Compile the gettext catalogues (.po → .mo) in pure Python.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt``; ``make run`` must work on a machine
with only Python and node, so the catalogues are compiled with polib instead.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every .po catalogue under LOCALE_PATHS and the apps' locale folders."

    def handle(self, *args, **options) -> None:
        roots = [Path(p) for p in settings.LOCALE_PATHS] + [
            Path(settings.BASE_DIR) / app / "locale"
            for app in ("lms", "courses", "content", "certification", "analytics")
        ]
        compiled = 0
        for root in roots:
            for po_path in root.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        self.stdout.write(f"Compiled {compiled} catalogue(s).")
