"""A station's year in Excel (activities, participation, opinions); the report: stations.documents.

Neither carries residents' contacts or members' phones: they leave staff hands.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cppcc_portal.core.exports import XLSX_TYPE, attachment_response, workbook_bytes

from .models import Activity, Opinion
from .selectors import station_stats


def _activities(station, year):
    return (
        Activity.objects.filter(station=station, date__year=year)
        .prefetch_related("participants")
        .order_by("date", "id")
    )


def station_workbook_response(station, *, year: int):
    stats = station_stats(station, year=year)

    def activity_rows():
        for a in _activities(station, year):
            yield [
                a.date,
                a.get_kind_display(),
                a.title,
                "、".join(m.name for m in a.participants.all()),
                a.residents_reached,
                a.services_given,
                float(a.donation_amount),
                a.summary,
            ]

    def opinion_rows():
        for o in Opinion.objects.filter(station=station, received_at__year=year).order_by(
            "received_at"
        ):
            yield [
                o.receipt_code,
                o.received_at,
                o.get_source_display(),
                o.get_category_display(),
                o.content,
                o.get_state_display(),
                o.result,
            ]

    content = workbook_bytes(
        [
            (
                _("Activities"),
                [
                    _("Date"),
                    _("Kind"),
                    pgettext("station", "Title"),
                    _("Members taking part"),
                    _("Residents reached"),
                    _("Services given"),
                    _("Donation amount (yuan)"),
                    pgettext("station", "Summary"),
                ],
                activity_rows(),
            ),
            (
                _("Participation"),
                [_("Member number"), _("Name"), _("Sector"), _("Activities")],
                ([m.number, m.name, m.sector.name, n] for m, n in stats["participation"]),
            ),
            (
                _("Residents' opinions"),
                [
                    _("Receipt code"),
                    pgettext("station", "Received on"),
                    _("Source"),
                    _("Category"),
                    _("Content"),
                    _("State"),
                    _("Result told to the resident"),
                ],
                opinion_rows(),
            ),
        ]
    )
    return attachment_response(content, f"{station.name}-{year}.xlsx", XLSX_TYPE)
