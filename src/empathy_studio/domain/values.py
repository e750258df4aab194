"""The closed sets of values the method works with."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    EN = "en"
    NL = "nl"
    DE = "de"


class Role(StrEnum):
    OWNER = "owner"
    FACILITATOR = "facilitator"
    MEMBER = "member"
    VIEWER = "viewer"
    GUEST = "guest"  # not a workspace role: someone who joined one map's workshop by a join link


class Perspective(StrEnum):
    TEAM = "team"  # the team's own view, partly hypotheses
    CUSTOMER = "customer"  # made with real customers


class NoteColor(StrEnum):
    YELLOW = "yellow"
    PINK = "pink"
    BLUE = "blue"
    GREEN = "green"
    ORANGE = "orange"
    PURPLE = "purple"


class NoteBasis(StrEnum):
    HYPOTHESIS = "hypothesis"
    EVIDENCE = "evidence"


class ActionStatus(StrEnum):
    OPEN = "open"
    DOING = "doing"
    DONE = "done"
    DROPPED = "dropped"


class SubjectType(StrEnum):
    CUSTOMER_SEGMENT = "customer_segment"
    AGE_GROUP = "age_group"
    END_USER = "end_user"
    PARTNER = "partner"
    B2B_BUYING_ROLE = "b2b_buying_role"
    LOST_CUSTOMER = "lost_customer"
    NON_CUSTOMER = "non_customer"
