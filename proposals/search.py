"""What the search box finds among proposals: those the user may see (selectors.visible_to),
by 案由, 案据 or 建议."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.search import Source

from .models import PROPOSAL_TEXTS

POSITION = 20


def _visible(user):
    from .selectors import visible_to

    return visible_to(user).select_related("session", "first_proposer")


def _meta(p):
    parts = [
        p.number_display or "",
        p.get_status_display(),
        p.first_proposer.name if p.first_proposer_id else "",
    ]
    return " · ".join(part for part in parts if part)


SOURCES = [
    Source(
        "proposals",
        _("Proposals"),
        _visible,
        "title",
        fields=("analysis", "suggestions"),
        index=PROPOSAL_TEXTS,
        order=("-created_at",),
        url=lambda p: reverse("proposals:detail", args=[p.pk]),
        meta=_meta,
        snippet_field="suggestions",
    )
]
