"""提: drafting, co-signers and submission."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.notifications.services import close_deadline, notify, open_deadline
from members.models import Member
from members.terms.guard import ensure_term_open

from .. import workflow
from ..models import (
    TITLE_MAX,
    Attachment,
    CoSigner,
    Proposal,
)
from ..rules import member_id
from ._base import (
    DUTY,
    S,
    _clean_text,
    _config,
    _current_session,
    _event,
    _lock,
    _move,
    _require_first_proposer,
    _sync,
    _today,
    _url,
    check_plenary_window,
)

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
        title=_clean_text(
            title, field="title", label=pgettext("proposal", "Title"), max_length=TITLE_MAX
        ),
        analysis=analysis or "",
        suggestions=suggestions or "",
        category=category,
        kind=kind,
        organisation=organisation or "",
        created_by=actor,
    )
    ensure_term_open(proposal.session.term_id)
    proposal.full_clean()
    proposal.save()
    if suggested_units:
        proposal.suggested_units.set(suggested_units)
    _event(proposal, actor=actor, action="create", to_state=S.DRAFT)
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
        title=_clean_text(
            title, field="title", label=pgettext("proposal", "Title"), max_length=TITLE_MAX
        ),
        analysis=analysis or "",
        suggestions=suggestions or "",
        created_by=actor,
    )
    if source is not None:
        proposal.source_type = ContentType.objects.get_for_model(source)
        proposal.source_id = source.pk
    ensure_term_open(proposal.session.term_id)
    proposal.full_clean()
    proposal.save()
    _event(
        proposal,
        actor=actor,
        action="create_from",
        to_state=S.DRAFT,
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
            fields["title"],
            field="title",
            label=pgettext("proposal", "Title"),
            max_length=TITLE_MAX,
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
def submit(*, actor, proposal: Proposal, disclose: bool | None = None) -> Proposal:
    """Send the proposal to the office; `disclose` is the answer to the disclosure question
    the submit form asks (None: the agreement stays as it is)."""
    from .disclosure import record_consent

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
    check_plenary_window(p.kind, p.session, _today())
    p.is_plenary = p.session.in_plenary_window(_today())
    p.submitted_at = timezone.now()
    if disclose is not None:
        record_consent(p, actor=actor, agree=disclose)
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
