"""Public disclosure (提案公开, 复文公开; docs/DISCLOSURE.md): the proposer's agreement, proposal
staff's review, a unit's objection to publishing its reply and staff's decision on it. Each
write records a timeline event whose action starts with "disclosure" (the public pages' cache
stamp reads the newest one, proposals.public.stamp)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.workflow import bump, lock
from cppcc_portal.notifications.services import notify

from .. import workflow
from ..disclosure import rules
from ..models import Proposal, Reply
from ._base import (
    _clean_text,
    _event,
    _lock,
    _require_first_proposer,
    _require_staff,
    _sync,
    _touch,
    _url,
    staff_users,
)

D = Proposal.Disclosure


def _reason(value, *, label):
    return _clean_text(value, field="reason", label=label, max_length=2000)


def record_consent(p: Proposal, *, actor, agree: bool) -> bool:
    """Inside a service holding the proposal's lock: set the agreement; True if it changed."""
    agree = bool(agree)
    if p.is_public == agree:
        return False
    p.is_public = agree
    _touch(p, "is_public")
    _event(
        p,
        actor=actor,
        action="disclosure_agreed" if agree else "disclosure_declined",
        to_state=p.status,
    )
    return True


@transaction.atomic
def set_disclosure_consent(*, actor, proposal: Proposal, agree: bool) -> Proposal:
    """The first proposer agrees to disclosure, or takes the agreement back, until the
    proposal is registered."""
    p = _lock(proposal)
    _require_first_proposer(actor, p)
    if not workflow.meta(p).proposer_consents:
        raise ValidationError(
            _("The agreement to disclosure can be changed only until the proposal is registered.")
        )
    record_consent(p, actor=actor, agree=agree)
    return _sync(proposal, p)


@transaction.atomic
def review_disclosure(*, actor, proposal: Proposal, decision: str, reason: str = "") -> Proposal:
    """Proposal staff approve the disclosure of a registered proposal whose proposer agreed,
    or refuse it with a reason (kept on record, told to the first proposer, never public)."""
    _require_staff(actor)
    p = _lock(proposal)
    if not workflow.meta(p).registered:
        raise ValidationError(_("Only a registered proposal can be published."))
    if not p.is_public:
        raise ValidationError(_("The proposer has not agreed to publish this proposal."))
    if decision == "approve":
        p.disclosure, p.disclosure_reason = D.APPROVED, (reason or "").strip()[:2000]
        p.disclosed_at = timezone.now()
    elif decision == "refuse":
        p.disclosure = D.REFUSED
        p.disclosure_reason = _reason(reason, label=_("Reason"))
        p.disclosed_at = None
    else:
        raise ValidationError({"decision": _("Approve or refuse the publication.")})
    _touch(p, "disclosure", "disclosure_reason", "disclosed_at")
    _event(
        p,
        actor=actor,
        action="disclosure_approved" if decision == "approve" else "disclosure_refused",
        comment=p.disclosure_reason,
    )
    if decision == "refuse" and p.first_proposer.user_id:
        notify(
            recipients=[p.first_proposer.user],
            kind="proposal.disclosure_refused",
            title=_("Your proposal will not be published: %(title)s") % {"title": p.title},
            body=p.disclosure_reason,
            target=p,
            url=_url(p),
        )
    return _sync(proposal, p)


def _lock_reply(reply, version):
    return lock(reply, version=version, message=workflow.REPLY_STALE_MESSAGE)


@transaction.atomic
def object_to_reply_disclosure(*, actor, reply: Reply, version: int, reason: str) -> Reply:
    """A unit's liaison objects to publishing its reply, with a reason; staff decide."""
    r = _lock_reply(reply, version)
    p = Proposal.objects.select_for_update().get(pk=r.proposal_id)
    if r.pk not in {x.pk for x in rules.replies_to_object(actor, p)}:
        raise PermissionDenied(
            _("Only the liaison of the replying unit may object, and only once.")
        )
    r.is_public = False
    r.disclosure_objection = _reason(reason, label=_("Reason"))
    bump(r, "is_public", "disclosure_objection")
    _touch(p)
    _event(
        p,
        actor=actor,
        action="disclosure_objection",
        comment=f"{r.unit.name}: {r.disclosure_objection}",
    )
    notify(
        recipients=staff_users(),
        kind="proposal.disclosure_objection",
        title=_("A unit objects to publishing its reply: %(title)s") % {"title": p.title},
        body=r.disclosure_objection,
        target=p,
        url=_url(p),
    )
    return r


@transaction.atomic
def decide_reply_disclosure(
    *, actor, reply: Reply, version: int, decision: str, reason: str
) -> Reply:
    """Proposal staff uphold a unit's objection (the reply stays off the public pages) or
    overrule it (the reply is published with its proposal), with a reason either way."""
    _require_staff(actor)
    r = _lock_reply(reply, version)
    p = Proposal.objects.select_for_update().get(pk=r.proposal_id)
    if not r.objection_pending:
        raise ValidationError(_("There is no objection to decide on this reply."))
    if decision not in ("withhold", "publish"):
        raise ValidationError({"decision": _("Uphold or overrule the objection.")})
    r.disclosure = D.APPROVED if decision == "publish" else D.REFUSED
    r.disclosure_reason = _reason(reason, label=_("Reason"))
    bump(r, "disclosure", "disclosure_reason")
    _touch(p)
    _event(
        p,
        actor=actor,
        action="disclosure_reply_published"
        if decision == "publish"
        else "disclosure_reply_withheld",
        comment=f"{r.unit.name}: {r.disclosure_reason}",
    )
    return r
