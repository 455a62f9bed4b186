"""What the search box finds among social-opinion reports: those the user may see
(selectors.visible_to), by title, situation or suggestions."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.search import Source

from .models import REPORT_TEXTS

POSITION = 30


def _visible(user):
    from .selectors import visible_to

    return visible_to(user).select_related("member")


def _meta(r):
    date = r.submitted_at.date().isoformat() if r.submitted_at else ""
    return " · ".join(part for part in (r.get_state_display(), date) if part)


SOURCES = [
    Source(
        "reports",
        _("Social-opinion reports"),
        _visible,
        "title",
        fields=("problem", "suggestion"),
        index=REPORT_TEXTS,
        order=("-created_at",),
        url=lambda r: reverse("opinions:detail", args=[r.pk]),
        meta=_meta,
        snippet_field="problem",
    )
]
