"""The xAPI resources as Django views; each resource is a table of handlers by method."""

from .base import resource
from .documents import ACTIVITY_PROFILE, AGENT_PROFILE, STATE, handlers
from .misc import about, activities, agents
from .statements import get_statements, post_statements, put_statement

statements_view = resource(
    {"GET": get_statements, "PUT": put_statement, "POST": post_statements}, consistent_through=True
)
state_view = resource(handlers(STATE))
activity_profile_view = resource(handlers(ACTIVITY_PROFILE))
agent_profile_view = resource(handlers(AGENT_PROFILE))
activities_view = resource({"GET": activities})
agents_view = resource({"GET": agents})
about_view = resource({"GET": about}, public=True)

__all__ = [
    "about_view",
    "activities_view",
    "activity_profile_view",
    "agent_profile_view",
    "agents_view",
    "state_view",
    "statements_view",
]
