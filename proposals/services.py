"""Every write of the proposal pipeline: keyword-only, one transaction each,
permission-checked; each records the timeline event, the duty records, the
notifications and the deadlines it implies."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.numbering import next_number
from cppcc_portal.notifications import calendar
from cppcc_portal.notifications.services import close_deadline, notify, open_deadline
from members.models import DutyKind, Member, Session
from members.services import record_duty, void_duty

from . import workflow
from .models import (
    TITLE_MAX,
    Assignment,
    Attachment,
    Communication,
    CoSigner,
    Evaluation,
    ExtensionRequest,
    HandlingUnit,
    Instruction,
    InstructionRequest,
    NotRegisteredGround,
    Proposal,
    ProposalEvent,
    ProposalSettings,
    QualityRating,
    Reply,
    ReturnRequest,
    Supervision,
)
from .rules import is_first_proposer, is_leader, is_staff, member_id, unit_ids

S = Proposal.Status
DUTY = {
    "cosigner": "proposal.cosigner_confirm",
    "signfor": "proposal.unit_signfor",
    "views": "proposal.co_unit_views",
    "reply": "proposal.lead_reply",
    "extension": "proposal.extension_reply",
    "rehandling": "proposal.rehandling_reply",
    "evaluation": "proposal.evaluation",
}
REPLY_DUTIES = (DUTY["reply"], DUTY["extension"], DUTY["rehandling"])

# --- helpers ---------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _config() -> ProposalSettings:
    return ProposalSettings.get()


def _lock(proposal: Proposal) -> Proposal:
    """Lock the row; refuse if someone changed it since the caller read it."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.version != locked.version:
        raise ValidationError(str(workflow.STALE_MESSAGE), code="stale")
    return locked


def _sync(target: Proposal, source: Proposal) -> Proposal:
    """Hand the caller's object the new state, so its next call is not refused as stale."""
    if target is not source:
        for field in Proposal._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))
    return source


def _event(proposal, *, actor, action, comment="", from_status="", to_status=""):
    return ProposalEvent.objects.create(
        proposal=proposal,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment[:4000],
    )


def _move(proposal, action, *, actor, comment="", save_fields=()):
    transition = workflow.check(proposal, action)
    old = proposal.status
    proposal.status = transition.target
    proposal.version += 1
    proposal.save(update_fields=["status", "version", "updated_at", *save_fields])
    _event(
        proposal,
        actor=actor,
        action=action,
        comment=comment,
        from_status=old,
        to_status=transition.target,
    )


def _touch(proposal, *fields):
    """A write that is not a transition still bumps the version (stale forms get refused)."""
    proposal.version += 1
    proposal.save(update_fields=["version", "updated_at", *fields])


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


# --- drafting -----------------------------------------------------------------------------

EDITABLE_FIELDS = ("title", "analysis", "suggestions", "category", "kind", "organisation")


@transaction.atomic
def create_draft(
    *,
    actor,
    title: str,
    analysis: str = "",
    suggestions: str = "",
    category=None,
    kind: str = Proposal.Kind.INDIVIDUAL,
    organisation: str = "",
    suggested_units=(),
    session=None,
) -> Proposal:
    """A member starts a proposal (as its first proposer)."""
    mid = member_id(actor)
    if mid is None or not has_role(actor, Role.MEMBER):
        raise PermissionDenied(_("Only members may write proposals."))
    proposal = Proposal(
        session=session or _current_session(),
        first_proposer_id=mid,
        title=_clean_text(title, field="title", label=_("Title"), max_length=TITLE_MAX),
        analysis=analysis or "",
        suggestions=suggestions or "",
        category=category,
        kind=kind,
        organisation=organisation or "",
        created_by=actor,
    )
    proposal.full_clean()
    proposal.save()
    if suggested_units:
        proposal.suggested_units.set(suggested_units)
    _event(proposal, actor=actor, action="create", to_status=S.DRAFT)
    return proposal


@transaction.atomic
def create_draft_from(
    *, actor, member, title: str, analysis: str, suggestions: str, source=None
) -> Proposal:
    """A liaison station converts a resident's opinion into a draft for the member who
    takes it up; the member finishes and submits it as first proposer."""
    if not (
        has_role(actor, Role.LIAISON_STAFF, Role.STATION_MANAGER, Role.PROPOSAL_STAFF)
        or (member.user_id is not None and member.user_id == actor.pk)
    ):
        raise PermissionDenied(_("You may not start a proposal for this member."))
    proposal = Proposal(
        session=_current_session(),
        first_proposer=member,
        title=_clean_text(title, field="title", label=_("Title"), max_length=TITLE_MAX),
        analysis=analysis or "",
        suggestions=suggestions or "",
        created_by=actor,
    )
    if source is not None:
        proposal.source_type = ContentType.objects.get_for_model(source)
        proposal.source_id = source.pk
    proposal.full_clean()
    proposal.save()
    _event(
        proposal,
        actor=actor,
        action="create_from",
        to_status=S.DRAFT,
        comment=str(source) if source is not None else "",
    )
    if member.user_id:
        notify(
            recipients=[member.user],
            kind="proposal.draft_created",
            title=_("A draft proposal was prepared for you: %(title)s") % {"title": proposal.title},
            target=proposal,
            url=_url(proposal),
        )
    return proposal


