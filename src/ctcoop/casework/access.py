"""Who may do what with a case: the one place the API and the web UI ask.

A user sees the cases its authority holds and those addressed to it (where it is the
counterpart); officers and reviewers change the cases their authority holds; only a reviewer
approves a case as ``ready``; a viewer reads only. Refusals are :class:`AccessError` (HTTP 403),
and a case the user may not see is refused the same way whether or not it exists elsewhere.
"""

from __future__ import annotations

from ctcoop.casework.model import Case, CaseState
from ctcoop.errors import AccessError
from ctcoop.platform.accounts import Role, User

__all__ = ["can_read", "require_advance", "require_edit", "require_read"]


def can_read(user: User, case: Case) -> bool:
    return user.authority.id in (case.authority, case.counterpart)


def require_read(user: User, case: Case) -> None:
    if not can_read(user, case):
        raise AccessError(
            f"{user.username} of {user.authority.id} may not see case {case.id}: it belongs to "
            "another authority"
        )


def require_edit(user: User, case: Case) -> None:
    require_read(user, case)
    if case.authority != user.authority.id:
        raise AccessError(
            f"case {case.id} is held by {case.authority}; {user.authority.id} may read it only"
        )
    if not user.role.edits:
        raise AccessError(
            f"{user.username} is a viewer: viewers read cases, they do not change them"
        )


def require_advance(user: User, case: Case, to: CaseState) -> None:
    require_edit(user, case)
    if to is CaseState.READY and user.role is not Role.REVIEWER:
        raise AccessError(
            f"only a reviewer approves a case as ready; {user.username} is an {user.role.value}"
        )
