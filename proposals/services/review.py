"""立: review — return, registration, non-registration, conversion, merging."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.numbering import next_number
from cppcc_portal.notifications.services import close_deadline, notify
from members.models import DutyKind
from members.services import record_duty

from .. import workflow
from ..models import (
    CoSigner,
    MemberLetter,
    NotRegisteredGround,
    Proposal,
)
from ._base import (
    DUTY,
    S,
    _clean_text,
    _config,
    _duty_proposers,
    _event,
    _lock,
    _move,
    _require_first_proposer,
    _require_staff,
    _sync,
    _today,
    _touch,
    _url,
    proposer_users,
    staff_users,
)
from .supervision import _withdraw_open_instruction_requests


@transaction.atomic
def return_for_revision(*, actor, proposal: Proposal, comment: str) -> Proposal:
    _require_staff(actor)
    p = _lock(proposal)
    comment = _clean_text(comment, field="comment", label=_("Reason"), max_length=2000)
    p.staff_comment = comment
    _move(p, "return", actor=actor, comment=comment, save_fields=("staff_comment",))
    notify(
        recipients=proposer_users(p, include_cosigners=False),
        kind="proposal.returned",
        title=_("Your proposal “%(title)s” was returned for revision") % {"title": p.title},
        body=comment,
        target=p,
        url=_url(p),
    )
    return _sync(proposal, p)


@transaction.atomic
def register(*, actor, proposal: Proposal, category=None, comment: str = "") -> Proposal:
    """立案: the gap-free number within the session, and the proposers' duty records."""
    _require_staff(actor)
    p = _lock(proposal)
    workflow.check(p, "register")
    if category is not None:
        p.category = category
    if p.category_id is None:
        raise ValidationError({"category": _("Choose a category.")})
    config = _config()
    p.number = next_number(f"proposal:{p.session_id}")
    p.number_display = config.format_number(
        session=p.session.name, year=p.session.year, number=p.number
    )
    p.registered_at = timezone.now()
    _move(
        p,
        "register",
        actor=actor,
        comment=comment or p.number_display,
        save_fields=("number", "number_display", "registered_at", "category"),
    )
    for c in p.cosigners.filter(state=CoSigner.State.INVITED):
        c.state = CoSigner.State.EXPIRED
        c.save(update_fields=["state"])
        close_deadline(target=c, duty=DUTY["cosigner"], cancelled=True)
    first, cosigners = _duty_proposers(p)
    day = _today()
    record_duty(
        member=first,
        kind=DutyKind.PROPOSAL_FIRST,
        source=p,
        occurred_on=day,
        title=str(p),
        recorded_by=actor,
    )
    for m in cosigners:
        record_duty(
            member=m,
            kind=DutyKind.PROPOSAL_COSIGNER,
            source=p,
            occurred_on=day,
            title=str(p),
            recorded_by=actor,
        )
    notify(
        recipients=proposer_users(p),
        kind="proposal.registered",
        title=_("Your proposal “%(title)s” was registered as %(number)s")
        % {"title": p.title, "number": p.number_display},
        target=p,
        url=_url(p),
    )
    return _sync(proposal, p)


@transaction.atomic
def not_register(
    *, actor, proposal: Proposal, ground: NotRegisteredGround, comment: str = ""
) -> Proposal:
    _require_staff(actor)
    if ground is None:
        raise ValidationError({"ground": _("Choose the ground for not registering.")})
    p = _lock(proposal)
    p.not_registered_ground = ground
    p.staff_comment = (comment or "").strip()[:2000]
    _move(
        p,
        "not_register",
        actor=actor,
        comment=f"{ground.text} {p.staff_comment}".strip(),
        save_fields=("not_registered_ground", "staff_comment"),
    )
    for c in p.cosigners.filter(state=CoSigner.State.INVITED):
        close_deadline(target=c, duty=DUTY["cosigner"], cancelled=True)
    notify(
        recipients=proposer_users(p, include_cosigners=False),
        kind="proposal.not_registered",
        title=_("Your proposal “%(title)s” was not registered") % {"title": p.title},
        body=_("Ground: %(ground)s") % {"ground": ground.text},
        target=p,
        url=_url(p),
    )
    return _sync(proposal, p)


