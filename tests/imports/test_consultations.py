"""Past consultations: held on their own dates with their roll, outcome and feedback, the duty
records the points table of that year gives for the attendance, no deadline and no
notification; a second run changes nothing; faulty rows are refused by column with nothing
written; the sheet round-trips; only consultation staff and administrators import it."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from consultations.imports import ConsultationSheet
from consultations.models import (
    Attendance,
    Consultation,
    ConsultationEvent,
    ConsultationPlan,
    Feedback,
    Meeting,
    PlanItem,
)
from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.imports import pipeline, report
from cppcc_portal.core.models import ImportedRecord, ImportJob
from cppcc_portal.notifications.models import Deadline, Notification
from members.models import DutyKind, DutyRecord, Sector
from tests.factories import MemberFactory, SpecialCommitteeFactory

from .sheets import upload, workbook_bytes

pytestmark = pytest.mark.django_db

SPEC = ConsultationSheet()
FORMS = ["专题协商会", "对口协商会", "界别协商会"]


@pytest.fixture
def consultation_staff(make_user):
    return make_user(Role.CONSULTATION_STAFF)


@pytest.fixture
def district(year):
    """The 2025 organisation, its committees, and two members of the same name."""
    session, members = year
    SpecialCommitteeFactory(name="经济委员会")
    SpecialCommitteeFactory(name="社会和法制委员会", short_name="社法委")
    sector = Sector.objects.get(name="经济界")
    twins = [MemberFactory(number=f"Z{i}", name="张委员", sector=sector) for i in (1, 2)]
    for m in twins:
        m.terms.add(session.term)
    return members


def _rows(members, n=6):
    """n consultations of 2025: every other one in the yearly plan with its departments, two
    in three with feedback; eight members each, five attending, two on leave, one absent."""
    rows = []
    for i in range(1, n + 1):
        roll = [members[(i * 8 + k) % len(members)] for k in range(8)]
        month = 2 + i
        row = {
            "year": 2025,
            "topic": f"关于第{i}项民生事项的协商",
            "form": FORMS[i % 3],
            "held_on": f"2025-{month:02d}-10",
            "venue": "区政协会议室",
            "committee": "经济委员会" if i % 2 else "社法委",
            "lead_leader": "李副主席",
            "officials_present": "副区长王某某",
            "attended": "、".join(m.number for m in roll[:4]) + f"、{roll[4].name}",
            "on_leave": "、".join(f"{m.name}（{m.sector.name}）" for m in roll[5:7]),
            "absent": roll[7].number,
            "outcome_kind": "建议报告" if i % 2 else "会议纪要",
            "outcome_title": f"关于第{i}项民生事项的建议",
            "outcome_text": "一、加大投入；二、完善机制。",
            "outcome_sent_on": f"2025-{month:02d}-15",
        }
        if i % 2:
            row.update(
                in_plan="是",
                responsible_units="区教育局",
                participating_units="区财政局、区民政局",
            )
        if i % 3:
            row.update(
                feedback_result="部分采纳" if i % 2 else "采纳",
                feedback_on=f"2025-{month + 1:02d}-01",
                feedback_text="已研究落实。",
                leader_instructions="请抓好落实。" if i == 1 else "",
            )
        rows.append(row)
    return rows


def _run(actor, rows, **kwargs):
    content = workbook_bytes(rows, spec=SPEC)
    return pipeline.run(SPEC, upload(content, "协商.xlsx"), actor=actor, commit=True, **kwargs)


def test_a_year_of_consultations_imports_with_roll_outcome_and_duty(consultation_staff, district):
    rows = _rows(district)
    preview = pipeline.run(
        SPEC, upload(workbook_bytes(rows, spec=SPEC)), actor=consultation_staff, commit=False
    )
    assert preview.errors == [] and not preview.written
    assert preview.counts == {"create": 6, "update": 0, "same": 0, "refuse": 0}
    assert Consultation.objects.count() == 0  # a preview writes nothing

    result = _run(consultation_staff, rows)
    assert result.written and result.counts["create"] == 6
    assert Consultation.objects.filter(state="closed").count() == 4
    assert Consultation.objects.filter(state="outcome_sent").count() == 2
    c = Consultation.objects.get(topic="关于第1项民生事项的协商")
    assert (c.year, c.held_on, c.scheduled_on, c.outcome_sent_on) == (
        2025,
        date(2025, 3, 10),
        date(2025, 3, 10),
        date(2025, 3, 15),
    )
    assert c.form.name == "对口协商会" and c.committee.name == "经济委员会"
    assert c.outcome_kind == "report" and c.outcome_recipients == "区委、区政府"
    assert c.outcome_due_on is None and c.feedback_due_on is None
    assert c.plan_item.plan.year == 2025 and c.plan_item.planned_month == 3
    assert sorted(u.name for u in c.plan_item.participating_units.all()) == ["区民政局", "区财政局"]
    assert [u.name for u in c.plan_item.responsible_units.all()] == ["区教育局"]
    assert Consultation.objects.get(topic="关于第2项民生事项的协商").committee.name == (
        "社会和法制委员会"
    )
    fb = Feedback.objects.get(consultation=c)
    assert (fb.result, fb.received_on, fb.leader_instructions) == (
        "partly",
        date(2025, 4, 1),
        "请抓好落实。",
    )
    assert ConsultationPlan.objects.count() == 1 and PlanItem.objects.count() == 3
    meeting = Meeting.objects.get(consultation=c)
    assert meeting.attendance_closed and meeting.starts_at.date() == date(2025, 3, 10)
    statuses = sorted(meeting.attendances.values_list("status", flat=True))
    assert statuses == ["absent"] + ["attended"] * 5 + ["leave_approved"] * 2
    assert Attendance.objects.count() == 48
    assert Attendance.objects.filter(status="attended").count() == 30

    # the duty records of that year's points table, marked imported
    attended = DutyRecord.objects.filter(kind=DutyKind.CONSULTATION)
    assert attended.count() == 30
    assert set(attended.values_list("year", "points", "note")) == {(2025, Decimal("5"), "导入")}
    assert DutyRecord.objects.filter(kind=DutyKind.MEETING_LEAVE).count() == 12
    absent = DutyRecord.objects.filter(kind=DutyKind.MEETING_ABSENT)
    assert set(absent.values_list("points", flat=True)) == {Decimal("-5")}
    assert absent.count() == 6

    # history: no deadline, nobody told; the timeline keeps the dates, marked imported
    assert Deadline.objects.count() == 0 and Notification.objects.count() == 0
    events = list(c.events.order_by("at", "id"))
    assert [e.action for e in events] == [
        "schedule",
        "start_preparing",
        "hold",
        "send_outcome",
        "receive_feedback",
        "close",
        "imported",
    ]
    assert events[3].at.date() == date(2025, 3, 15) and events[3].comment.startswith("导入")
    assert all(e.actor is None for e in events[:-1])
    assert events[-1].actor == consultation_staff and events[-1].comment == "由历史数据导入"

    again = _run(consultation_staff, rows)
    assert again.counts == {"create": 0, "update": 0, "same": 6, "refuse": 0}
    assert DutyRecord.objects.count() == 48
    assert ConsultationEvent.objects.count() == 6 * 5 + 4 * 2
    assert Attendance.objects.count() == 48


def test_a_changed_row_updates_and_the_old_roll_duty_is_voided(consultation_staff, district):
    rows = _rows(district, 2)
    _run(consultation_staff, rows)
    c = Consultation.objects.get(topic="关于第1项民生事项的协商")
    version = c.version
    first = district[8]
    rows[0]["attended"] = first.number
    rows[0]["on_leave"] = rows[0]["absent"] = ""
    rows[0]["in_plan"] = rows[0]["responsible_units"] = rows[0]["participating_units"] = ""
    result = _run(consultation_staff, rows)
    assert result.counts == {"create": 0, "update": 1, "same": 1, "refuse": 0}
    c.refresh_from_db()
    assert c.version == version + 1 and c.plan_item is None
    assert PlanItem.objects.count() == 0
    assert list(c.meetings.get().attendances.values_list("member_id", flat=True)) == [first.pk]
    live = DutyRecord.objects.filter(voided_at__isnull=True, title=c.topic)
    assert list(live.values_list("member_id", "kind")) == [(first.pk, DutyKind.CONSULTATION)]
    voided = DutyRecord.objects.filter(voided_at__isnull=False)
    assert voided.count() == 8 and set(voided.values_list("voided_reason", flat=True)) == {
        "重新导入"
    }
    assert c.events.filter(action="hold").count() == 1


def _written_nothing():
    assert Consultation.objects.count() == 0
    assert ConsultationEvent.objects.count() == 0
    assert Attendance.objects.count() == 0
    assert DutyRecord.objects.count() == 0
    assert ImportedRecord.objects.count() == 0
    assert ConsultationPlan.objects.count() == 0


def _refused(result):
    return {r["row"]: r["errors"] for r in result.rows if r["outcome"] == "refuse"}


def test_faulty_rows_are_refused_by_column_and_nothing_is_written(consultation_staff, district):
    rows = _rows(district, 7)
    rows[0]["form"] = "茶话会"
    rows[1]["attended"] = "张委员"  # two members of that name: listed, never guessed
    rows[2]["held_on"] = "2024-05-10"  # not in the year given
    rows[3]["feedback_on"] = "2025-01-01"  # before the outcome was sent
    rows[3]["feedback_result"] = "部分采纳"
    rows[3]["feedback_text"] = "已研究。"
    rows[4]["in_plan"] = ""  # departments without the plan
    rows[4]["responsible_units"] = "区教育局"
    rows[5]["on_leave"] = rows[5]["attended"].split("、")[0]  # one member twice
    rows[6]["committee"] = "无此专委会"
    result = _run(consultation_staff, rows)
    assert not result.written and result.counts["refuse"] == 7
    refused = _refused(result)
    assert refused[2] == [["协商形式", "未知的协商形式“茶话会”"]]
    assert refused[3] == [["出席委员", "张委员对应多名委员（编号Z1、Z2），请填写委员编号"]]
    assert refused[4] == [["召开日期", "召开日期不在所填年度内"]]
    assert refused[5] == [["收到反馈日期", "收到反馈日期不能早于成果报送日期。"]]
    assert refused[6] == [["列入年度计划", "责任部门和参与部门属于年度协商计划：请填写“是”"]]
    [(column, reason)] = refused[7]
    assert column == "请假委员" and reason.endswith("在参会委员中重复")
    assert refused[8] == [["牵头专委会", "未知的专委会“无此专委会”"]]
    _written_nothing()


def test_a_name_with_its_sector_resolves_the_ambiguity(consultation_staff, district):
    rows = _rows(district, 1)
    rows[0]["attended"] = "张委员（经济界）"
    result = _run(consultation_staff, rows)
    [row] = _refused(result).values()
    assert row == [["出席委员", "张委员（经济界）对应多名委员（编号Z1、Z2），请填写委员编号"]]
    rows[0]["attended"] = "Z2"
    assert _run(consultation_staff, rows).written


def test_a_missing_column_and_an_incomplete_feedback(consultation_staff, district):
    rows = _rows(district, 3)
    rows[1].update(feedback_result="采纳", feedback_on="", feedback_text="")
    rows[2]["outcome_text"] = ""
    result = _run(consultation_staff, rows)
    refused = _refused(result)
    assert refused[3] == [
        ["收到反馈日期", "反馈须填写收到日期"],
        ["反馈内容", "请填写反馈内容。"],
    ]
    assert refused[4] == [["成果内容（意见建议）", "必须填写"]]
    _written_nothing()
    headers = [h for h in SPEC.headers() if h != "召开日期"]
    result = pipeline.run(
        SPEC,
        upload(workbook_bytes(rows, spec=SPEC, headers=headers)),
        actor=consultation_staff,
        commit=True,
    )
    assert result.errors == ["缺少列：召开日期"]
    _written_nothing()


def test_a_consultation_already_in_the_portal_is_not_overwritten(consultation_staff, district):
    from consultations import services
    from consultations.models import ConsultationForm

    services.create_unplanned_consultation(
        actor=consultation_staff,
        topic="关于第1项民生事项的协商",
        form=ConsultationForm.objects.get(name="专题协商会"),
        scheduled_on=date(2025, 3, 10),
    )
    result = _run(consultation_staff, _rows(district, 1))
    [row] = _refused(result).values()
    assert "已在系统中办理（非导入），不会被覆盖" in row[0][1]
    assert Consultation.objects.get().state == "planned"


def test_a_closed_term_refuses_the_row(consultation_staff, district):
    from django.utils import timezone

    from members.models import Term

    Term.objects.filter(number=2).update(closed_at=timezone.now())
    result = _run(consultation_staff, _rows(district, 1))
    [row] = _refused(result).values()
    assert "第二届" in row[0][1] and "换届" in row[0][1]
    assert Consultation.objects.count() == 0


def test_consultation_sheet_round_trips(consultation_staff, district):
    rows = _rows(district)
    _run(consultation_staff, rows)

    def snapshot():
        out = {}
        for c in Consultation.objects.select_related("form", "committee", "plan_item"):
            fb = Feedback.objects.filter(consultation=c).first()
            out[(c.year, c.topic)] = (
                c.form.name,
                c.committee_id and c.committee.name,
                str(c.held_on),
                c.state,
                c.venue,
                c.officials_present,
                c.outcome_kind,
                c.outcome_title,
                c.outcome_text,
                str(c.outcome_sent_on),
                c.plan_item_id is not None,
                sorted(
                    Attendance.objects.filter(meeting__consultation=c).values_list(
                        "member__number", "status"
                    )
                ),
                fb and (fb.result, str(fb.received_on), fb.text, fb.leader_instructions),
                [e.action for e in c.events.order_by("at", "id")],
            )
        return out, sorted(DutyRecord.objects.values_list("member__number", "kind", "points"))

    before = snapshot()
    exported = report.export_bytes(SPEC, year="2025")
    DutyRecord.objects.all().delete()
    Meeting.objects.all().delete()
    Consultation.objects.all().delete()
    PlanItem.objects.all().delete()
    ImportedRecord.objects.all().delete()
    again = pipeline.run(SPEC, upload(exported), actor=consultation_staff, commit=True)
    assert again.counts == {"create": 6, "update": 0, "same": 0, "refuse": 0}
    assert snapshot() == before
    rows_of = lambda data: list(load_workbook(io.BytesIO(data)).active.values)  # noqa: E731
    assert rows_of(report.export_bytes(SPEC, year="2025")) == rows_of(exported)


def test_template_has_chinese_headers_and_an_example_that_previews(consultation_staff, district):
    content = report.template_bytes(SPEC)
    headers, example = list(load_workbook(io.BytesIO(content)).active.values)
    assert headers[:4] == ("年度", "协商议题", "协商形式", "召开日期")
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in headers)
    assert example[1] == "关于推进老旧小区改造的专题协商"
    SpecialCommitteeFactory(name="人口资源环境和城市建设委员会")
    from tests.factories import HandlingUnitFactory

    HandlingUnitFactory(name="区住房和建设委员会")
    MemberFactory(name="李委员", sector=Sector.objects.get(name="教育界"))
    result = pipeline.run(SPEC, upload(content), actor=consultation_staff, commit=False)
    assert result.errors == [] and result.counts == {
        "create": 1,
        "update": 0,
        "same": 0,
        "refuse": 0,
    }


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.CONSULTATION_STAFF])
def test_only_consultation_staff_and_administrators_import_it(make_user, role):
    assert not SPEC.may_import(make_user(role))
    assert SPEC.may_import(make_user(Role.CONSULTATION_STAFF))
    assert SPEC.may_import(make_user(is_superuser=True))


def test_consultation_staff_upload_preview_and_confirm(client, consultation_staff, district, media):
    client.force_login(consultation_staff)
    page = client.get(reverse("imports:index")).content.decode()
    assert "往年协商" in page and reverse("imports:upload", args=["proposals"]) not in page
    content = workbook_bytes(_rows(district, 2), spec=SPEC)
    response = client.post(
        reverse("imports:upload", args=["consultations"]), {"file": upload(content, "协商.xlsx")}
    )
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "预览：往年协商" in page and "新建 2" in page
    client.post(reverse("imports:confirm", args=[job.pk]), {"mode": "all"})
    assert Consultation.objects.count() == 2
    assert reverse("imports:index") in client.get(reverse("home")).content.decode()


def test_an_imported_consultation_reads_on_its_page(client, consultation_staff, district):
    _run(consultation_staff, _rows(district, 1))
    c = Consultation.objects.get()
    client.force_login(consultation_staff)
    page = client.get(reverse("consultations:detail", args=[c.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "由历史数据导入" in html and "2025-03-10" in html and "一、加大投入" in html
    assert 'id="next-step"' not in html  # closed: nothing left to do
