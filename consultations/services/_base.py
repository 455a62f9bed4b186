"""What every write of the app shares: who may act, and the one transition under the
kernel's guard (lock, check, bump)."""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.workflow import bump, lock
from members.models import Member
from members.selectors import member_for

from ..rules import can_manage, may_move


def _require_staff(actor):
    if not can_manage(actor):
        raise PermissionDenied(_("Only consultation staff may do this."))


def _require_member(actor) -> Member:
    member = member_for(actor)
    if member is None:
        raise PermissionDenied(_("Your account is not linked to a member record."))
    return member


def staff_users():
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=Role.CONSULTATION_STAFF, is_active=True).distinct()
    )


STALE = _("Someone else has changed this item meanwhile; reload the page and try again.")


def _move(machine, obj, name, *, actor, version=None, may=may_move, refusal=None, **fields):
    """One transition of `machine` on `obj` under the kernel's guard: the row is locked, a
    page built on an older version is refused as stale, the state table refuses a move the
    state does not allow; then the fields and the state are written and the version bumped.
    The caller's object follows (state, fields, version). Returns (from, to)."""
    if not may(actor, obj):
        raise PermissionDenied(refusal or _("Only consultation staff may do this."))
    locked = lock(obj, version=version, message=STALE)
    transition = machine.check(locked, name)
    source = locked.state
    for field, value in fields.items():
        setattr(locked, field, value)
    locked.state = transition.target
    locked.full_clean()
    bump(locked, "state", *fields)
    for field in ("state", "version", "updated_at", *fields):
        setattr(obj, field, getattr(locked, field))
    return source, locked.state


def _local_start(day: date, at: time = time(9, 0)) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))
