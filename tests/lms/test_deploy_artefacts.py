"""The files in deploy/ keep up with the application: every setting read from the environment is
in the template, nginx's body limits admit every upload the application accepts, the content
host is cut off from cookies, and the services run hardened. (tests/integration/test_stack.py
runs them all.)"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError

from content import conf as content_conf
from content.lrs import conf as lrs_conf
from courses.bulk import limit as bulk_limit
from lms.management.commands.nginx_config import nginx_config

DEPLOY = Path(settings.BASE_DIR) / "deploy"
SETTINGS = Path(settings.BASE_DIR) / "lms" / "settings"
UNITS = ("tadrib-web.service", "tadrib-worker.service", "tadrib-beat.service")


def env_example() -> dict[str, str]:
    lines = (DEPLOY / "tadrib.env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_the_environment_template_lists_every_setting_production_reads():
    read = set()
    for module in ("base.py", "production.py"):
        read |= set(re.findall(r'env\.\w+\(\s*"([A-Z0-9_]+)"', (SETTINGS / module).read_text()))
    assert read, "the settings read nothing from the environment?"
    assert sorted(read - set(env_example())) == []


def test_the_environment_template_holds_no_secret():
    example = env_example()
    for name in ("SECRET_KEY", "CERTIFICATION_SIGNING_KEY", "EMAIL_HOST_PASSWORD", "S3_SECRET_ACCESS_KEY"):
        assert example[name] == ""


def _config() -> str:
    return nginx_config(
        lms_host="lms.example.iq", content_host="content.example.iq", upstreams=["127.0.0.1:8000"]
    )


def _server_block(config: str, host: str) -> str:
    start = config.index(f"server_name {host};")
    return config[start : config.index("\n}\n", start)]


def _bytes(size: str) -> int:
    number, unit = int(size[:-1]), size[-1].lower()
    return number * {"k": 1024, "m": 1024**2, "g": 1024**3}[unit]


def test_nginx_admits_every_upload_the_application_accepts():
    lms = _server_block(_config(), "lms.example.iq")
    content = _server_block(_config(), "content.example.iq")
    lms_sizes = [_bytes(size) for size in re.findall(r"client_max_body_size (\w+);", lms)]
    content_size = _bytes(re.search(r"client_max_body_size (\w+);", content).group(1))
    # The LMS host's general limit, then the admin's (content packages).
    assert lms_sizes[0] > max(bulk_limit("MAX_FILE_BYTES"), lrs_conf.setting("LRS_MAX_BODY_BYTES"))
    assert lms_sizes[1] > content_conf.get("CONTENT_MAX_PACKAGE_BYTES")
    assert content_size > lrs_conf.setting("LRS_MAX_BODY_BYTES")


def test_nginx_keeps_cookies_off_the_content_host_and_passes_the_request_id():
    config = _config()
    assert "@" not in re.sub(r"#.*", "", config), "every place is filled"
    content = _server_block(config, "content.example.iq")
    assert 'proxy_set_header Cookie "";' in content and "proxy_hide_header Set-Cookie;" in content
    # Setting one header in a block drops every inherited one: Django must still see the host.
    for header in ("Host $http_host", "X-Forwarded-Proto $scheme", "X-Request-ID $tadrib_request_id"):
        assert f"proxy_set_header {header};" in content
    assert re.search(r"location / \{\s*return 404;", content), "only the content paths are answered"
    assert re.search(r"location /play/c/ \{\s*return 404;", _server_block(config, "lms.example.iq"))
    assert "proxy_set_header X-Request-ID $tadrib_request_id;" in config
    assert "proxy_request_buffering on;" in config
    assert f"alias {settings.STATIC_ROOT}/;" in config


def test_nginx_refuses_one_host_for_both_origins():
    with pytest.raises(CommandError, match="two host names"):
        nginx_config(lms_host="lms.example.iq", content_host="lms.example.iq", upstreams=["127.0.0.1:8000"])


@pytest.mark.parametrize("unit", UNITS)
def test_each_service_runs_hardened_as_its_own_user_with_the_environment_file(unit):
    text = (DEPLOY / "systemd" / unit).read_text()
    for line in (
        "User=tadrib",
        "EnvironmentFile=/etc/tadrib/tadrib.env",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "ProtectSystem=strict",
        "CapabilityBoundingSet=",
        "Environment=DJANGO_SETTINGS_MODULE=lms.settings.production",
    ):
        assert f"\n{line}" in text, f"{unit} lacks {line}"
    assert re.search(r"\nRestart=(always|on-failure)\n", text)
    for variable in re.findall(r"\$\{(\w+)\}", text):
        assert variable in env_example(), f"{unit} uses {variable}, missing from tadrib.env.example"
