"""What every stage shares: locking, the timeline, the participants, the checks."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.workflow import bump, lock, record
from members.models import Session

from .. import workflow
from ..duties import DUTY, REPLY_DUTIES  # noqa: F401  (re-exported to the stages)
from ..models import (
    CoSigner,
    Proposal,
    ProposalEvent,
    ProposalSettings,
)
from ..rules import is_first_proposer, is_staff, unit_ids

S = Proposal.Status


def _today() -> date:
    return timezone.localdate()


def _config() -> ProposalSettings:
    return ProposalSettings.get()


def _lock(proposal: Proposal) -> Proposal:
    """Lock the row; refuse if someone changed it since the caller read it."""
    return lock(proposal, message=workflow.STALE_MESSAGE)


def _sync(target: Proposal, source: Proposal) -> Proposal:
    """Hand the caller's object the new state, so its next call is not refused as stale."""
    if target is not source:
        for field in Proposal._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))
    return source


def _event(proposal, *, actor, action, comment="", from_state="", to_state=""):
    return record(
        ProposalEvent,
        proposal=proposal,
        actor=actor,
        action=action,
        comment=comment,
        from_state=from_state,
        to_state=to_state,
    )


def _move(proposal, action, *, actor, comment="", save_fields=()):
    transition = workflow.check(proposal, action)
    old = proposal.status
    proposal.status = transition.target
    bump(proposal, "status", *save_fields)
    _event(
        proposal,
        actor=actor,
        action=action,
        comment=comment,
        from_state=old,
        to_state=transition.target,
    )


def _touch(proposal, *fields):
    """A write that is not a transition still bumps the version (stale forms get refused)."""
    bump(proposal, *fields)


def proposer_users(proposal, *, include_cosigners=True):
    users = [proposal.first_proposer.user]
    if include_cosigners:
        users += [
            c.member.user
            for c in proposal.cosigners.select_related("member__user").filter(
                state=CoSigner.State.CONFIRMED
            )
        ]
    return [u for u in users if u is not None]


def unit_users(unit):
    users = list(unit.liaisons.all())
    if unit.head_user_id:
        users.append(unit.head_user)
    return users


def staff_users():
    return list(get_user_model().objects.filter(groups__name=Role.PROPOSAL_STAFF, is_active=True))


def _escalation(unit, proposal):
    return [
        list(unit.liaisons.all()),
        [unit.head_user] if unit.head_user_id else [],
        staff_users(),
        list(proposal.supervising_leaders.all()),
    ]


def _url(proposal):
    return proposal.get_absolute_url()


def _require_staff(actor):
    if not is_staff(actor):
        raise PermissionDenied(_("Only proposal staff may do this."))


def _require_first_proposer(actor, proposal):
    if not is_first_proposer(actor, proposal):
        raise PermissionDenied(_("Only the first proposer may do this."))


def _require_unit(actor, assignment):
    if assignment.unit_id not in unit_ids(actor):
        raise PermissionDenied(_("Only the liaison of the assigned unit may do this."))


def _clean_text(value, *, field, label, max_length, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("%(label)s may not be empty.") % {"label": label}})
    if len(value) > max_length:
        raise ValidationError(
            {
                field: _("%(label)s is too long (at most %(n)d characters).")
                % {"label": label, "n": max_length}
            }
        )
    return value


def _current_session(day=None) -> Session:
    day = day or _today()
    session = Session.for_date(day) or Session.objects.order_by("-year", "-number").first()
    if session is None:
        raise ValidationError(_("No session has been set up yet."))
    return session


def _duty_proposers(p):
    cosigners = [
        c.member
        for c in p.cosigners.select_related("member").filter(state=CoSigner.State.CONFIRMED)
    ]
    return p.first_proposer, cosigners
