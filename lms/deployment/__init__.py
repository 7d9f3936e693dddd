"""Checking a deployment end to end (``manage.py deploy_check``): a registry of small checks.

``registry`` holds the machinery; ``checks`` the parts ``lms`` knows. Other apps register
theirs through ``lms.api.deploy_check_register`` in their ``AppConfig.ready()``.
"""

from .registry import (
    DeployCheckResult,
    DeployContext,
    DeployProblem,
    DeployWarning,
    deploy_check_names,
    deploy_check_register,
    deploy_checks_run,
)

__all__ = [
    "DeployCheckResult",
    "DeployContext",
    "DeployProblem",
    "DeployWarning",
    "deploy_check_names",
    "deploy_check_register",
    "deploy_checks_run",
]
