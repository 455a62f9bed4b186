"""Past social-opinion reports: adopted in their bulletin issue or kept, with their uses and
the duty records of that year's points table; no notification; a second run changes nothing;
the sheet round-trips."""

from decimal import Decimal

import pytest

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.imports import pipeline, report
from cppcc_portal.core.models import ImportedRecord
from cppcc_portal.notifications.models import Deadline, Notification
from members.models import DutyKind, DutyRecord
from opinions.imports import ReportSheet
from opinions.models import BulletinIssue, Report, ReportUse

from .sheets import upload, workbook_bytes

pytestmark = pytest.mark.django_db

SPEC = ReportSheet()


@pytest.fixture
def info_staff(make_user):
    return make_user(Role.OPINION_STAFF)


def _rows(members, n=40):
    rows = []
    for i in range(1, n + 1):
        m = members[i % len(members)]
        row = {
            "year": 2025,
            "serial": i,
            "title": f"关于第{i}件民生问题的信息",
            "member_number": m.number,
            "submitted_on": f"2025-03-{1 + i % 20:02d}",
            "problem": "群众反映的情况和问题。" * 5,
            "suggestion": "建议有关部门研究解决。",
            "outcome": "录用" if i % 4 else "留存",
        }
        if i % 4:
            row.update(
                issue_number=1 + i % 6,
                adopted_on="2025-04-10",
                signed_off_by="李秘书长",
                used_district_on="2025-04-20" if i % 2 else "",
                used_city_on="2025-05-05" if i % 8 == 1 else "",
            )
        rows.append(row)
    return rows


def test_a_year_of_reports_imports_with_its_adoption_and_use(info_staff, year):
    session, members = year
    rows = _rows(members)
    result = pipeline.run(
        SPEC, upload(workbook_bytes(rows, spec=SPEC)), actor=info_staff, commit=True
    )
    assert result.errors == [] and result.written
    assert result.counts == {"create": 40, "update": 0, "same": 0, "refuse": 0}
    assert Report.objects.filter(state="adopted").count() == 30
    assert Report.objects.filter(state="archived").count() == 10
    assert BulletinIssue.objects.filter(year=2025).count() == 6
    assert ReportUse.objects.filter(level="district").count() == 20
    assert ReportUse.objects.filter(level="city").count() == 5
    adopted = DutyRecord.objects.filter(kind=DutyKind.OPINION_ADOPTED)
    assert adopted.count() == 30 and set(adopted.values_list("year", flat=True)) == {2025}
    assert DutyRecord.objects.filter(kind=DutyKind.OPINION_SUBMITTED).count() == 40
    city = DutyRecord.objects.filter(kind=DutyKind.OPINION_USED_CITY)
    assert city.count() == 5 and set(city.values_list("points", flat=True)) == {Decimal("5")}
    assert Notification.objects.count() == 0 and Deadline.objects.count() == 0
    r = Report.objects.get(title="关于第5件民生问题的信息")
    assert r.adopted_on.isoformat() == "2025-04-10" and r.issue.number == 6
    assert [e.action for e in r.events.order_by("at", "id")][-1] == "imported"

    again = pipeline.run(
        SPEC, upload(workbook_bytes(rows, spec=SPEC)), actor=info_staff, commit=True
    )
    assert again.counts == {"create": 0, "update": 0, "same": 40, "refuse": 0}
    assert DutyRecord.objects.count() == 40 + 30 + 25


def test_report_sheet_round_trips(info_staff, year):
    session, members = year
    pipeline.run(
        SPEC, upload(workbook_bytes(_rows(members), spec=SPEC)), actor=info_staff, commit=True
    )
    fields = ("title", "member__number", "state", "adopted_on", "issue__number", "year")
    before = sorted(Report.objects.values_list(*fields))
    uses = sorted(ReportUse.objects.values_list("report__title", "level", "used_on"))
    exported = report.export_bytes(SPEC)
    DutyRecord.objects.all().delete()
    Report.objects.all().delete()
    BulletinIssue.objects.all().delete()
    ImportedRecord.objects.all().delete()
    result = pipeline.run(SPEC, upload(exported), actor=info_staff, commit=True)
    assert result.counts["create"] == 40
    assert sorted(Report.objects.values_list(*fields)) == before
    assert sorted(ReportUse.objects.values_list("report__title", "level", "used_on")) == uses


def test_faulty_report_rows_are_refused_by_column(info_staff, year):
    session, members = year
    rows = _rows(members, 4)
    rows[0]["issue_number"] = ""
    rows[3]["used_district_on"] = "2025-05-01"  # a kept report was not used
    result = pipeline.run(
        SPEC, upload(workbook_bytes(rows, spec=SPEC)), actor=info_staff, commit=True
    )
    assert not result.written and Report.objects.count() == 0
    refused = {r["row"]: r["errors"] for r in result.rows if r["outcome"] == "refuse"}
    assert refused[2] == [["刊发期号", "已录用的信息须填写刊发期号、录用日期和签发人"]]
    assert refused[5] == [["区级采用日期", "只有已录用的信息才有刊发期号或采用记录"]]


def test_proposal_staff_may_not_import_reports(staff):
    assert not SPEC.may_import(staff)
