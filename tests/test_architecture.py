"""The boundaries between apps hold: layers, and other apps entering only through ``api``."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_app_has_a_typed_door_and_a_readme():
    for app in ("lms", "courses", "content", "certification", "analytics"):
        api = (ROOT / app / "api.py").read_text()
        assert "__all__" in api, app
        assert (ROOT / app / "README.md").exists(), app
