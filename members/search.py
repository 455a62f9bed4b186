"""What the search box finds in the member registry: for those who may read the registry
(staff and leaders), members by name, number or work unit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.search import Source

POSITION = 70


def _registry(user):
    from .selectors import can_view_registry, members_visible_to

    return members_visible_to(user) if can_view_registry(user) else None


SOURCES = [
    Source(
        "members",
        _("Members"),
        _registry,
        "name",
        fields=("number", "work_unit"),
        order=("number",),
        url=lambda m: reverse("members:detail", args=[m.pk]),
        meta=lambda m: " · ".join(
            part for part in (m.number, m.sector.name if m.sector_id else "", m.work_unit) if part
        ),
    )
]
