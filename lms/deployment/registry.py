"""The registry of deployment checks that ``manage.py deploy_check`` runs, and how one is run.

A check is a small function of one argument, the run's :class:`DeployContext`, that returns what
it found in a few words ("PostgreSQL 15.8, all migrations applied") or raises
:class:`DeployProblem` saying what is wrong and how to fix it (:class:`DeployWarning` when the
part works but is not fit for production). Any other exception counts as a failure too, reported
by its class and message. Apps register theirs in ``AppConfig.ready()`` through
``lms.api.deploy_check_register``, so ``lms`` never imports a higher app's part.

Each check runs in its own thread with a deadline: a firewall that drops packets makes a
connection hang for minutes, and the operator must hear "did not answer" instead of waiting.
"""

import ssl
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import httpx
from django.db import connections


class DeployProblem(Exception):
    """A part of the deployment does not work: ``problem`` says what, ``fix`` how to mend it."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


class DeployWarning(DeployProblem):
    """The part works, but not as production needs (e-mail written to the console, say)."""


@dataclass(frozen=True)
class DeployContext:
    """What the operator asked of this run: each check's deadline, and host names to reach by a
    given address (``--resolve``, like curl's) before DNS points at the new server."""

    timeout: float = 10.0
    resolve: Mapping[str, str] = field(default_factory=dict)

    def http_get(self, url: str) -> httpx.Response:
        """GET ``url`` without following redirects, verifying TLS against the system's trusted
        certificates (an internal CA installed on the server counts; ``SSL_CERT_FILE`` too)."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        headers, extensions = {}, {}
        if host in self.resolve:
            port = f":{parts.port}" if parts.port else ""
            headers["Host"] = parts.netloc.rpartition("@")[2]
            extensions["sni_hostname"] = host
            parts = parts._replace(netloc=f"{self.resolve[host]}{port}")
        with httpx.Client(verify=ssl.create_default_context(), timeout=self.timeout) as client:
            return client.get(urlunsplit(parts), headers=headers, extensions=extensions)


Check = Callable[[DeployContext], str]


@dataclass(frozen=True)
class DeployCheckResult:
    name: str
    status: Literal["ok", "warning", "failed"]
    detail: str
    fix: str = ""


_checks: dict[str, tuple[int, Check]] = {}


def deploy_check_register(*, name: str, order: int, check: Check) -> None:
    """Add (or replace) the check called ``name``; checks run by ``order``, then name."""
    _checks[name] = (order, check)


def deploy_check_names() -> list[str]:
    return [name for name, _ in sorted(_checks.items(), key=lambda item: (item[1][0], item[0]))]


def _run_one(name: str, check: Check, context: DeployContext) -> DeployCheckResult:
    outcome: list[DeployCheckResult] = []

    def target() -> None:
        try:
            outcome.append(DeployCheckResult(name, "ok", check(context)))
        except DeployWarning as warning:
            outcome.append(DeployCheckResult(name, "warning", warning.problem, warning.fix))
        except DeployProblem as problem:
            outcome.append(DeployCheckResult(name, "failed", problem.problem, problem.fix))
        except Exception as error:  # noqa: BLE001 - any failure is reported, never raised
            detail = f"{error.__class__.__name__}: {error}".strip()
            outcome.append(DeployCheckResult(name, "failed", detail, "See the error above."))
        finally:
            connections.close_all()  # this thread's own database connections

    # A daemon thread: one stuck in a connection must not keep the command from exiting.
    thread = threading.Thread(target=target, name=f"deploy-check-{name}", daemon=True)
    thread.start()
    # Some clients try twice (kombu's connection retry) within their own timeout each.
    deadline = 2 * context.timeout + 1
    thread.join(deadline)
    if outcome:
        return outcome[0]
    return DeployCheckResult(
        name,
        "failed",
        f"No answer within {deadline:g} seconds.",
        "A firewall may drop the packets, or the host name may point at the wrong machine: "
        "check the address in the environment file and that the service listens there.",
    )


def deploy_checks_run(*, context: DeployContext, only: list[str] | None = None) -> list[DeployCheckResult]:
    """Run the registered checks (or those named in ``only``), one after the other."""
    names = [name for name in deploy_check_names() if not only or name in only]
    return [_run_one(name, _checks[name][1], context) for name in names]
