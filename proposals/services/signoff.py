"""办, the reply and its sign-off before release (DOMAIN §2.4): the lead (or split) unit drafts
its reply of the round — after consulting the proposer in that round — the co-units
countersign it (会签: agree, or agree with a view kept on the record), proposal staff review it
(督办审核: release it, changing the A/B/C category with a reason, or send it back with a
comment). Only a released reply reaches the proposers; once every replying unit's reply of
the round is released the proposal is `replied` and the evaluation window opens. Each step
has its deadline. A countersignature or review built on an older draft is refused as stale."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.workflow import bump, lock
from cppcc_portal.notifications import calendar
from cppcc_portal.notifications.services import close_deadline, notify, open_deadline

from .. import workflow
from ..models import Assignment, Communication, Countersign, Proposal, Reply
from ..rules import current_round
from ..workflow import REPLY_MACHINE
from ._base import (
    DUTY,
    REPLY_DUTIES,
    STAFF_PARTY,
    _clean_text,
    _config,
    _escalation,
    _event,
    _move,
    _require_staff,
    _today,
    _touch,
    _url,
    proposer_users,
    staff_users,
    unit_party,
    unit_users,
)
from .assignment import _lock_assignment
from .evaluation import open_evaluation_deadline

R = Reply.Status
REPLYING = [Assignment.Role.LEAD, Assignment.Role.SPLIT]


def _lock_draft(reply, version):
    return lock(reply, version=version, message=workflow.REPLY_STALE_MESSAGE)


def _active_co_units(p):
    return list(
        p.assignments.filter(role=Assignment.Role.CO, state=Assignment.State.ACTIVE).select_related(
            "unit"
        )
    )


@transaction.atomic
def draft_reply(
    *,
    actor,
    assignment: Assignment,
    result: str,
    text: str,
    signer: str,
    document=None,
    is_public: bool = True,
    objection: str = "",
) -> Reply:
    """The unit's written reply of this round (or its revision after a send-back), sent on to
    the co-units for countersignature, or straight to staff review when there are none."""
    a = _lock_assignment(assignment, actor)
    p = Proposal.objects.select_for_update().get(pk=a.proposal_id)
    if a.role == Assignment.Role.CO:
        raise ValidationError(_("Co-units send views to the lead unit; the lead unit replies."))
    if a.state != Assignment.State.ACTIVE or not a.signed_at:
        raise ValidationError(_("Sign for the proposal before replying."))
    workflow.check(p, "reply")
    if result not in Reply.Result.values:
        raise ValidationError({"result": _("Choose the result category.")})
    text = _clean_text(text, field="text", label=_("Reply"), max_length=20000)
    signer = _clean_text(signer, field="signer", label=_("Signing official"), max_length=40)
    round_ = current_round(p)
    if not Communication.objects.filter(proposal=p, unit=a.unit, round=round_).exists():
        raise ValidationError(
            _(
                "Consult the proposer again before the rehandling reply: record the new contact first."
            )
            if round_ > 1
            else _("Consult the proposer before replying: record the contact first.")
        )
    draft = Reply.objects.select_for_update().filter(proposal=p, unit=a.unit, round=round_).first()
    revising = draft is not None
    if revising and not REPLY_MACHINE.meta(draft).lead_edits:
        raise ValidationError(_("Your unit has already replied in this round."))
    if draft is None:
        draft = Reply(proposal=p, unit=a.unit, round=round_)
    if document is None and not draft.document and _config().reply_document_required:
        raise ValidationError({"document": _("Attach the signed reply document.")})
    co_units = _active_co_units(p) if a.role == Assignment.Role.LEAD else []
    target = REPLY_MACHINE.check(draft, "to_countersign" if co_units else "to_review").target
    draft.result, draft.text, draft.signer = result, text, signer
    draft.is_public, draft.replied_by = is_public, actor
    # unticked "may be made public": an objection to publishing it, for staff to decide
    draft.disclosure_objection = "" if is_public else (objection or "").strip()[:2000]
    draft.proposed_result, draft.result_change_reason = "", ""
    draft.status = target
    if revising:
        draft.revision += 1
        draft.version += 1
    if document is not None:
        draft.document_name = document.name[:200]
        draft.document.save(document.name, document, save=False)
    draft.save()
    if revising:
        close_deadline(target=draft, duty=DUTY["revision"])
    else:
        for duty in REPLY_DUTIES:
            close_deadline(target=a, duty=duty)
    _touch(p)
    _event(
        p,
        actor=actor,
        action="reply_revised" if revising else "reply_drafted",
        comment=f"{a.unit.name}: {result}",
    )
    if co_units:
        for co in co_units:
            _ask_countersign(p, co, draft)
    else:
        _ask_review(p, draft)
    return draft


def _ask_countersign(p, co, draft):
    config = _config()
    open_deadline(
        target=co,
        duty=DUTY["countersign"],
        due_on=calendar.add_working_days(_today(), config.countersign_working_days),
        responsible=[unit_party(co.unit)],
        title=_("Countersign the draft reply to proposal %(number)s")
        % {"number": p.number_display},
        url=_url(p),
        escalation=_escalation(co.unit, p),
        unit_id=co.unit_id,
        unit_name=co.unit.name,
    )
    notify(
        recipients=unit_users(co.unit),
        kind="proposal.countersign",
        title=_("%(unit)s asks your unit to countersign its draft reply to proposal %(number)s")
        % {"unit": draft.unit.name, "number": p.number_display},
        target=p,
        url=_url(p),
    )


def _ask_review(p, draft):
    config = _config()
    open_deadline(
        target=draft,
        duty=DUTY["review"],
        due_on=calendar.add_working_days(_today(), config.review_working_days),
        responsible=[STAFF_PARTY],
        title=_("Review the draft reply of %(unit)s to proposal %(number)s")
        % {"unit": draft.unit.name, "number": p.number_display},
        url=_url(p),
        escalation=[[f"proposal_leaders:{p.pk}"]],
    )
    notify(
        recipients=staff_users(),
        kind="proposal.reply_review",
        title=_("The draft reply of %(unit)s to proposal %(number)s awaits your review")
        % {"unit": draft.unit.name, "number": p.number_display},
        target=p,
        url=_url(p),
    )


@transaction.atomic
def countersign_reply(
    *, actor, assignment: Assignment, reply: Reply, version: int, decision: str, view: str = ""
) -> Countersign:
    """会签 by a co-unit; when the last co-unit has countersigned, the draft goes to review."""
    a = _lock_assignment(assignment, actor)
    draft = _lock_draft(reply, version)
    p = Proposal.objects.select_for_update().get(pk=draft.proposal_id)
    if a.proposal_id != p.pk or a.role != Assignment.Role.CO or a.state != Assignment.State.ACTIVE:
        raise ValidationError(_("Only an active co-unit of this proposal countersigns."))
    if not REPLY_MACHINE.meta(draft).units_countersign or draft.round != current_round(p):
        raise ValidationError(_("This draft reply is not awaiting countersignature."))
    if Countersign.objects.filter(reply=draft, unit=a.unit, revision=draft.revision).exists():
        raise ValidationError(_("Your unit has already countersigned this draft."))
    if decision not in Countersign.Decision.values:
        raise ValidationError({"decision": _("Agree, or agree with a view.")})
    if decision == Countersign.Decision.AGREE_WITH_VIEW:
        view = _clean_text(view, field="view", label=_("View"), max_length=4000)
    elif (view or "").strip():
        raise ValidationError({"view": _("To keep a view on the record, agree with a view.")})
    else:
        view = ""
    cs = Countersign.objects.create(
        reply=draft,
        unit=a.unit,
        revision=draft.revision,
        decision=decision,
        view=view,
        signed_by=actor,
    )
    if not a.signed_at:  # countersigning is signing for it
        a.signed_at, a.signed_by = timezone.now(), actor
        a.save(update_fields=["signed_at", "signed_by"])
        close_deadline(target=a, duty=DUTY["signfor"])
    close_deadline(target=a, duty=DUTY["countersign"])
    bump(draft)
    _touch(p)
    comment = f"{a.unit.name}: {cs.get_decision_display()}"
    _event(p, actor=actor, action="countersign", comment=f"{comment} {view[:200]}".strip())
    if view:
        notify(
            recipients=unit_users(draft.unit),
            kind="proposal.countersign_view",
            title=_("%(unit)s countersigned your draft reply to proposal %(number)s with a view")
            % {"unit": a.unit.name, "number": p.number_display},
            body=view,
            target=p,
            url=_url(p),
        )
    advance_countersigned(p, draft, actor=actor)
    return cs


def advance_countersigned(p, draft, *, actor):
    """Every active co-unit has countersigned this revision: on to staff review."""
    if draft.status != R.COUNTERSIGNING:
        return False
    signed = set(
        Countersign.objects.filter(reply=draft, revision=draft.revision).values_list(
            "unit_id", flat=True
        )
    )
    if any(co.unit_id not in signed for co in _active_co_units(p)):
        return False
    draft.status = REPLY_MACHINE.check(draft, "to_review").target
    bump(draft, "status")
    _event(p, actor=actor, action="reply_to_review", comment=draft.unit.name)
    _ask_review(p, draft)
    return True


@transaction.atomic
def review_reply(
    *,
    actor,
    reply: Reply,
    version: int,
    decision: str,
    result: str = "",
    reason: str = "",
    comment: str = "",
) -> Reply:
    """督办审核: release the draft (the category may change, with a reason kept on record), or
    send it back to the unit with a comment."""
    _require_staff(actor)
    draft = _lock_draft(reply, version)
    p = Proposal.objects.select_for_update().get(pk=draft.proposal_id)
    live = p.assignments.filter(unit_id=draft.unit_id, role__in=REPLYING).exclude(
        state=Assignment.State.RELEASED
    )
    if draft.round != current_round(p) or not workflow.meta(p).units_reply or not live.exists():
        raise ValidationError(_("This draft reply is no longer under review."))
    unit = draft.unit
    if decision == "send_back":
        REPLY_MACHINE.check(draft, "send_back")
        draft.review_comment = _clean_text(
            comment, field="comment", label=_("Comment"), max_length=2000
        )
        draft.status = R.RETURNED
        bump(draft, "status", "review_comment")
        close_deadline(target=draft, duty=DUTY["review"])
        _reopen_for_revision(p, draft)
        _touch(p)
        _event(
            p,
            actor=actor,
            action="reply_sent_back",
            comment=f"{unit.name}: {draft.review_comment}",
        )
        return draft
    if decision != "release":
        raise ValidationError({"decision": _("Release the reply or send it back.")})
    REPLY_MACHINE.check(draft, "release")
    if result not in Reply.Result.values:
        raise ValidationError({"result": _("Choose the result category.")})
    if result != draft.result:
        reason = _clean_text(
            reason, field="reason", label=_("Reason for the change"), max_length=2000
        )
        _event(
            p,
            actor=actor,
            action="result_changed",
            comment=f"{unit.name}: {draft.result} → {result}: {reason}",
        )
        draft.proposed_result, draft.result_change_reason = draft.result, reason
        draft.result = result
    draft.review_comment = (comment or "").strip()[:2000]
    draft.status = R.RELEASED
    draft.released_at, draft.released_by = timezone.now(), actor
    bump(
        draft,
        "status",
        "result",
        "proposed_result",
        "result_change_reason",
        "review_comment",
        "released_at",
        "released_by",
    )
    close_deadline(target=draft, duty=DUTY["review"])
    _event(p, actor=actor, action="reply_released", comment=f"{unit.name}: {draft.result}")
    _release_if_complete(p, actor)
    return draft


def _reopen_for_revision(p, draft):
    open_deadline(
        target=draft,
        duty=DUTY["revision"],
        due_on=calendar.add_working_days(_today(), _config().revision_working_days),
        responsible=[unit_party(draft.unit)],
        title=_("Revise the draft reply to proposal %(number)s") % {"number": p.number_display},
        url=_url(p),
        escalation=_escalation(draft.unit, p),
        unit_id=draft.unit_id,
        unit_name=draft.unit.name,
    )
    notify(
        recipients=unit_users(draft.unit),
        kind="proposal.reply_sent_back",
        title=_("Your draft reply to proposal %(number)s was sent back for revision")
        % {"number": p.number_display},
        body=draft.review_comment,
        target=p,
        url=_url(p),
    )


def _release_if_complete(p, actor):
    """Once every replying unit's reply of the round is released, the proposers have their
    answer: the proposal is `replied` and the evaluation window opens."""
    round_ = current_round(p)
    replying = p.assignments.filter(role__in=REPLYING, state=Assignment.State.ACTIVE)
    released = dict(
        Reply.objects.filter(proposal=p, round=round_, status=R.RELEASED).values_list(
            "unit_id", "result"
        )
    )
    if any(a.unit_id not in released for a in replying):
        _touch(p)
        return False
    config = _config()
    p.evaluation_due_on = calendar.add_working_days(_today(), config.evaluation_working_days)
    units = {a.unit_id: a.unit.name for a in replying.select_related("unit")}
    _move(
        p,
        "reply",
        actor=actor,
        comment="；".join(
            f"{units.get(unit_id, '')}: {config.result_label(code)}"
            for unit_id, code in released.items()
        ),
        save_fields=("evaluation_due_on",),
    )
    open_evaluation_deadline(p)
    notify(
        recipients=proposer_users(p),
        kind="proposal.replied",
        title=_("Proposal %(number)s has been replied to; please evaluate the reply by %(due)s")
        % {"number": p.number_display, "due": p.evaluation_due_on.isoformat()},
        target=p,
        url=_url(p),
    )
    return True
