"""代录入 of social-opinion reports: information staff enter a report a member handed in on
paper — every field, the scan, the day it was handed in; the timeline says who entered it from
paper, the member is told and sees it at once, and it goes through the desk like any other."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Notification
from members.models import DutyKind, DutyRecord, Member
from opinions import selectors, services
from opinions.models import Report, ReportEvent
from opinions.workflow import State
from tests.factories import MemberFactory, SectorFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _scan():
    return SimpleUploadedFile("社情民意扫描件.png", PNG)


def _enter(staff, member, **kw):
    kw.setdefault("handed_in_on", timezone.localdate() - timedelta(days=3))
    kw.setdefault("scan", _scan())
    return services.enter_on_paper(
        actor=staff,
        member=member,
        title=kw.pop("title", "关于规范电动自行车充电的建议"),
        problem=kw.pop("problem", "老旧小区电动自行车飞线充电多，火灾隐患大。"),
        suggestion=kw.pop("suggestion", "一是建设集中充电桩；二是加强巡查。"),
        **kw,
    )


def test_staff_enter_a_paper_report_for_a_member(make_user, member, member_user):
    staff = make_user(Role.OPINION_STAFF, first_name="张敏")
    report = _enter(staff, member)
    assert report.state == State.SUBMITTED and report.member == member
    assert report.entered_by == staff and report.on_paper
    assert report.handed_in_on == timezone.localdate() - timedelta(days=3)
    assert report.year == report.handed_in_on.year
    assert report.original_title == report.title == "关于规范电动自行车充电的建议"
    assert list(report.contributors.all()) == [member]
    scan = report.attachments.get()
    assert scan.is_paper_scan and scan.name == "社情民意扫描件.png" and scan.uploaded_by == staff
    with translation.override("zh-hans"):
        event = ReportEvent.objects.get(report=report, action="enter_on_paper")
    assert event.actor == staff and event.to_state == State.SUBMITTED and not event.staff_only
    assert "张敏" in event.comment and report.handed_in_on.isoformat() in event.comment
    # the member is told and sees it at once, among their own reports
    note = Notification.objects.get(recipient=member_user, kind="opinion.entered_on_paper")
    assert note.url == report.get_absolute_url()
    assert selectors.report_list(member_user, mine=True).filter(pk=report.pk).exists()
    assert selectors.report_detail(member_user, report.pk) == report
    # the submission counts on the day it was handed in
    duty = DutyRecord.objects.get(member=member, kind=DutyKind.OPINION_SUBMITTED)
    assert duty.occurred_on == report.handed_in_on and duty.recorded_by == staff
    # on the desk like any other: edited, then adopted
    assert report in selectors.editing_queue(staff)
    report = services.start_editing(actor=staff, report=report)
    assert services.adopt_report(actor=staff, report=report, signed_off_by="李").issue


def test_a_paper_report_on_behalf_of_a_sector(staff, member):
    sector = SectorFactory()
    report = _enter(staff, member, submitter_kind="sector", sector=sector)
    assert report.sector == sector and report.organisation == ""
    assert sector.name in report.author_label


def test_paper_entry_refusals_in_chinese(staff, member, member_user, make_user):
    with pytest.raises(PermissionDenied):
        _enter(member_user, member)
    with pytest.raises(PermissionDenied):
        _enter(make_user(Role.PROPOSAL_STAFF), member)
    gone = MemberFactory(status=Member.Status.LEFT)
    cases = [
        ({"handed_in_on": timezone.localdate() + timedelta(days=1)}, "handed_in_on", "递交"),
        ({"handed_in_on": None}, "handed_in_on", "递交"),
        ({"scan": None}, "scan", "扫描件"),
        ({"suggestion": "  "}, "suggestion", "建议"),
        ({"problem": ""}, "problem", "问题"),
        ({"title": " "}, "title", "标题"),
        ({"problem": "长" * 3001}, "problem", "1500"),
        ({"submitter_kind": "combined"}, "submitter_kind", "报送"),
        ({"submitter_kind": "party_group"}, "organisation", "党派"),
        ({"member": gone}, "member", "在任委员"),
        ({"member": None}, "member", "在任委员"),
    ]
    for kwargs, field, word in cases:
        kwargs = {"member": member, **kwargs}
        with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
            _enter(staff, kwargs.pop("member"), **kwargs)
        assert field in err.value.message_dict, (kwargs, err.value)
        assert word in " ".join(err.value.message_dict[field]), (field, err.value.message_dict)
    assert not Report.objects.exists()  # nothing half-written
    assert not Notification.objects.filter(kind="opinion.entered_on_paper").exists()