@transaction.atomic
def consent_to_conversion(
    *, actor, proposal: Proposal, target: str = Proposal.Conversion.REPORT
) -> Proposal:
    """The proposer agrees that a not-registered proposal becomes a social-opinion report or
    a member's letter (DOMAIN §2.3); proposal staff are asked to convert it."""
    p = _lock(proposal)
    _require_first_proposer(actor, p)
    if p.status != S.NOT_REGISTERED:
        raise ValidationError(_("Only a proposal that was not registered can be converted."))
    if p.conversion_consent_at:
        raise ValidationError(_("You have already agreed to convert this proposal."))
    if target not in (Proposal.Conversion.REPORT, Proposal.Conversion.LETTER):
        raise ValidationError({"target": _("Choose what it may become.")})
    p.conversion_target = target
    p.conversion_consent_at = p.conversion_requested_at = timezone.now()
    _touch(p, "conversion_target", "conversion_consent_at", "conversion_requested_at")
    into = p.get_conversion_target_display()
    _event(
        p,
        actor=actor,
        action="consent",
        comment=_("Consent to conversion into %(into)s recorded") % {"into": into},
    )
    notify(
        recipients=staff_users(),
        kind="proposal.conversion_consent",
        title=_("The proposer agrees to convert “%(title)s” into %(into)s")
        % {"title": p.title, "into": into},
        target=p,
        url=_url(p),
    )
    return _sync(proposal, p)


def _check_convertible(actor, proposal, target):
    _require_staff(actor)
    p = _lock(proposal)
    if p.status != S.NOT_REGISTERED or not p.conversion_consent_at or p.conversion_target != target:
        raise ValidationError(
            _("Only a not-registered proposal whose proposer consented to it can be converted.")
        )
    if p.converted_id:
        raise ValidationError(_("This proposal has already been converted."))
    return p


def _converted(p, actor, obj, action):
    p.converted_type = ContentType.objects.get_for_model(obj)
    p.converted_id = obj.pk
    _touch(p, "converted_type", "converted_id")
    _event(p, actor=actor, action=action, comment=str(obj))


@transaction.atomic
def convert_to_report(*, actor, proposal: Proposal):
    """转社情民意: staff convert a not-registered proposal whose proposer consented."""
    from opinions.services import create_report_from_conversion

    p = _check_convertible(actor, proposal, Proposal.Conversion.REPORT)
    report = create_report_from_conversion(
        actor=actor,
        member=p.first_proposer,
        title=p.title,
        content=f"{p.analysis}\n\n{p.suggestions}".strip(),
        source=p,
    )
    _converted(p, actor, report, "convert")
    return _sync(proposal, p), report


@transaction.atomic
def convert_to_letter(*, actor, proposal: Proposal):
    """转委员来信: the same, into a member's letter to the committee."""
    p = _check_convertible(actor, proposal, Proposal.Conversion.LETTER)
    letter = MemberLetter.objects.create(
        member=p.first_proposer,
        title=p.title,
        content=f"{p.analysis}\n\n{p.suggestions}".strip(),
        source=p,
        created_by=actor,
    )
    _converted(p, actor, letter, "convert_letter")
    notify(
        recipients=proposer_users(p, include_cosigners=False),
        kind="proposal.converted_letter",
        title=_("Your proposal “%(title)s” was converted into a member's letter")
        % {"title": p.title},
        target=p,
        url=_url(p),
    )
    return _sync(proposal, p), letter


def convert(*, actor, proposal: Proposal):
    """Convert into what the proposer consented to."""
    if proposal.conversion_target == Proposal.Conversion.LETTER:
        return convert_to_letter(actor=actor, proposal=proposal)
    return convert_to_report(actor=actor, proposal=proposal)


@transaction.atomic
def merge(*, actor, proposal: Proposal, into: Proposal, comment: str = "") -> Proposal:
    """并案: the proposal follows the primary one; its proposers are told."""
    _require_staff(actor)
    p = _lock(proposal)
    if into.pk == p.pk:
        raise ValidationError(_("A proposal cannot be merged into itself."))
    primary = Proposal.objects.select_for_update().get(pk=into.pk)
    if primary.status not in workflow.REGISTERED_STATES or primary.status == S.CLOSED:
        raise ValidationError(_("Merge only into a registered proposal that is still open."))
    if primary.session_id != p.session_id:
        raise ValidationError(_("Merge only within one session."))
    p.merged_into = primary
    _move(p, "merge", actor=actor, comment=comment or str(primary), save_fields=("merged_into",))
    _withdraw_open_instruction_requests(p, actor)
    _event(primary, actor=actor, action="merged_in", comment=str(p))
    notify(
        recipients=proposer_users(p),
        kind="proposal.merged",
        title=_("Your proposal “%(title)s” was merged into %(primary)s")
        % {"title": p.title, "primary": primary},
        target=p,
        url=_url(p),
    )
    return _sync(proposal, p)
