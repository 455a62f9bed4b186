"""Reports, notices with their receipts, meetings, and the duty year through the API."""

from datetime import timedelta

from django.utils import timezone

from consultations.models import Meeting
from cppcc_portal.accounts.roles import Role
from news import services as news_services
from news.models import Notice, NoticeRecipient
from opinions.models import Report
from tests.consultations.factories import AttendanceFactory, MeetingFactory


def test_a_report_from_draft_to_submitted(api_as, member_user):
    me = api_as(member_user)
    r = me.post(
        "/reports", {"title": "关于老旧小区加装电梯的社情民意", "problem": "群众反映强烈。"}
    )
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    r = me.post(f"/reports/{pk}/submit")
    assert r.status_code == 422 and r.json()["field"] == "suggestion", r.json()
    r = me.patch(f"/reports/{pk}", {"suggestion": "建议统筹补贴资金。"})
    assert r.status_code == 200 and r.json()["suggestion"] == "建议统筹补贴资金。"
    r = me.post(f"/reports/{pk}/submit")
    assert r.status_code == 200 and r.json()["state"] == "submitted", r.json()
    assert Report.objects.get(pk=pk).state == "submitted"
    assert [x["id"] for x in me.get("/reports").json()["items"]] == [pk]


def test_a_notice_is_marked_read_and_confirmed(api_as, member_user, make_user):
    staff = make_user(Role.LIAISON_STAFF)
    notice = news_services.save_notice(
        actor=staff,
        data={
            "title": "关于召开专题协商会的通知",
            "body": "<p>请准时参加。</p>",
            "audience": Notice.Audience.CHOSEN,
            "reply_by": timezone.localdate() + timedelta(days=3),
            "receipt_label": "确认参会",
        },
        chosen=[member_user.member],
    )
    notice = news_services.publish_notice(actor=staff, notice=notice)
    me = api_as(member_user)
    listed = me.get("/notices").json()["items"]
    assert [(n["id"], n["unread"], n["unconfirmed"]) for n in listed] == [(notice.pk, True, True)]
    r = me.get(f"/notices/{notice.pk}")
    assert r.status_code == 200 and r.json()["read_at"] and r.json()["confirmed_at"] is None
    r = me.post(f"/notices/{notice.pk}/confirm")
    assert r.status_code == 200 and r.json()["confirmed_at"], r.json()
    row = NoticeRecipient.objects.get(notice=notice, user=member_user)
    assert row.read_at and row.confirmed_at


def test_the_duty_year(api_as, member_user):
    r = api_as(member_user).get("/duty", year=timezone.localdate().year)
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["year"] == timezone.localdate().year and body["total"] == "0"
    assert {m["name"] for m in body["minimums"]}, body  # the yearly minimums (five ones)
    assert all(m["met"] is False for m in body["minimums"])


def test_a_meeting_leave_then_sign_in_by_code(api_as, member_user):
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION)
    AttendanceFactory(meeting=meeting, member=member_user.member)
    me = api_as(member_user)
    listed = me.get("/meetings")
    assert [m["meeting_id"] for m in listed.json()] == [meeting.pk]
    assert meeting.sign_in_code not in listed.content.decode()  # the room's code stays there
    r = me.post(f"/meetings/{meeting.pk}/leave", {"reason": "  "})
    assert r.status_code == 422 and r.json()["field"] == "reason", r.json()
    r = me.post(f"/meetings/{meeting.pk}/leave", {"reason": "外出调研"})
    assert r.status_code == 200 and r.json()["status"] == "leave_requested", r.json()
    r = me.post(f"/meetings/{meeting.pk}/confirm")
    assert r.status_code == 200 and r.json()["status"] == "confirmed", r.json()
    r = me.post(f"/meetings/{meeting.pk}/sign-in", {"code": meeting.sign_in_code})
    assert r.status_code == 422  # sign-in not open yet
    Meeting.objects.filter(pk=meeting.pk).update(sign_in_open=True)
    wrong = "000000" if meeting.sign_in_code != "000000" else "111111"
    r = me.post(f"/meetings/{meeting.pk}/sign-in", {"code": wrong})
    assert r.status_code == 422 and r.json()["field"] == "code", r.json()
    r = me.post(f"/meetings/{meeting.pk}/sign-in", {"code": meeting.sign_in_code})
    assert r.status_code == 200 and r.json()["status"] == "attended", r.json()
