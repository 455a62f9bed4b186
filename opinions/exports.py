"""The year's adopted reports as Excel (the issue itself: opinions.documents)."""

from django.utils.translation import gettext as _

from cppcc_portal.core.exports import workbook_bytes


def year_xlsx(year: int, reports) -> bytes:
    headers = [
        _("Issue"),
        _("Order"),
        _("Title"),
        _("Submitted by"),
        _("Sector"),
        _("Adopted on"),
        _("Uses"),
        _("Leader instructions"),
    ]

    def rows():
        for r in reports:
            yield [
                r.issue.number,
                r.position,
                r.title,
                "、".join(m.name for m in r.contributors.all()) or r.author_label,
                r.member.sector.name if r.member else "",
                r.adopted_on,
                "；".join(f"{u.get_level_display()}{u.get_kind_display()}" for u in r.uses.all()),
                "；".join(
                    f"{i.leader_name}（{i.get_level_display()}）{i.instructed_on:%Y-%m-%d}"
                    for i in r.instructions.all()
                ),
            ]

    return workbook_bytes([(str(year), headers, rows())])
