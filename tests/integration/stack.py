"""Tadrib's production stack on loopback, started from deploy/ as an operator would install it.

The systemd units' ``ExecStart`` and ``Environment`` lines are read and run with the paths moved
(``/opt/tadrib`` is this checkout, ``/var/lib/tadrib`` a temporary folder) and their ``${…}``
filled from deploy/tadrib.env.example with this run's addresses; nginx runs the configuration
``manage.py nginx_config`` makes from deploy/nginx/, under a small main file that puts its pid,
logs and temporary files in the temporary folder, so it runs without root. PostgreSQL and Redis
are the integration tier's, and so is the local S3-compatible server that holds the uploads
(tests/integration/services.py). Two host names, ``lms.localhost``
and ``content.localhost``, with a throwaway certificate for both.
"""

import datetime
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

from lms.management.commands.nginx_config import nginx_config

BASE_DIR = Path(settings.BASE_DIR)
DEPLOY = BASE_DIR / "deploy"
LMS_HOST, CONTENT_HOST = "lms.localhost", "content.localhost"
UNITS = ("tadrib-web", "tadrib-worker", "tadrib-beat")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment_file(path: Path) -> dict[str, str]:
    """VARIABLE=value lines, as systemd's EnvironmentFile (and deploy/tadrib-manage) read them."""
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def certificate(folder: Path, hosts: list[str]) -> tuple[Path, Path]:
    """A self-signed certificate for ``hosts``, valid for a day: (certificate file, key file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host) for host in hosts]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "tls.crt", folder / "tls.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def unit_command(unit: str, env: dict[str, str], state: Path) -> tuple[list[str], dict[str, str]]:
    """The unit's ExecStart as argv and its Environment= additions, moved to this machine."""
    text = (DEPLOY / "systemd" / f"{unit}.service").read_text()
    text = text.replace("/opt/tadrib", str(BASE_DIR)).replace("/var/lib/tadrib", str(state))
    # systemd makes the unit's RuntimeDirectory under /run; here it is a folder of the state.
    (state / "run-metrics").mkdir(parents=True, exist_ok=True)
    text = text.replace("/run/tadrib-metrics", str(state / "run-metrics"))
    extra: dict[str, str] = {}
    for line in re.findall(r"^Environment=(.*)$", text, flags=re.MULTILINE):
        extra.update(item.split("=", 1) for item in shlex.split(line))
    exec_start = re.search(r"^ExecStart=(.*)$", text, flags=re.MULTILINE).group(1)
    filled = re.sub(r"\$\{(\w+)\}", lambda match: env[match.group(1)], exec_start)
    filled = filled.replace("%H", socket.gethostname())
    return shlex.split(filled), extra


@dataclass
class Stack:
    root: Path
    env: dict[str, str]
    https_port: int
    certificate: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def url(self, host: str, path: str = "/") -> str:
        return f"https://{host}:{self.https_port}{path}"

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        with (self.root / f"{name}.log").open("w") as log:
            self.processes[name] = subprocess.Popen(
                argv, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError(f"{name} stopped ({process.returncode}):\n{self.log(name)}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def stack_environment(
    *, database_url: str, storage: dict[str, str], https_port: int, web_port: int
) -> dict[str, str]:
    """The operator's environment file, filled in for this run."""
    env = environment_file(DEPLOY / "tadrib.env.example")
    env.update(
        {
            "WEB_BIND": f"127.0.0.1:{web_port}",
            "WEB_WORKERS": "2",
            "WORKER_CONCURRENCY": "1",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "CERTIFICATION_SIGNING_KEY": secrets.token_hex(32),
            "CERTIFICATION_DID_WEB_DOMAIN": LMS_HOST,
            "ALLOWED_HOSTS": f"{LMS_HOST},{CONTENT_HOST}",
            "SITE_URL": f"https://{LMS_HOST}:{https_port}",
            "CONTENT_ORIGIN": f"https://{CONTENT_HOST}:{https_port}",
            "DATABASE_URL": database_url,
            "REDIS_URL": os.environ["REDIS_URL"],
            "CELERY_BROKER_URL": os.environ["CELERY_BROKER_URL"],
            "CELERY_RESULT_BACKEND": os.environ["CELERY_RESULT_BACKEND"],
            # No mail server or SMS gateway here: deploy_check reports both as warnings.
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "COURSES_SMS_BACKEND": "courses.notifications.sms.console.ConsoleBackend",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.update(storage)  # the S3_* settings of a bucket on the local S3 server
    return env


def nginx_start(stack: Stack, web_port: int, key: Path) -> None:
    site = stack.root / "tadrib.conf"
    site.write_text(
        nginx_config(
            lms_host=LMS_HOST,
            content_host=CONTENT_HOST,
            upstreams=[f"127.0.0.1:{web_port}"],
            https_port=stack.https_port,
            http_port=free_port(),
            certificates={host: (str(stack.certificate), str(key)) for host in (LMS_HOST, CONTENT_HOST)},
            access_log=str(stack.root / "nginx-access.log"),
        )
    )
    temp = stack.root / "nginx-temp"
    temp.mkdir()
    # Run as root (a CI container), nginx's workers would become "nobody", who may not write in this
    # run's private temporary folder; as anyone else the directive is ignored.
    user = "user root;" if os.geteuid() == 0 else ""
    main = stack.root / "nginx.conf"
    main.write_text(
        f"""{user}
worker_processes 1;
pid {stack.root}/nginx.pid;
error_log {stack.root}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site};
}}
"""
    )
    argv = ["nginx", "-p", str(stack.root), "-e", str(stack.root / "nginx-error.log"), "-c", str(main)]
    test = subprocess.run([*argv, "-t"], capture_output=True, text=True, check=False)
    if test.returncode != 0:
        raise RuntimeError(f"nginx refused the configuration:\n{test.stderr}")
    stack.start("nginx", [*argv, "-g", "daemon off;"], os.environ.copy())


def stack_start(*, root: Path, database_url: str, storage: dict[str, str]) -> Stack:
    """nginx, gunicorn, the worker and beat; returns once each is running (not yet answering)."""
    https_port, web_port = free_port(), free_port()
    cert, key = certificate(root, [LMS_HOST, CONTENT_HOST])
    env = stack_environment(
        database_url=database_url, storage=storage, https_port=https_port, web_port=web_port
    )
    stack = Stack(root=root, env=env, https_port=https_port, certificate=cert)
    state = root / "state"
    state.mkdir()
    try:
        for unit in UNITS:
            argv, extra = unit_command(unit, env, state)
            stack.start(unit, argv, {"PATH": os.environ["PATH"], "HOME": str(root), **env, **extra})
        nginx_start(stack, web_port, key)
    except BaseException:
        stack.stop()
        raise
    return stack


def wait_until(condition, stack: Stack, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        stack.check_alive()
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {name}\n{stack.log(name)}" for name in [*UNITS, "nginx-error"])
            raise AssertionError(f"{what} after {timeout} s\n{logs}")
        time.sleep(0.25)
