"""A station's yearly work report (年度工作报告) as an official document, Word or PDF from
one block tree (A4, the house style). No residents' contacts, no members' phones."""

from django.utils.translation import gettext as _

from cppcc_portal.core.documents import (
    Document,
    Heading,
    Paragraph,
    Signature,
    Table,
    Title,
    chinese_date,
)

from .selectors import station_stats


def _table(headers, rows):
    return Table([list(headers), *[list(map(str, row)) for row in rows]], header=True)


def station_report(station, *, year: int, today=None) -> Document:
    from django.utils import timezone

    stats = station_stats(station, year=year)
    totals = stats["totals"]
    title = _("%(station)s — work report %(year)s") % {"station": station.name, "year": year}
    doc = Document(title)
    doc.add(Title(title))
    doc.add(Heading(_("1. The station")))
    doc.add(
        Paragraph(
            _(
                "Kind: %(kind)s. Town or street: %(street)s. Address: %(address)s. "
                "Opening hours: %(hours)s."
            )
            % {
                "kind": station.kind.name,
                "street": station.street.name if station.street_id else "—",
                "address": station.address or "—",
                "hours": station.opening_hours or "—",
            }
        )
    )
    doc.add(
        Paragraph(
            _(
                "Station head: %(head)s. Members assigned: %(n)d, of whom %(active)d took part "
                "in activities."
            )
            % {
                "head": station.head.name if station.head_id else "—",
                "n": len(stats["participation"]),
                "active": stats["members_active"],
            }
        )
    )
    doc.add(Heading(_("2. Activities")))
    doc.add(
        Paragraph(
            _(
                "%(n)d activities reached %(residents)d residents and gave %(services)d "
                "services; donations came to %(donations)s yuan."
            )
            % {
                "n": totals["n"] or 0,
                "residents": totals["residents"] or 0,
                "services": totals["services"] or 0,
                "donations": totals["donations"] or 0,
            }
        )
    )
    doc.add(_table([_("Kind"), _("Activities")], [(k, n) for k, n in stats["by_kind"] if n]))
    months = [(_("Month %(m)d") % {"m": i + 1}, n) for i, n in enumerate(stats["per_month"])]
    doc.add(_table([_("Month"), _("Activities")], months))
    doc.add(Heading(_("3. Residents' opinions")))
    doc.add(
        Paragraph(
            _("%(total)d opinions received in all; %(solved)d problems solved in %(year)s.")
            % {"total": stats["opinions_total"], "solved": stats["solved"], "year": year}
        )
    )
    doc.add(_table([_("State"), _("Opinions")], [(lb, n) for _v, lb, n, _b in stats["by_state"]]))
    doc.add(Heading(_("4. Members' participation")))
    doc.add(
        _table(
            [_("Name"), _("Sector"), _("Activities")],
            [(m.name, m.sector.name, n) for m, n in stats["participation"]],
        )
    )
    doc.add(Signature([station.name, chinese_date(today or timezone.localdate())]))
    return doc
