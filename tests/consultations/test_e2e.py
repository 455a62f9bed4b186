"""The issue's journey in a browser: schedule a plan item, invite 30 members, a member asks
for leave on a phone and staff approve, another signs in with the code and submits a speech,
staff record the outcome and the government's feedback; an inspection finding is rectified
and verified. The duty ledger then holds the attendance and speech records."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Attendance, Consultation, Meeting, Rectification
from cppcc_portal.accounts.roles import Role
from members.models import DutyKind, DutyRecord
from tests.browser import click_and_wait
from tests.factories import (
    CommitteeMembershipFactory,
    HandlingUnitFactory,
    MemberFactory,
    SpecialCommitteeFactory,
    UserFactory,
)

from .factories import PlanItemFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _phone(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    return context, context.new_page()


def test_consultation_journey(live_server, page, phone_page, browser, login_page, make_user, term):
    url = live_server.url
    staff = make_user(Role.CONSULTATION_STAFF, is_staff=True)
    committee = SpecialCommitteeFactory(name="经济委员会")
    members = []
    for i in range(30):
        user = UserFactory(roles=[Role.MEMBER], first_name=f"委员{i}")
        member = MemberFactory(user=user, name=f"测试委员{i:02d}")
        member.terms.add(term)
        CommitteeMembershipFactory(member=member, committee=committee)
        members.append(member)
    on_leave, speaker, absentee = members[0], members[1], members[2]
    item = PlanItemFactory(topic="优化营商环境专题协商", committee=committee)
    unit = HandlingUnitFactory(name="区生态环境局")
    page.on("dialog", lambda dialog: dialog.accept())

    # staff schedule the plan item and start preparing
    login_page(page, staff)
    page.goto(f"{url}/consultations/plans/{item.plan_id}/")
    row = page.locator(f'tr.plan-item[data-topic="{item.topic}"]')
    row.locator("input[name=scheduled_on]").fill(timezone.localdate().isoformat())
    row.locator("input[name=start_time]").fill("00:00")
    row.locator("input[name=venue]").fill("区政协三楼会议室")
    row.locator("button[type=submit]").click()
    page.wait_for_url(f"{url}/consultations/*/")
    consultation = Consultation.objects.get(plan_item=item)
    meeting = Meeting.objects.get(consultation=consultation)
    click_and_wait(page, "#next-step button[name=step]")
    assert Consultation.objects.get(pk=consultation.pk).state == "preparing"

    # invite the committee's 30 members
    page.goto(f"{url}/consultations/meetings/{meeting.pk}/")
    page.select_option("#invite-form select[name=committee]", str(committee.pk))
    click_and_wait(page, "#invite-form button[type=submit]")
    assert Attendance.objects.filter(meeting=meeting).count() == 30

    # a member asks for leave on a phone
    login_page(phone_page, on_leave.user)
    phone_page.goto(f"{url}/consultations/my/")
    phone_page.click(f'a[href="/consultations/my/{meeting.pk}/"]')
    phone_page.click("details:has(#leave-form) summary")
    phone_page.fill("#leave-form input[name=reason]", "单位有重要会议")
    click_and_wait(phone_page, "#leave-form button")
    assert Attendance.objects.get(meeting=meeting, member=on_leave).status == "leave_requested"

    # staff approve the leave and open sign-in
    page.goto(f"{url}/consultations/leave-requests/")
    click_and_wait(page, "button[name=approve][value='1']")
    assert Attendance.objects.get(meeting=meeting, member=on_leave).status == "leave_approved"
    page.goto(f"{url}/consultations/meetings/{meeting.pk}/")
    click_and_wait(page, "form[action$='sign-in/'] button[name=open]")
    code = page.locator("#sign-in-code").inner_text().strip()

    # another member signs in with the code on a phone and submits a speech
    context, phone2 = _phone(browser)
    try:
        login_page(phone2, speaker.user)
        phone2.goto(f"{url}/consultations/my/{meeting.pk}/")
        phone2.fill("#sign-in-form input[name=code]", code)
        click_and_wait(phone2, "#sign-in-form button")
        assert Attendance.objects.get(meeting=meeting, member=speaker).status == "attended"
        phone2.click("details:has(#speech-form) summary")
        phone2.fill("#speech-form input[name=title]", "关于优化营商环境的建议")
        phone2.fill("#speech-form textarea[name=text]", "一是简化审批；二是加强服务。")
        click_and_wait(phone2, "#speech-form button")
        assert phone2.locator("text=关于优化营商环境的建议").count() >= 1
    finally:
        context.close()

    # staff mark the speech delivered and close the roll
    page.goto(f"{url}/consultations/meetings/{meeting.pk}/")
    click_and_wait(page, "li.speech button[name=delivered][value='1']")
    click_and_wait(page, "form[action$='close/'] button")
    assert Attendance.objects.get(meeting=meeting, member=absentee).status == "absent"

    # staff record the meeting held, the outcome and, later, the government's feedback
    page.goto(f"{url}/consultations/{consultation.pk}/")
    page.fill("#next-step textarea[name=minutes]", "会议纪要")
    click_and_wait(page, "#next-step button[name=step]")
    assert Consultation.objects.get(pk=consultation.pk).state == "held"
    page.fill("#next-step input[name=outcome_title]", "关于优化营商环境的建议报告")
    page.fill("#next-step textarea[name=outcome_text]", "建议如下……")
    click_and_wait(page, "#next-step button[name=step]")
    consultation.refresh_from_db()
    assert consultation.state == "outcome_sent" and consultation.feedback_due_on
    page.select_option("#next-step select[name=result]", "adopted")
    page.fill("#next-step textarea[name=text]", "区政府已采纳并部署落实。")
    page.fill("#next-step textarea[name=leader_instructions]", "请各部门抓好落实。")
    page.check("#next-step input[name=speeches]")
    click_and_wait(page, "#next-step button[name=step]")
    consultation.refresh_from_db()
    assert consultation.state == "feedback_received"
    assert consultation.feedback.speeches.count() == 1
    assert page.locator("#feedback").is_visible()

    # an inspection finding is rectified and verified
    page.goto(f"{url}/consultations/inspections/new/")
    page.fill("input[name=title]", "河湖长制落实情况视察")
    page.fill("input[name=held_on]", (timezone.localdate() - timedelta(days=1)).isoformat())
    page.fill("textarea[name=participant_numbers]", f"{speaker.number} {absentee.number}")
    page.click("form.consultation-form button[type=submit]")
    page.wait_for_url(f"{url}/consultations/inspections/*/")
    page.fill("#finding-form textarea[name=finding]", "部分河段存在垃圾堆放")
    page.select_option("#finding-form select[name=responsible_unit]", str(unit.pk))
    page.fill(
        "#finding-form input[name=deadline]",
        (timezone.localdate() + timedelta(days=30)).isoformat(),
    )
    click_and_wait(page, "#finding-form button")
    item_rect = Rectification.objects.get(finding="部分河段存在垃圾堆放")
    page.click(f"a[href='/consultations/rectification/{item_rect.pk}/']")
    click_and_wait(page, "form[action$='/start/'] button")
    page.fill("#report-form textarea[name=feedback]", "已清理并建立长效机制")
    click_and_wait(page, "#report-form button")
    page.select_option("#verify-form select[name=accepted]", "yes")
    page.fill("#verify-form textarea[name=verification]", "经现场核查，整改到位")
    click_and_wait(page, "#verify-form button")
    assert Rectification.objects.get(pk=item_rect.pk).state == "verified"

    # the duty ledger
    def kinds(member):
        return set(
            DutyRecord.objects.filter(member=member, voided_at__isnull=True).values_list(
                "kind", flat=True
            )
        )

    assert kinds(on_leave) == {DutyKind.MEETING_LEAVE}
    assert kinds(speaker) == {DutyKind.CONSULTATION, DutyKind.SPEECH, DutyKind.INSPECTION}
    assert kinds(absentee) == {DutyKind.MEETING_ABSENT, DutyKind.INSPECTION}
    assert DutyRecord.objects.filter(kind=DutyKind.MEETING_ABSENT).count() == 28
