"""Who reads which figures: the one place the reports' access rules live.

- The centre director, programme managers, administrators and superusers read every figure; the
  director, programme managers and superusers also see people's names (personal data).
- A hub coordinator reads only the figures of the cohorts held at the hubs they coordinate, and
  no names: every query of every report, export and chart is cut to ``Scope.hub_ids`` before any
  filter the request carries, so a tampered ``hub`` parameter finds nothing.
- Everyone else reads nothing.
"""

from dataclasses import dataclass

from lms import api as lms_api

Role = lms_api.Role
SEES_ALL = (Role.CENTRE_DIRECTOR, Role.PROGRAMME_MANAGER, Role.ADMINISTRATOR)
SEES_NAMES = (Role.CENTRE_DIRECTOR, Role.PROGRAMME_MANAGER)


@dataclass(frozen=True)
class Scope:
    # None: every hub and online cohorts too; otherwise only these hubs' cohorts.
    hub_ids: frozenset[int] | None
    personal_data: bool

    @property
    def is_whole(self) -> bool:
        return self.hub_ids is None


def scope_for(*, user) -> Scope | None:
    """What ``user`` may read, or None when they may read no report."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Scope(hub_ids=None, personal_data=True)
    if any(lms_api.user_has_role(user=user, role=role) for role in SEES_ALL):
        names = any(lms_api.user_has_role(user=user, role=role) for role in SEES_NAMES)
        return Scope(hub_ids=None, personal_data=names)
    if lms_api.user_has_role(user=user, role=Role.HUB_COORDINATOR):
        return Scope(hub_ids=frozenset(lms_api.hubs_coordinated_by(user_id=user.pk)), personal_data=False)
    return None
