"""What the search box finds among consultations: those the user may see
(selectors.consultations_visible_to), by topic."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.search import Source

POSITION = 40


def _visible(user):
    from .selectors import consultations_visible_to

    return consultations_visible_to(user)


def _meta(c):
    return " · ".join((c.scheduled_on.isoformat(), c.get_state_display()))


SOURCES = [
    Source(
        "consultations",
        _("Consultations"),
        _visible,
        "topic",
        fields=("lead_leader",),
        order=("-scheduled_on",),
        url=lambda c: reverse("consultations:detail", args=[c.pk]),
        meta=_meta,
    )
]
