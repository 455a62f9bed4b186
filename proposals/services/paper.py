"""代录入: proposal staff enter a proposal a member or an organisation handed in on a paper
提案表 (DOMAIN §2.4). Every field of the form, the scan of the paper as an attachment, the day
it was handed in — which decides plenary vs between-session, and the session — and the
co-signers who confirmed on the paper. It arrives as submitted, awaiting review."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cppcc_portal.notifications.services import notify
from members.models import Member, Session

from ..models import TITLE_MAX, Attachment, CoSigner, Proposal
from ._base import (
    S,
    _clean_text,
    _event,
    _require_staff,
    _today,
    _url,
    check_plenary_window,
    proposer_users,
)

BODY_LIMIT = 20000


@transaction.atomic
def enter_on_paper(
    *,
    actor,
    first_proposer: Member,
    handed_in_on: date,
    title: str,
    analysis: str,
    suggestions: str,
    category,
    scan,
    kind: str = Proposal.Kind.INDIVIDUAL,
    organisation: str = "",
    suggested_units=(),
    cosigners=(),
    session: Session | None = None,
) -> Proposal:
    _require_staff(actor)
    errors = {}
    if first_proposer is None or first_proposer.status != Member.Status.SITTING:
        errors["first_proposer"] = _("Choose a sitting member as the first proposer.")
    if handed_in_on is None or handed_in_on > _today():
        errors["handed_in_on"] = _("Give the day it was handed in (not in the future).")
    elif session is None:
        session = Session.for_date(handed_in_on)
        if session is None:
            errors["handed_in_on"] = _("No session takes proposals on that day.")
    if kind not in Proposal.Kind.values:
        errors["kind"] = _("Choose the kind of proposal.")
    for name, value in (("analysis", analysis), ("suggestions", suggestions)):
        if not (value or "").strip():
            errors[name] = (
                _("Give the situation analysis.")
                if name == "analysis"
                else _("Give concrete suggestions.")
            )
        elif len(value) > BODY_LIMIT:
            errors[name] = _("At most %(n)d characters.") % {"n": BODY_LIMIT}
    if category is None:
        errors["category"] = _("Choose a category.")
    if scan is None:
        errors["scan"] = _("Attach the scan of the paper form.")
    cosigners = list(dict.fromkeys(cosigners or ()))
    if first_proposer is not None and first_proposer in cosigners:
        errors["cosigners"] = _("The first proposer cannot co-sign their own proposal.")
    elif any(m.status != Member.Status.SITTING for m in cosigners):
        errors["cosigners"] = _("Only sitting members may co-sign.")
    if errors:
        raise ValidationError(errors)
    title = _clean_text(
        title, field="title", label=pgettext("proposal", "Title"), max_length=TITLE_MAX
    )
    check_plenary_window(kind, session, handed_in_on)
    if cosigners and kind == Proposal.Kind.INDIVIDUAL:
        kind = Proposal.Kind.JOINT
    now = timezone.now()
    p = Proposal(
        session=session,
        first_proposer=first_proposer,
        title=title,
        analysis=analysis.strip(),
        suggestions=suggestions.strip(),
        category=category,
        kind=kind,
        organisation=(organisation or "").strip(),
        status=S.SUBMITTED,
        is_plenary=session.in_plenary_window(handed_in_on),
        submitted_at=now,
        handed_in_on=handed_in_on,
        entered_by=actor,
        created_by=actor,
    )
    p.full_clean()
    p.save()
    if suggested_units:
        p.suggested_units.set(suggested_units)
    CoSigner.objects.bulk_create(
        CoSigner(
            proposal=p,
            member=m,
            state=CoSigner.State.CONFIRMED,
            due_on=handed_in_on,
            responded_at=now,
            on_paper=True,
        )
        for m in cosigners
    )
    att = Attachment(
        proposal=p, name=scan.name[:200], size=scan.size or 0, uploaded_by=actor, is_paper_scan=True
    )
    att.file.save(scan.name, scan, save=False)
    att.save()
    staff = actor.get_full_name() or actor.username
    _event(
        p,
        actor=actor,
        action="enter_on_paper",
        to_state=S.SUBMITTED,
        comment=_("Entered by %(staff)s from the paper form handed in on %(date)s")
        % {"staff": staff, "date": handed_in_on.isoformat()}
        + (
            "；"
            + _("co-signers confirmed on paper: %(names)s")
            % {"names": "、".join(m.name for m in cosigners)}
            if cosigners
            else ""
        ),
    )
    notify(
        recipients=proposer_users(p),
        kind="proposal.entered_on_paper",
        title=_("Proposal staff entered your paper proposal “%(title)s”; it awaits review")
        % {"title": p.title},
        target=p,
        url=_url(p),
    )
    return p
