"""What every proposal document shares: the issuer, the proposers, the units, the copy."""

from django.conf import settings

from cppcc_portal.core.documents import chinese_date

from ..models import Assignment, CoSigner, Proposal


def issuer() -> str:
    return settings.DOCUMENT_ISSUER


def committee() -> str:
    """The proposal committee that signs the notices (区政协提案委员会)."""
    return f"{issuer()}提案委员会"


def prefetched(qs):
    return qs.select_related(
        "session", "category", "first_proposer__sector", "not_registered_ground"
    ).prefetch_related("cosigners__member__sector", "assignments__unit", "suggested_units")


def confirmed_cosigners(p: Proposal) -> list:
    return [c.member for c in p.cosigners.all() if c.state == CoSigner.State.CONFIRMED]


def live_assignments(p: Proposal) -> list:
    return [a for a in p.assignments.all() if a.state != Assignment.State.RELEASED]


def units_line(p: Proposal, role: str | None = None) -> str:
    units = live_assignments(p)
    if role == "co":
        units = [a for a in units if a.role == Assignment.Role.CO]
    elif role:
        units = [a for a in units if a.role != Assignment.Role.CO]
    return "、".join(a.unit.name for a in units)


def proposer_line(p: Proposal) -> str:
    if p.organisation:
        return p.organisation
    names = [p.first_proposer.name, *(m.name for m in confirmed_cosigners(p))]
    return "、".join(names)


def number(p: Proposal) -> str:
    return p.number_display or "（未立案）"


def day(value) -> str:
    return chinese_date(value)
