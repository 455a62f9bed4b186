"""What every stage shares: locking, the timeline, the participants, the checks."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
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
from ..rules import is_first_proposer, is_staff, plenary_only, unit_ids

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
    """The accounts of the proposers: the first proposer, and with `include_cosigners` the
    confirmed co-signers and the proposers of proposals merged into it (each gets the answer)."""
    users = [proposal.first_proposer.user]
    if include_cosigners:
        users += [
            c.member.user
            for c in CoSigner.objects.select_related("member__user").filter(
                Q(proposal=proposal) | Q(proposal__merged_into=proposal),
                state=CoSigner.State.CONFIRMED,
            )
        ]
        users += [
            m.first_proposer.user
            for m in proposal.merged_proposals.select_related("first_proposer__user")
        ]
    return list({u.pk: u for u in users if u is not None}.values())


def unit_users(unit):
    users = list(unit.liaisons.all())
    if unit.head_user_id:
        users.append(unit.head_user)
    return users


def staff_users():
    return list(get_user_model().objects.filter(groups__name=Role.PROPOSAL_STAFF, is_active=True))


STAFF_PARTY = f"role:{Role.PROPOSAL_STAFF}"


def unit_party(unit) -> str:
    """A unit's deadlines name the unit, not its liaisons of the day (notifications.parties):
    whoever is its liaison when a reminder goes out is told."""
    return f"unit:{unit.pk}"


def _escalation(unit, proposal):
    """Overdue: unit liaison → unit head → proposal staff → supervising leaders, each
    resolved when the reminder goes out."""
    return [
        [unit_party(unit)],
        [f"unit_head:{unit.pk}"],
        [STAFF_PARTY],
        [f"proposal_leaders:{proposal.pk}"],
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
    if session is not None and session.term.is_closed:
        # after a term change, before the new term's first plenary: its first session
        session = (
            Session.objects.filter(term__is_current=True, term__closed_at__isnull=True)
            .order_by("year", "number")
            .first()
        ) or session
    if session is None:
        raise ValidationError(_("No session has been set up yet."))
    return session


def _duty_proposers(p):
    cosigners = [
        c.member
        for c in p.cosigners.select_related("member").filter(state=CoSigner.State.CONFIRMED)
    ]
    return p.first_proposer, cosigners


def check_plenary_window(kind, session, day, *, field="kind"):
    """Sector and member-group proposals only inside the session's plenary window (§2.1)."""
    if plenary_only(kind) and not session.in_plenary_window(day):
        raise ValidationError(
            {
                field: _(
                    "Sector and member-group proposals are made only during the plenary: "
                    "%(session)s takes them from %(start)s to %(end)s."
                )
                % {
                    "session": session.name,
                    "start": session.proposal_window_start.isoformat(),
                    "end": session.proposal_window_end.isoformat(),
                }
            }
        )
