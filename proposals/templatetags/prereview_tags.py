"""The pre-review's findings in the staff review queue: a badge per proposal, its rules named
in the title. The district's settings are read once per page, not once per row."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..prereview import prereview

register = template.Library()


@register.simple_tag(takes_context=True)
def prereview_badge(context, proposal):
    cache = context.render_context
    if "prereview_settings" not in cache:
        from ..models import ProposalSettings

        cache["prereview_settings"] = ProposalSettings.get()
    review = prereview(
        title=proposal.title,
        analysis=proposal.analysis,
        suggestions=proposal.suggestions,
        settings=cache["prereview_settings"],
    )
    if review.passed:
        return format_html(
            ' <span class="badge text-bg-light" data-prereview-count="0">{}</span>',
            _("pre-review passed"),
        )
    n = len(review.findings)
    where = "；".join(f"{f.where}：{f.message}" for f in review.findings)
    return format_html(
        ' <span class="badge text-bg-warning" data-prereview-count="{}" title="{}">{}</span>',
        n,
        where,
        _("Pre-review: %(n)d to reconsider") % {"n": n},
    )
