"""The term change (换届): a new term with its sessions; re-appointed members carried over
(their 连任届数 grows by one), the others marked as having left office with their history kept;
the points table copied for the new term (editable there); the old term closed (read-only)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import Role, has_role

from ..models import EvaluationBand, Member, PointRule, Session, Term

# what other parts do at a term change: fn(*, old, new, leavers, actor) (e.g. stations close
# the open assignments of members who left); registered in their AppConfig.ready()
_HOOKS: list = []


def on_term_change(hook) -> None:
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def may_change_term(user) -> bool:
    """Liaison staff (members' assignment) and proposal staff, plus administrators."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or has_role(user, Role.LIAISON_STAFF, Role.PROPOSAL_STAFF))
    )


def outgoing_members(term: Term):
    """The sitting members of a term, with how many terms each has served (连任届数)."""
    return (
        Member.objects.filter(
            pk__in=Member.terms.through.objects.filter(term=term).values("member_id"),
            status=Member.Status.SITTING,
        )
        .select_related("sector")
        .annotate(terms_served=Count("terms", distinct=True))
        .order_by("number")
    )


@dataclass
class TermChange:
    old: Term
    new: Term
    sessions: list = field(default_factory=list)
    carried: list = field(default_factory=list)
    left: list = field(default_factory=list)
    point_rules: int = 0
    bands: int = 0


def _copy_points_table(old: Term, new: Term) -> tuple[int, int]:
    """The effective rows of the old term (its own, else the default) become the new term's."""
    rules = {r.kind: r for r in PointRule.objects.filter(term__isnull=True)}
    rules.update({r.kind: r for r in PointRule.objects.filter(term=old)})
    PointRule.objects.bulk_create(
        PointRule(term=new, kind=r.kind, points=r.points, yearly_cap=r.yearly_cap)
        for r in rules.values()
    )
    bands = list(EvaluationBand.objects.filter(term=old)) or list(
        EvaluationBand.objects.filter(term__isnull=True)
    )
    for band in bands:
        band.pk = None
        band.term = new
    EvaluationBand.objects.bulk_create(bands)
    return len(rules), len(bands)


def _sessions(new: Term, sessions) -> list[Session]:
    made = []
    for i, data in enumerate(sessions, start=1):
        s = Session(
            term=new,
            number=data.get("number") or i,
            **{k: v for k, v in data.items() if k != "number"},
        )
        s.full_clean(exclude=["term"])
        s.save()
        made.append(s)
    return made


@transaction.atomic
def open_new_term(
    *,
    actor,
    number: int,
    name: str,
    start_date,
    end_date,
    sessions=(),
    reappointed=(),
    confirmed: bool = False,
) -> TermChange:
    """Open the next term. `reappointed`: members (or their pks) of the outgoing term who sit
    again; every other sitting member of it is marked as having left office."""
    from cppcc_portal.audit.models import Action
    from cppcc_portal.audit.services import audit

    if not may_change_term(actor):
        raise PermissionDenied(_("Only liaison or proposal staff may open a new term."))
    if not confirmed:
        raise ValidationError({"confirmed": _("Confirm the term change: it cannot be undone.")})
    old = Term.objects.select_for_update().filter(is_current=True).first()
    if old is None:
        raise ValidationError(_("There is no current term to hand over."))
    errors = {}
    if number <= old.number:
        errors["number"] = _("The new term's number must be greater than %(n)d.") % {
            "n": old.number
        }
    if Term.objects.filter(number=number).exists():
        errors["number"] = _("A term with this number exists already.")
    if start_date <= old.start_date:
        errors["start_date"] = _("The new term must start after the outgoing one started.")
    if end_date <= start_date:
        errors["end_date"] = _("The end date must come after the start date.")
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    old.is_current = False
    old.closed_at = now
    old.closed_by = actor
    if old.end_date >= start_date:  # the outgoing term ends the day before the new one
        old.end_date = start_date - timedelta(days=1)
    old.save(update_fields=["is_current", "closed_at", "closed_by", "end_date"])
    new = Term(number=number, name=name, start_date=start_date, end_date=end_date, is_current=True)
    new.full_clean(exclude=["is_current"])
    new.save()
    change = TermChange(old=old, new=new, sessions=_sessions(new, sessions))

    outgoing = list(outgoing_members(old))
    keep = {getattr(m, "pk", m) for m in reappointed}
    stray = keep - {m.pk for m in outgoing}
    if stray:
        raise ValidationError(_("Only sitting members of the outgoing term can be re-appointed."))
    for member in outgoing:
        if member.pk in keep:
            member.terms.add(new)
            member.terms_served += 1
            change.carried.append(member)
        else:
            change.left.append(member)
    Member.objects.filter(pk__in=[m.pk for m in change.left]).update(
        status=Member.Status.LEFT, updated_at=now
    )
    change.point_rules, change.bands = _copy_points_table(old, new)
    for hook in _HOOKS:
        hook(old=old, new=new, leavers=[m.pk for m in change.left], actor=actor)

    audit(
        user=actor,
        action=Action.ADMIN_CHANGE,
        target=new,
        detail=_(
            "Term change from %(old)s to %(new)s: %(sessions)d sessions, %(carried)d members "
            "re-appointed, %(left)d left office, %(rules)d points rows copied; %(old)s is "
            "read-only"
        )
        % {
            "old": old.name,
            "new": new.name,
            "sessions": len(change.sessions),
            "carried": len(change.carried),
            "left": len(change.left),
            "rules": change.point_rules,
        },
    )
    return change


def terms_served(member: Member) -> int:
    """连任届数: the terms a member has served."""
    return member.terms.count()
