"""Staff's fixes in a browser, on a phone (375 px) and a desk screen (1366 px): the feedback's
speech list is a readable checkbox list that does not spill over the page, and a meeting's date
is changed with a reason after a confirmation (issue 24 item 10.1, 10.2)."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from consultations.models import Feedback, Meeting, MeetingEvent
from consultations.workflow import ConsultationState
from cppcc_portal.accounts.roles import Role
from tests.browser import click_and_wait
from tests.factories import MemberFactory

from .factories import AttendanceFactory, ConsultationFactory, MeetingFactory, SpeechFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
VIEWPORTS = [(375, 740), (1366, 768)]


def _page(browser, width, height):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=width < 500,
        has_touch=width < 500,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    return context, context.new_page()


def _no_spill(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_feedback_speech_list(live_server, browser, login_page, make_user, width, height):
    today = timezone.localdate()
    c = ConsultationFactory(
        state=ConsultationState.OUTCOME_SENT,
        held_on=today - timedelta(days=5),
        outcome_sent_on=today - timedelta(days=4),
    )
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    long_title = "关于进一步优化营商环境、加快推进政务服务“一网通办”改革的几点建议"
    for name in ("王建国", "李秀英", "张伟"):
        SpeechFactory(meeting=meeting, member=MemberFactory(name=name), title=long_title)
    context, page = _page(browser, width, height)
    try:
        login_page(page, make_user(Role.CONSULTATION_STAFF))
        page.goto(f"{live_server.url}/consultations/{c.pk}/")
        box = page.locator("#next-step fieldset.check-list").bounding_box()
        assert box["width"] >= min(width - 80, 600)  # a list, not a 16 px column
        labels = page.locator("#next-step fieldset.check-list label.form-check-label")
        assert labels.count() == 3
        assert "王建国" in labels.first.inner_text()
        _no_spill(page, width)
        page.select_option("#next-step select[name=result]", "partly")
        page.fill("#next-step textarea[name=text]", "部分采纳。")
        page.locator("#next-step label:has-text('李秀英')").click()
        click_and_wait(page, "#next-step button[name=step]")
        feedback = Feedback.objects.get(consultation=c)
        assert [s.member.name for s in feedback.speeches.all()] == ["李秀英"]
        _no_spill(page, width)
    finally:
        context.close()


@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_changing_a_meetings_date(
    live_server, browser, login_page, make_user, member_user, width, height
):
    day = timezone.localdate() + timedelta(days=10)
    starts = timezone.make_aware(datetime.combine(day, time(9)))
    c = ConsultationFactory(state=ConsultationState.PREPARING, scheduled_on=day)
    meeting = MeetingFactory(
        kind=Meeting.Kind.CONSULTATION, consultation=c, starts_at=starts, venue="三楼会议室"
    )
    AttendanceFactory(meeting=meeting, member=member_user.member)
    context, page = _page(browser, width, height)
    try:
        login_page(page, make_user(Role.CONSULTATION_STAFF))
        page.goto(f"{live_server.url}/consultations/meetings/{meeting.pk}/")
        page.click("#reschedule-link")
        page.wait_for_selector("#reschedule-form")
        _no_spill(page, width)
        new_day = day + timedelta(days=2)
        page.fill("#reschedule-form input[name=starts_at]", f"{new_day.isoformat()}T14:30")
        page.fill("#reschedule-form input[name=venue]", "五楼会议室")
        page.fill("#reschedule-form textarea[name=reason]", "与区委全会时间冲突")
        questions = click_and_wait(page, "#reschedule-form button[type=submit]")
        assert questions and "通知" in questions[0]  # asked first
        assert "已通知受邀委员" in page.content()
        assert page.locator("#meeting-events").is_visible()
        _no_spill(page, width)
        meeting.refresh_from_db()
        assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == (
            f"{new_day.isoformat()} 14:30"
        )
        assert MeetingEvent.objects.get(meeting=meeting).comment == "与区委全会时间冲突"
    finally:
        context.close()