@transaction.atomic
def update_draft(*, actor, proposal: Proposal, suggested_units=None, **fields) -> Proposal:
    """Edit (or autosave) a draft or a returned proposal."""
    p = _lock(proposal)
    _require_first_proposer(actor, p)
    if not workflow.meta(p).proposer_edits:
        raise ValidationError(_("This proposal can no longer be edited."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {unknown}")
    if "title" in fields:
        fields["title"] = _clean_text(
            fields["title"], field="title", label=_("Title"), max_length=TITLE_MAX
        )
    for name, value in fields.items():
        setattr(p, name, value if value is not None or name == "category" else "")
    p.full_clean()
    # content edits by the author are not transitions: they leave the version alone, so the
    # page's action forms stay valid while the draft autosaves
    p.save(update_fields=[*fields, "updated_at"])
    if suggested_units is not None:
        p.suggested_units.set(suggested_units)
    return _sync(proposal, p)


@transaction.atomic
def add_attachment(*, actor, proposal: Proposal, file) -> Attachment:
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_first_proposer(actor, p)
    if not workflow.meta(p).proposer_edits:
        raise ValidationError(_("This proposal can no longer be edited."))
    if p.attachments.count() >= 10:
        raise ValidationError(_("At most 10 attachments."))
    att = Attachment(
        proposal=p,
        name=file.name[:200],
        size=file.size or 0,
        uploaded_by=actor,
    )
    att.file.save(file.name, file, save=False)
    att.save()
    return att


@transaction.atomic
def remove_attachment(*, actor, attachment: Attachment):
    p = Proposal.objects.select_for_update().get(pk=attachment.proposal_id)
    _require_first_proposer(actor, p)
    if not workflow.meta(p).proposer_edits:
        raise ValidationError(_("This proposal can no longer be edited."))
    attachment.file.delete(save=False)
    attachment.delete()


# --- co-signers -----------------------------------------------------------------------------


@transaction.atomic
def invite_cosigner(*, actor, proposal: Proposal, member: Member) -> CoSigner:
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_first_proposer(actor, p)
    if not workflow.meta(p).proposer_edits:
        raise ValidationError(_("Co-signers can only be invited while the proposal is a draft."))
    if member.pk == p.first_proposer_id:
        raise ValidationError(_("The first proposer cannot co-sign their own proposal."))
    if member.status != Member.Status.SITTING:
        raise ValidationError(_("Only sitting members may co-sign."))
    existing = p.cosigners.filter(member=member).first()
    if existing and existing.state in {CoSigner.State.INVITED, CoSigner.State.CONFIRMED}:
        raise ValidationError(_("%(name)s has already been invited.") % {"name": member.name})
    due = _today() + timedelta(days=_config().cosigner_days)
    if existing:
        existing.state, existing.due_on, existing.responded_at = CoSigner.State.INVITED, due, None
        existing.save()
        cosigner = existing
    else:
        cosigner = CoSigner.objects.create(proposal=p, member=member, due_on=due)
    if p.kind == Proposal.Kind.INDIVIDUAL:
        p.kind = Proposal.Kind.JOINT
        p.save(update_fields=["kind", "updated_at"])
    _event(p, actor=actor, action="invite", comment=member.name)
    if member.user_id:
        title = _("%(name)s invites you to co-sign the proposal “%(title)s”") % {
            "name": p.first_proposer.name,
            "title": p.title,
        }
        notify(
            recipients=[member.user],
            kind="proposal.cosign_invitation",
            title=title,
            target=p,
            url=_url(p),
        )
        open_deadline(
            target=cosigner,
            duty=DUTY["cosigner"],
            due_on=due,
            responsible=[member.user],
            title=title,
            url=_url(p),
        )
    return cosigner


@transaction.atomic
def remove_cosigner(*, actor, cosigner: CoSigner):
    p = Proposal.objects.select_for_update().get(pk=cosigner.proposal_id)
    _require_first_proposer(actor, p)
    if not workflow.meta(p).proposer_edits:
        raise ValidationError(_("This proposal can no longer be edited."))
    close_deadline(target=cosigner, duty=DUTY["cosigner"], cancelled=True)
    _event(p, actor=actor, action="uninvite", comment=cosigner.member.name)
    cosigner.delete()


@transaction.atomic
def respond_cosign(*, actor, cosigner: CoSigner, accept: bool) -> CoSigner:
    cosigner = (
        CoSigner.objects.select_for_update()
        .select_related("proposal", "member")
        .get(pk=cosigner.pk)
    )
    if cosigner.member.user_id != actor.pk:
        raise PermissionDenied(_("This invitation is not yours."))
    if cosigner.state != CoSigner.State.INVITED:
        raise ValidationError(_("This invitation has already been answered."))
    if cosigner.due_on < _today():
        raise ValidationError(_("The time to confirm has passed."))
    p = cosigner.proposal
    if p.status not in {S.DRAFT, S.SUBMITTED, S.RETURNED}:
        raise ValidationError(_("This proposal has already been reviewed."))
    cosigner.state = CoSigner.State.CONFIRMED if accept else CoSigner.State.DECLINED
    cosigner.responded_at = timezone.now()
    cosigner.save(update_fields=["state", "responded_at"])
    close_deadline(target=cosigner, duty=DUTY["cosigner"])
    _event(
        p,
        actor=actor,
        action="cosign_confirm" if accept else "cosign_decline",
        comment=cosigner.member.name,
    )
    if p.first_proposer.user_id:
        notify(
            recipients=[p.first_proposer.user],
            kind="proposal.cosign_answer",
            title=(
                _("%(name)s confirmed co-signing “%(title)s”")
                if accept
                else _("%(name)s declined co-signing “%(title)s”")
            )
            % {"name": cosigner.member.name, "title": p.title},
            target=p,
            url=_url(p),
        )
    return cosigner


def expire_cosigners(today=None) -> int:
    """Co-signers who did not confirm in time drop off."""
    today = today or _today()
    n = 0
    for c in CoSigner.objects.filter(state=CoSigner.State.INVITED, due_on__lt=today).select_related(
        "proposal", "member"
    ):
        with transaction.atomic():
            c.state = CoSigner.State.EXPIRED
            c.save(update_fields=["state"])
            close_deadline(target=c, duty=DUTY["cosigner"], cancelled=True)
            _event(c.proposal, actor=None, action="cosign_expired", comment=c.member.name)
            n += 1
    return n


# --- submission ------------------------------------------------------------------------------


@transaction.atomic
def submit(*, actor, proposal: Proposal) -> Proposal:
    p = _lock(proposal)
    _require_first_proposer(actor, p)
    workflow.check(p, "submit")
    errors = {}
    if not p.title.strip():
        errors["title"] = _("Title may not be empty.")
    if not p.analysis.strip():
        errors["analysis"] = _("Give the situation analysis.")
    if not p.suggestions.strip():
        errors["suggestions"] = _("Give concrete suggestions.")
    if p.category_id is None:
        errors["category"] = _("Choose a category.")
    if errors:
        raise ValidationError(errors)
    p.is_plenary = p.session.in_plenary_window(_today())
    p.submitted_at = timezone.now()
    _move(p, "submit", actor=actor, save_fields=("is_plenary", "submitted_at"))
    return _sync(proposal, p)


@transaction.atomic
def withdraw(*, actor, proposal: Proposal, comment: str = "") -> Proposal:
    p = _lock(proposal)
    _require_first_proposer(actor, p)
    _move(p, "withdraw", actor=actor, comment=comment)
    for c in p.cosigners.filter(state=CoSigner.State.INVITED):
        close_deadline(target=c, duty=DUTY["cosigner"], cancelled=True)
    return _sync(proposal, p)


# --- review (立) ---------------------------------------------------------------------------


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


def _duty_proposers(p):
    cosigners = [
        c.member
        for c in p.cosigners.select_related("member").filter(state=CoSigner.State.CONFIRMED)
    ]
    return p.first_proposer, cosigners


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
def consent_to_conversion(*, actor, proposal: Proposal) -> Proposal:
    """The proposer agrees that a not-registered proposal becomes a social-opinion report;
    proposal staff are asked to convert it."""
    p = _lock(proposal)
    _require_first_proposer(actor, p)
    if p.status != S.NOT_REGISTERED:
        raise ValidationError(_("Only a proposal that was not registered can be converted."))
    if p.conversion_consent_at:
        raise ValidationError(_("You have already agreed to convert this proposal."))
    p.conversion_consent_at = p.conversion_requested_at = timezone.now()
    _touch(p, "conversion_consent_at", "conversion_requested_at")
    _event(p, actor=actor, action="consent", comment=_("Consent to conversion recorded"))
    notify(
        recipients=staff_users(),
        kind="proposal.conversion_consent",
        title=_("The proposer agrees to convert “%(title)s” into a social-opinion report")
        % {"title": p.title},
        target=p,
        url=_url(p),
    )
    return _sync(proposal, p)


@transaction.atomic
def convert_to_report(*, actor, proposal: Proposal):
    """转社情民意: staff convert a not-registered proposal whose proposer consented."""
    from proposals.opinions.services import create_report_from_conversion

    _require_staff(actor)
    p = _lock(proposal)
    if p.status != S.NOT_REGISTERED or not p.conversion_consent_at:
        raise ValidationError(
            _("Only a not-registered proposal whose proposer consented can be converted.")
        )
    if p.converted_id:
        raise ValidationError(_("This proposal has already been converted."))
    report = create_report_from_conversion(
        actor=actor,
        member=p.first_proposer,
        title=p.title,
        content=f"{p.analysis}\n\n{p.suggestions}".strip(),
        source=p,
    )
    p.converted_type = ContentType.objects.get_for_model(report)
    p.converted_id = report.pk
    _touch(p, "converted_type", "converted_id")
    _event(p, actor=actor, action="convert", comment=str(report))
    return _sync(proposal, p), report


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


# --- assignment (办) -------------------------------------------------------------------------


@transaction.atomic
def assign(
    *, actor, proposal: Proposal, lead=None, co_units=(), split_units=(), comment: str = ""
) -> Proposal:
    """交办: one lead unit (+ co-units), or split handling among several units."""
    _require_staff(actor)
    p = _lock(proposal)
    workflow.check(p, "assign")
    co_units, split_units = list(co_units or ()), list(split_units or ())
    if lead and split_units:
        raise ValidationError(_("Choose either a lead unit (with co-units) or split handling."))
    if not lead and not split_units:
        raise ValidationError(_("Choose a lead unit or the units for split handling."))
    if co_units and not lead:
        raise ValidationError(_("Co-units need a lead unit."))
    units = ([lead] if lead else []) + co_units + split_units
    if len({u.pk for u in units}) != len(units):
        raise ValidationError(_("A unit can be chosen only once."))
    inactive = [u.name for u in units if not u.is_active]
    if inactive:
        raise ValidationError(_("Inactive unit: %(names)s") % {"names": "、".join(inactive)})
    config, today = _config(), _today()
    return_due = calendar.add_working_days(today, config.return_window_working_days)
    reply_due = calendar.add_months(today, config.reply_months)
    views_due = calendar.add_months(today, config.co_unit_months)
    roles = (
        ([(lead, Assignment.Role.LEAD)] if lead else [])
        + [(u, Assignment.Role.CO) for u in co_units]
        + [(u, Assignment.Role.SPLIT) for u in split_units]
    )
    p.assigned_at = timezone.now()
    p.reply_due_on = reply_due
    _move(
        p,
        "assign",
        actor=actor,
        comment=comment or "、".join(f"{u.name}({r.label})" for u, r in roles),
        save_fields=("assigned_at", "reply_due_on"),
    )
    for unit, role in roles:
        a = Assignment.objects.create(
            proposal=p,
            unit=unit,
            role=role,
            return_due_on=return_due,
            due_on=views_due if role == Assignment.Role.CO else reply_due,
        )
        _open_unit_deadlines(a, p)
        notify(
            recipients=unit_users(unit),
            kind="proposal.assigned",
            title=_("Proposal %(number)s assigned to your unit (%(role)s)")
            % {"number": p.number_display, "role": role.label},
            body=p.title,
            target=p,
            url=_url(p),
        )
    return _sync(proposal, p)


def _open_unit_deadlines(a: Assignment, p: Proposal):
    escalation = _escalation(a.unit, p)
    responsible = unit_users(a.unit)
    open_deadline(
        target=a,
        duty=DUTY["signfor"],
        due_on=a.return_due_on,
        responsible=responsible,
        title=_("Sign for proposal %(number)s") % {"number": p.number_display},
        url=_url(p),
        escalation=escalation,
        unit_id=a.unit_id,
        unit_name=a.unit.name,
    )
    duty = DUTY["views"] if a.role == Assignment.Role.CO else DUTY["reply"]
    open_deadline(
        target=a,
        duty=duty,
        due_on=a.due_on,
        responsible=responsible,
        title=(
            _("Send your views on proposal %(number)s to the lead unit")
            if a.role == Assignment.Role.CO
            else _("Reply to proposal %(number)s")
        )
        % {"number": p.number_display},
        url=_url(p),
        escalation=escalation,
        unit_id=a.unit_id,
        unit_name=a.unit.name,
    )


def _lock_assignment(assignment, actor):
    a = Assignment.objects.select_for_update().select_related("unit").get(pk=assignment.pk)
    _require_unit(actor, a)
    return a


@transaction.atomic
def sign_for(*, actor, assignment: Assignment) -> Assignment:
    a = _lock_assignment(assignment, actor)
    p = Proposal.objects.select_for_update().get(pk=a.proposal_id)
    if a.state != Assignment.State.ACTIVE:
        raise ValidationError(_("This assignment is not active."))
    if a.signed_at:
        raise ValidationError(_("Your unit has already signed for this proposal."))
    if not workflow.meta(p).units_act:
        raise ValidationError(_("This proposal is not with the units now."))
    a.signed_at, a.signed_by = timezone.now(), actor
    a.save(update_fields=["signed_at", "signed_by"])
    close_deadline(target=a, duty=DUTY["signfor"])
    if a.role != Assignment.Role.CO and p.status == S.ASSIGNED:
        _move(p, "sign_for", actor=actor, comment=a.unit.name)
    else:
        _touch(p)
        _event(p, actor=actor, action="sign_for", comment=a.unit.name)
    return a


@transaction.atomic
def request_return(*, actor, assignment: Assignment, reason: str) -> ReturnRequest:
    """The unit says it is not its business; staff decide and reassign (the unit may not pass it on)."""
    a = _lock_assignment(assignment, actor)
    reason = _clean_text(reason, field="reason", label=_("Reason"), max_length=2000)
    if a.state != Assignment.State.ACTIVE:
        raise ValidationError(_("This assignment is not active."))
    if a.signed_at:
        raise ValidationError(
            _("Your unit has signed for this proposal; it can no longer be returned.")
        )
    if _today() > a.return_due_on:
        raise ValidationError(_("The window for asking to return this proposal has passed."))
    a.state = Assignment.State.RETURN_REQUESTED
    a.save(update_fields=["state"])
    req = ReturnRequest.objects.create(assignment=a, reason=reason, requested_by=actor)
    p = a.proposal
    _event(p, actor=actor, action="return_request", comment=f"{a.unit.name}: {reason}")
    notify(
        recipients=staff_users(),
        kind="proposal.return_request",
        title=_("%(unit)s asks to return proposal %(number)s")
        % {"unit": a.unit.name, "number": p.number_display},
        body=reason,
        target=p,
        url=_url(p),
    )
    return req


@transaction.atomic
def decide_return(*, actor, request: ReturnRequest, approve: bool, note: str = "") -> ReturnRequest:
    _require_staff(actor)
    req = ReturnRequest.objects.select_for_update().get(pk=request.pk)
    if req.state != ReturnRequest.State.PENDING:
        raise ValidationError(_("This request has already been decided."))
    a = Assignment.objects.select_for_update().select_related("unit").get(pk=req.assignment_id)
    p = Proposal.objects.select_for_update().get(pk=a.proposal_id)
    req.state = ReturnRequest.State.APPROVED if approve else ReturnRequest.State.REJECTED
    req.decided_by, req.decided_at, req.decision_note = actor, timezone.now(), note[:2000]
    req.save()
    if approve:
        a.state = Assignment.State.RELEASED
        a.save(update_fields=["state"])
        for duty in (DUTY["signfor"], DUTY["views"], *REPLY_DUTIES):
            close_deadline(target=a, duty=duty, cancelled=True)
        others = p.assignments.exclude(pk=a.pk).exclude(state=Assignment.State.RELEASED)
        needs_new = a.role == Assignment.Role.LEAD or (
            a.role == Assignment.Role.SPLIT
            and not others.filter(role=Assignment.Role.SPLIT).exists()
        )
        if needs_new:
            for other in others:  # co-units follow the lead back to staff
                other.state = Assignment.State.RELEASED
                other.save(update_fields=["state"])
                for duty in (DUTY["signfor"], DUTY["views"], *REPLY_DUTIES):
                    close_deadline(target=other, duty=duty, cancelled=True)
            p.reply_due_on = None
            _move(
                p,
                "release",
                actor=actor,
                comment=f"{a.unit.name}: {note}".strip(": "),
                save_fields=("reply_due_on",),
            )
        else:
            _touch(p)
            _event(p, actor=actor, action="return_approved", comment=a.unit.name)
    else:
        a.state = Assignment.State.ACTIVE
        a.save(update_fields=["state"])
        _event(p, actor=actor, action="return_rejected", comment=f"{a.unit.name}: {note}")
    notify(
        recipients=unit_users(a.unit),
        kind="proposal.return_decided",
        title=(
            _("Return of proposal %(number)s approved")
            if approve
            else _("Return of proposal %(number)s refused; please handle it")
        )
        % {"number": p.number_display},
        body=note,
        target=p,
        url=_url(p),
    )
    return req


@transaction.atomic
def record_communication(
    *, actor, assignment: Assignment, method: str, occurred_on: date, summary: str
) -> Communication:
    a = _lock_assignment(assignment, actor)
    p = Proposal.objects.select_for_update().get(pk=a.proposal_id)
    if a.state != Assignment.State.ACTIVE or not a.signed_at:
        raise ValidationError(_("Sign for the proposal before recording contacts."))
    if not workflow.meta(p).units_act:
        raise ValidationError(_("This proposal is not with the units now."))
    if method not in Communication.Method.values:
        raise ValidationError({"method": _("Choose how you contacted the proposer.")})
    if occurred_on is None or occurred_on > _today():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    summary = _clean_text(summary, field="summary", label=_("Summary"), max_length=4000)
    c = Communication.objects.create(
        proposal=p,
        unit=a.unit,
        method=method,
        occurred_on=occurred_on,
        summary=summary,
        round=p.rehandling_rounds + 1,
        recorded_by=actor,
    )
    _event(
        p,
        actor=actor,
        action="communicate",
        comment=f"{a.unit.name} · {c.get_method_display()}: {summary[:200]}",
    )
    return c


@transaction.atomic
def send_views(*, actor, assignment: Assignment, views: str) -> Assignment:
    a = _lock_assignment(assignment, actor)
    if a.role != Assignment.Role.CO:
        raise ValidationError(_("Only co-units send views to the lead unit."))
    if a.state != Assignment.State.ACTIVE:
        raise ValidationError(_("This assignment is not active."))
    if a.views_at:
        raise ValidationError(_("Your unit has already sent its views."))
    p = a.proposal
    if not workflow.meta(p).units_act:
        raise ValidationError(_("This proposal is not with the units now."))
    a.views = _clean_text(views, field="views", label=_("Views"), max_length=8000)
    a.views_at = timezone.now()
    if not a.signed_at:
        a.signed_at, a.signed_by = a.views_at, actor
        close_deadline(target=a, duty=DUTY["signfor"])
    a.save(update_fields=["views", "views_at", "signed_at", "signed_by"])
    close_deadline(target=a, duty=DUTY["views"])
    _event(p, actor=actor, action="co_views", comment=a.unit.name)
    lead = p.assignments.filter(role=Assignment.Role.LEAD, state=Assignment.State.ACTIVE).first()
    if lead:
        notify(
            recipients=unit_users(lead.unit),
            kind="proposal.co_views",
            title=_("%(unit)s sent its views on proposal %(number)s")
            % {"unit": a.unit.name, "number": p.number_display},
            target=p,
            url=_url(p),
        )
    return a


@transaction.atomic
def reply(
    *,
    actor,
    assignment: Assignment,
    result: str,
    text: str,
    signer: str,
    document=None,
    is_public: bool = True,
) -> Reply:
    """The written reply; once every replying unit has answered, the proposer evaluates."""
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
    if not Communication.objects.filter(proposal=p, unit=a.unit).exists():
        raise ValidationError(_("Consult the proposer before replying: record the contact first."))
    round_ = p.rehandling_rounds + 1
    if Reply.objects.filter(proposal=p, unit=a.unit, round=round_).exists():
        raise ValidationError(_("Your unit has already replied in this round."))
    r = Reply(
        proposal=p,
        unit=a.unit,
        round=round_,
        result=result,
        text=text,
        signer=signer,
        is_public=is_public,
        replied_by=actor,
    )
    if document is not None:
        r.document_name = document.name[:200]
        r.document.save(document.name, document, save=False)
    r.save()
    for duty in REPLY_DUTIES:
        close_deadline(target=a, duty=duty)
    replying = p.assignments.filter(
        role__in=[Assignment.Role.LEAD, Assignment.Role.SPLIT], state=Assignment.State.ACTIVE
    )
    replied_units = set(
        Reply.objects.filter(proposal=p, round=round_).values_list("unit_id", flat=True)
    )
    if any(x.unit_id not in replied_units for x in replying):
        _touch(p)
        _event(p, actor=actor, action="unit_reply", comment=f"{a.unit.name}: {result}")
        return r
    config = _config()
    p.evaluation_due_on = calendar.add_working_days(_today(), config.evaluation_working_days)
    _move(
        p,
        "reply",
        actor=actor,
        comment=f"{a.unit.name}: {config.result_label(result)}",
        save_fields=("evaluation_due_on",),
    )
    first_user = p.first_proposer.user
    if first_user:
        open_deadline(
            target=p,
            duty=DUTY["evaluation"],
            due_on=p.evaluation_due_on,
            responsible=[first_user],
            title=_("Evaluate the reply to proposal %(number)s") % {"number": p.number_display},
            url=_url(p),
        )
    notify(
        recipients=proposer_users(p),
        kind="proposal.replied",
        title=_("Proposal %(number)s has been replied to; please evaluate the reply by %(due)s")
        % {"number": p.number_display, "due": p.evaluation_due_on.isoformat()},
        target=p,
        url=_url(p),
    )
    return r


@transaction.atomic
def rate_quality(
    *, actor, assignment: Assignment, topic: int, analysis: int, feasibility: int, comment=""
) -> QualityRating:
    a = _lock_assignment(assignment, actor)
    if a.state == Assignment.State.RELEASED:
        raise ValidationError(_("This assignment is not active."))
    if QualityRating.objects.filter(proposal_id=a.proposal_id, unit=a.unit).exists():
        raise ValidationError(_("Your unit has already rated this proposal."))
    rating = QualityRating(
        proposal_id=a.proposal_id,
        unit=a.unit,
        topic=topic,
        analysis=analysis,
        feasibility=feasibility,
        comment=(comment or "")[:2000],
        rated_by=actor,
    )
    rating.full_clean()
    rating.save()
    _event(
        a.proposal,
        actor=actor,
        action="quality_rating",
        comment=f"{a.unit.name}: {topic}/{analysis}/{feasibility}",
    )
    return rating


@transaction.atomic
def request_extension(
    *, actor, assignment: Assignment, until: date, reason: str
) -> ExtensionRequest:
    a = _lock_assignment(assignment, actor)
    p = a.proposal
    if a.role == Assignment.Role.CO or a.state != Assignment.State.ACTIVE:
        raise ValidationError(_("Only an active lead or split unit may ask for more time."))
    if p.status not in {S.ASSIGNED, S.HANDLING}:
        raise ValidationError(_("An extension is possible only before the reply."))
    reason = _clean_text(reason, field="reason", label=_("Reason"), max_length=2000)
    if until is None or until <= a.due_on:
        raise ValidationError({"until": _("The new date must be after the current due date.")})
    limit = calendar.add_months(timezone.localdate(a.assigned_at), _config().extension_max_months)
    if until > limit:
        raise ValidationError({"until": _("At most until %(date)s.") % {"date": limit.isoformat()}})
    if a.extensions.filter(state=ExtensionRequest.State.PENDING).exists():
        raise ValidationError(_("A request for more time is already pending."))
    req = ExtensionRequest.objects.create(
        assignment=a, reason=reason, requested_until=until, requested_by=actor
    )
    _event(
        p,
        actor=actor,
        action="extension_request",
        comment=f"{a.unit.name}: {until.isoformat()} {reason}",
    )
    notify(
        recipients=staff_users(),
        kind="proposal.extension_request",
        title=_("%(unit)s asks for more time on proposal %(number)s")
        % {"unit": a.unit.name, "number": p.number_display},
        body=reason,
        target=p,
        url=_url(p),
    )
    return req


@transaction.atomic
def decide_extension(*, actor, request: ExtensionRequest, approve: bool) -> ExtensionRequest:
    _require_staff(actor)
    req = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if req.state != ExtensionRequest.State.PENDING:
        raise ValidationError(_("This request has already been decided."))
    a = Assignment.objects.select_for_update().select_related("unit").get(pk=req.assignment_id)
    p = Proposal.objects.select_for_update().get(pk=a.proposal_id)
    req.state = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REJECTED
    req.decided_by, req.decided_at = actor, timezone.now()
    req.save()
    if approve:
        a.due_on = req.requested_until
        a.save(update_fields=["due_on"])
        close_deadline(target=a, duty=DUTY["reply"], cancelled=True)
        open_deadline(
            target=a,
            duty=DUTY["extension"],
            due_on=a.due_on,
            responsible=unit_users(a.unit),
            title=_("Reply to proposal %(number)s (extended)") % {"number": p.number_display},
            url=_url(p),
            escalation=_escalation(a.unit, p),
            unit_id=a.unit_id,
            unit_name=a.unit.name,
        )
        p.reply_due_on = max(p.reply_due_on or a.due_on, a.due_on)
        _touch(p, "reply_due_on")
    _event(
        p,
        actor=actor,
        action="extension_approved" if approve else "extension_rejected",
        comment=f"{a.unit.name}: {req.requested_until.isoformat()}",
    )
    notify(
        recipients=unit_users(a.unit),
        kind="proposal.extension_decided",
        title=(
            _("Extension for proposal %(number)s approved")
            if approve
            else _("Extension for proposal %(number)s refused")
        )
        % {"number": p.number_display},
        target=p,
        url=_url(p),
    )
    return req


# --- evaluation (评) ---------------------------------------------------------------------------


@transaction.atomic
def evaluate(
    *,
    actor,
    proposal: Proposal,
    satisfaction: str,
    score_before: int,
    score_during: int,
    score_reply: int,
    comment: str = "",
) -> Evaluation:
    """The first proposer's evaluation decides (不满意 → rehandling, up to the cap);
    confirmed co-signers may add theirs."""
    p = _lock(proposal)
    mid = member_id(actor)
    first = mid is not None and mid == p.first_proposer_id
    if not first and not p.cosigners.filter(member_id=mid, state=CoSigner.State.CONFIRMED).exists():
        raise PermissionDenied(_("Only the proposers may evaluate the reply."))
    if p.status != S.REPLIED:
        raise ValidationError(_("There is no reply to evaluate now."))
    round_ = p.rehandling_rounds + 1
    if Evaluation.objects.filter(proposal=p, member_id=mid, round=round_).exists():
        raise ValidationError(_("You have already evaluated this reply."))
    ev = Evaluation(
        proposal=p,
        member_id=mid,
        round=round_,
        satisfaction=satisfaction,
        score_before=score_before,
        score_during=score_during,
        score_reply=score_reply,
        comment=(comment or "").strip()[:4000],
    )
    ev.full_clean()
    ev.save()
    label = ev.get_satisfaction_display()
    if not first:
        _event(p, actor=actor, action="cosigner_evaluation", comment=label)
        return ev
    close_deadline(target=p, duty=DUTY["evaluation"])
    config = _config()
    if (
        satisfaction == Evaluation.Satisfaction.UNSATISFIED
        and p.rehandling_rounds < config.rehandling_cap
    ):
        due = calendar.add_months(_today(), config.rehandling_months)
        p.rehandling_rounds += 1
        p.reply_due_on = due
        p.evaluation_due_on = None
        _move(
            p,
            "rehandle",
            actor=actor,
            comment=f"{label} {ev.comment}".strip(),
            save_fields=("rehandling_rounds", "reply_due_on", "evaluation_due_on"),
        )
        for a in p.assignments.filter(
            role__in=[Assignment.Role.LEAD, Assignment.Role.SPLIT], state=Assignment.State.ACTIVE
        ).select_related("unit"):
            a.due_on = due
            a.save(update_fields=["due_on"])
            open_deadline(
                target=a,
                duty=DUTY["rehandling"],
                due_on=due,
                responsible=unit_users(a.unit),
                title=_("Handle proposal %(number)s again and reply")
                % {"number": p.number_display},
                url=_url(p),
                escalation=_escalation(a.unit, p),
                unit_id=a.unit_id,
                unit_name=a.unit.name,
            )
            notify(
                recipients=unit_users(a.unit),
                kind="proposal.rehandling",
                title=_(
                    "The proposer is not satisfied: handle proposal %(number)s again by %(due)s"
                )
                % {"number": p.number_display, "due": due.isoformat()},
                body=ev.comment,
                target=p,
                url=_url(p),
            )
    else:
        p.closed_at = timezone.now()
        _move(
            p,
            "close",
            actor=actor,
            comment=f"{label} {ev.comment}".strip(),
            save_fields=("closed_at",),
        )
        _close_assignments(p)
    return ev


def _close_assignments(p):
    for a in p.assignments.exclude(state=Assignment.State.RELEASED):
        for duty in (DUTY["signfor"], DUTY["views"], *REPLY_DUTIES):
            close_deadline(target=a, duty=duty, cancelled=True)
    p.assignments.filter(state=Assignment.State.ACTIVE).update(state=Assignment.State.DONE)


@transaction.atomic
def close_not_evaluated(*, proposal: Proposal, today=None) -> bool:
    """The evaluation window passed: the proposal closes, marked “not evaluated”."""
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    today = today or _today()
    if p.status != S.REPLIED or p.evaluation_due_on is None or p.evaluation_due_on >= today:
        return False
    p.not_evaluated = True
    p.closed_at = timezone.now()
    _move(p, "close_not_evaluated", actor=None, save_fields=("not_evaluated", "closed_at"))
    close_deadline(target=p, duty=DUTY["evaluation"], cancelled=True)
    _close_assignments(p)
    return True


# --- key, excellent, supervision (督) ----------------------------------------------------------


def _all_proposers(p):
    first, cosigners = _duty_proposers(p)
    return [first, *cosigners]


@transaction.atomic
def set_key(*, actor, proposal: Proposal, is_key: bool, leaders=()) -> Proposal:
    _require_staff(actor)
    p = _lock(proposal)
    if p.status not in workflow.REGISTERED_STATES:
        raise ValidationError(_("Only registered proposals can be key proposals."))
    leaders = list(leaders or ())
    if is_key and not leaders:
        raise ValidationError({"leaders": _("Choose at least one supervising leader.")})
    not_leaders = [u for u in leaders if not has_role(u, Role.LEADER)]
    if not_leaders:
        raise ValidationError({"leaders": _("Supervising leaders must hold the leader role.")})
    was_key = p.is_key
    p.is_key = is_key
    _touch(p, "is_key")
    p.supervising_leaders.set(leaders if is_key else [])
    day = _today()
    for m in _all_proposers(p):
        if is_key:
            record_duty(
                member=m,
                kind=DutyKind.PROPOSAL_KEY,
                source=p,
                occurred_on=day,
                title=str(p),
                recorded_by=actor,
            )
        elif was_key:
            void_duty(
                member=m, kind=DutyKind.PROPOSAL_KEY, source=p, reason=_("No longer a key proposal")
            )
    _event(
        p,
        actor=actor,
        action="key" if is_key else "unkey",
        comment="、".join(u.get_full_name() or u.username for u in leaders),
    )
    if is_key:
        notify(
            recipients=leaders,
            kind="proposal.key_supervision",
            title=_("You supervise key proposal %(number)s") % {"number": p.number_display},
            body=p.title,
            target=p,
            url=_url(p),
        )
        notify(
            recipients=proposer_users(p),
            kind="proposal.key",
            title=_("Your proposal %(number)s is a key proposal") % {"number": p.number_display},
            target=p,
            url=_url(p),
        )
    return _sync(proposal, p)


@transaction.atomic
def set_excellence(*, actor, proposal: Proposal, excellence: str) -> Proposal:
    """Nominate (提名) or select (评选) an excellent proposal; selection earns duty points."""
    _require_staff(actor)
    p = _lock(proposal)
    if p.status not in workflow.REGISTERED_STATES:
        raise ValidationError(_("Only registered proposals can be excellent proposals."))
    if excellence not in Proposal.Excellence.values:
        raise ValidationError(_("Unknown choice."))
    if excellence == Proposal.Excellence.SELECTED and p.excellence != Proposal.Excellence.NOMINATED:
        raise ValidationError(_("Nominate the proposal before selecting it."))
    old = p.excellence
    p.excellence = excellence
    _touch(p, "excellence")
    day = _today()
    for m in _all_proposers(p):
        if excellence == Proposal.Excellence.SELECTED:
            record_duty(
                member=m,
                kind=DutyKind.PROPOSAL_EXCELLENT,
                source=p,
                occurred_on=day,
                title=str(p),
                recorded_by=actor,
            )
        elif old == Proposal.Excellence.SELECTED:
            void_duty(
                member=m,
                kind=DutyKind.PROPOSAL_EXCELLENT,
                source=p,
                reason=_("No longer an excellent proposal"),
            )
    _event(p, actor=actor, action=f"excellent_{excellence or 'none'}")
    if excellence == Proposal.Excellence.SELECTED:
        notify(
            recipients=proposer_users(p),
            kind="proposal.excellent",
            title=_("Your proposal %(number)s was selected as an excellent proposal")
            % {"number": p.number_display},
            target=p,
            url=_url(p),
        )
    return _sync(proposal, p)


@transaction.atomic
def record_supervision(
    *, actor, proposal: Proposal, kind: str, occurred_on: date, note: str
) -> Supervision:
    if not is_leader(actor):
        raise PermissionDenied(_("Only leaders record supervision."))
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not p.is_key or not p.supervising_leaders.filter(pk=actor.pk).exists():
        raise PermissionDenied(_("You do not supervise this proposal."))
    if kind not in Supervision.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of supervision.")})
    if occurred_on is None or occurred_on > _today():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    note = _clean_text(note, field="note", label=_("Note"), max_length=4000)
    s = Supervision.objects.create(
        proposal=p, leader=actor, kind=kind, occurred_on=occurred_on, note=note
    )
    _event(p, actor=actor, action="supervision", comment=f"{s.get_kind_display()}: {note[:200]}")
    return s


@transaction.atomic
def record_instruction(*, actor, proposal: Proposal, text: str) -> Instruction:
    """批示: any leader on any registered proposal; the units and staff are told."""
    if not is_leader(actor):
        raise PermissionDenied(_("Only leaders record instructions."))
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if p.status not in workflow.REGISTERED_STATES:
        raise ValidationError(_("Instructions can be recorded on registered proposals only."))
    text = _clean_text(text, field="text", label=_("Instruction"), max_length=4000)
    ins = Instruction.objects.create(proposal=p, leader=actor, text=text)
    _event(p, actor=actor, action="instruction", comment=text[:200])
    _answer_instruction_request(p, actor, ins)
    recipients = staff_users()
    for a in p.assignments.exclude(state=Assignment.State.RELEASED).select_related("unit"):
        recipients += unit_users(a.unit)
    notify(
        recipients=recipients,
        kind="proposal.instruction",
        title=_("A leader's instruction on proposal %(number)s") % {"number": p.number_display},
        body=text,
        target=p,
        url=_url(p),
    )
    return ins


# --- instruction requests (呈请领导批示) ---------------------------------------------------------
# Staff ask a leader for an instruction on a proposal; the request waits in the leader's queue
# until the leader writes an instruction on it (record_instruction closes it) or staff withdraw it.


@transaction.atomic
def ask_for_instruction(*, actor, proposal: Proposal, leader, note: str) -> InstructionRequest:
    _require_staff(actor)
    if leader is None or not leader.is_active or not has_role(leader, Role.LEADER):
        raise ValidationError({"leader": _("Only a leader can be asked for an instruction.")})
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    # only where the leader can answer: record_instruction takes registered proposals only
    # (so never drafts, withdrawn or merged ones)
    if p.status not in workflow.REGISTERED_STATES:
        raise ValidationError(
            _(
                "This proposal is “%(state)s”: a leader's instruction can be asked for "
                "on registered proposals only."
            )
            % {"state": p.get_status_display()}
        )
    note = _clean_text(note, field="note", label=_("Note"), max_length=2000)
    if InstructionRequest.objects.filter(
        InstructionRequest.OPEN, proposal=p, leader=leader
    ).exists():
        raise ValidationError(
            {"leader": _("This leader has already been asked and has not answered yet.")}
        )
    req = InstructionRequest.objects.create(proposal=p, leader=leader, asked_by=actor, note=note)
    name = leader.get_full_name() or leader.username
    _event(p, actor=actor, action="instruction_asked", comment=f"{name}: {note[:200]}")
    notify(
        recipients=[leader],
        kind="proposal.instruction_request",
        title=_("Your instruction is asked on proposal %(number)s") % {"number": p.number_display},
        body=note,
        target=p,
        url=_url(p),
    )
    return req


@transaction.atomic
def withdraw_instruction_request(*, actor, request: InstructionRequest) -> InstructionRequest:
    _require_staff(actor)
    req = (
        InstructionRequest.objects.select_for_update()
        .select_related("proposal", "leader")
        .get(pk=request.pk)
    )
    if not req.is_open:
        raise ValidationError(_("This request is no longer open."))
    req.withdrawn_at = timezone.now()
    req.save(update_fields=["withdrawn_at"])
    name = req.leader.get_full_name() or req.leader.username
    _event(req.proposal, actor=actor, action="instruction_request_withdrawn", comment=name)
    notify(
        recipients=[req.leader],
        kind="proposal.instruction_request_withdrawn",
        title=_("The request for your instruction on proposal %(number)s was withdrawn")
        % {"number": req.proposal.number_display},
        target=req.proposal,
        url=_url(req.proposal),
    )
    return req


def _answer_instruction_request(p, leader, instruction):
    """The leader's instruction answers their open request on the proposal, if any."""
    InstructionRequest.objects.filter(InstructionRequest.OPEN, proposal=p, leader=leader).update(
        answered_at=instruction.created_at, instruction=instruction
    )


def _withdraw_open_instruction_requests(p, actor):
    """A merged proposal can no longer be instructed on: its open requests lapse."""
    if InstructionRequest.objects.filter(InstructionRequest.OPEN, proposal=p).update(
        withdrawn_at=timezone.now()
    ):
        _event(p, actor=actor, action="instruction_request_withdrawn", comment=_("Merged"))


# --- bulk work --------------------------------------------------------------------------------


def _bulk(items, fn):
    """Each item in its own transaction; a refusal names the proposal and why."""
    results = []
    for p in items:
        try:
            fn(p)
            results.append((p, True, ""))
        except (ValidationError, PermissionDenied) as exc:
            msg = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            results.append((p, False, msg))
    return results


def bulk_register(*, actor, proposals) -> list[tuple[Proposal, bool, str]]:
    _require_staff(actor)
    return _bulk(proposals, lambda p: register(actor=actor, proposal=p))


def bulk_assign(*, actor, proposals, lead, co_units=()) -> list[tuple[Proposal, bool, str]]:
    _require_staff(actor)
    return _bulk(proposals, lambda p: assign(actor=actor, proposal=p, lead=lead, co_units=co_units))


def handling_units():
    return HandlingUnit.objects.filter(is_active=True)
