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


# --- Not through the side door ---------------------------------------------------------------------
# Another app never reaches lms's people and places, or any app's models, past that app's api.py:
# no `get_user_model().objects` (nor making a user by calling the model), no `apps.get_model(`,
# no `_meta.get_field(...).related_model`. lms itself is the people app and may.

SIDE_DOOR_APPS = ("courses", "content", "certification", "analytics")

# The demo loaders still build their people and places through the models: a ratchet, not a
# licence. Move one to lms.api and take it off this list (the test fails until you do).
DEMO_SIDE_DOORS = {
    "content/demo.py",
    "content/demo_attempts.py",
    "courses/attendance/demo.py",
    "courses/bulk/demo.py",
    "courses/catalogue/demo.py",
}


def _side_doors(source: str) -> list[str]:
    import ast

    tree = ast.parse(source)

    def is_get_user_model(node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == (
            "get_user_model"
        )

    user_names = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and is_get_user_model(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }

    def is_user_model(node: ast.AST) -> bool:
        return is_get_user_model(node) or (isinstance(node, ast.Name) and node.id in user_names)

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects" and is_user_model(node.value):
            found.append(f"line {node.lineno}: the user model's manager")
        elif isinstance(node, ast.Call) and is_user_model(node.func):
            found.append(f"line {node.lineno}: a user made by calling the model")
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get_model":
            found.append(f"line {node.lineno}: apps.get_model")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr == "related_model"
            and any(
                isinstance(inner, ast.Attribute) and inner.attr == "_meta" for inner in ast.walk(node.value)
            )
        ):
            found.append(f"line {node.lineno}: _meta…related_model")
    return found


def test_apps_reach_people_and_other_apps_models_only_through_their_api():
    offenders = {}
    for app in SIDE_DOOR_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            found = _side_doors(path.read_text())
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    unexpected = {path: found for path, found in offenders.items() if path not in DEMO_SIDE_DOORS}
    assert unexpected == {}, "ask lms.api (or the other app's api.py) instead"
    assert set(offenders) == DEMO_SIDE_DOORS, "a demo loader no longer needs its place on the list"


def test_the_side_door_check_sees_each_form():
    assert (
        len(_side_doors("from django.contrib.auth import get_user_model\nget_user_model().objects.all()"))
        == 1
    )
    assert len(_side_doors("User = get_user_model()\nUser.objects.bulk_create([])\nUser(email='a')")) == 2
    assert len(_side_doors("from django.apps import apps\napps.get_model('people', 'User')")) == 1
    assert len(_side_doors("Hub = Cohort._meta.get_field('hub').related_model")) == 1
    assert _side_doors("from lms.api import people_by_id\npeople_by_id(ids=[1])") == []
