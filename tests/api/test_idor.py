"""Another member's token finds none of a member's objects: a 404 on every object route
(never a 403 that tells the object exists)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Attendance, Meeting
from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.services import notify
from news import services as news_services
from news.models import Notice
from opinions import services as report_services
from proposals import services
from tests.consultations.factories import AttendanceFactory, MeetingFactory
from tests.proposals.factories import release_reply, talk

from .test_matrix import schema_operations


@pytest.fixture
def objects(member_user, make_user, make_member_user, session, category, staff, unit, liaison):
    """The member's draft, replied proposal, invitation and notification."""
    draft = services.create_draft(
        actor=member_user, session=session, title="我的草稿", category=category
    )
    replied = services.create_draft(
        actor=member_user,
        session=session,
        title="已答复的",
        analysis="a",
        suggestions="s",
        category=category,
    )
    services.submit(actor=member_user, proposal=replied)
    services.register(actor=staff, proposal=replied)
    p = services.assign(actor=staff, proposal=replied, lead=unit)
    lead = p.assignments.get()
    services.sign_for(actor=liaison, assignment=lead)
    talk(liaison, lead)
    release_reply(liaison=liaison, assignment=lead, staff=staff)
    inviter = make_member_user("邀请人")
    theirs = services.create_draft(actor=inviter, session=session, title="请联名")
    invitation = services.invite_cosigner(actor=inviter, proposal=theirs, member=member_user.member)
    note = notify(recipients=[member_user], kind="test", title="只给我的")[0]
    report = report_services.save_draft(actor=member_user, title="我的社情", problem="问题")
    writer = make_user(Role.LIAISON_STAFF)
    notice = news_services.save_notice(
        actor=writer,
        data={
            "title": "只发给我",
            "body": "b",
            "audience": Notice.Audience.CHOSEN,
            "reply_by": timezone.localdate() + timedelta(days=3),
        },
        chosen=[member_user.member],
    )
    notice = news_services.publish_notice(actor=writer, notice=notice)
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, sign_in_open=True)
    AttendanceFactory(meeting=meeting, member=member_user.member)
    return {
        "meeting": meeting,
        "draft": draft,
        "replied": replied,
        "invitation": invitation,
        "note": note,
        "report": report,
        "notice": notice,
    }


def _requests(o):
    d, r = o["draft"].pk, o["replied"].pk
    body = {"satisfaction": "satisfied", "score_before": 5, "score_during": 5, "score_reply": 5}
    return {
        ("get", "/api/proposals/{pk}"): [
            ("get", f"/proposals/{d}", None),
            ("get", f"/proposals/{r}", None),
        ],
        ("patch", "/api/proposals/{pk}"): [("patch", f"/proposals/{d}", {"title": "偷改"})],
        ("get", "/api/proposals/{pk}/timeline"): [("get", f"/proposals/{d}/timeline", None)],
        ("get", "/api/proposals/{pk}/replies"): [("get", f"/proposals/{r}/replies", None)],
        ("post", "/api/proposals/{pk}/cosigners"): [
            ("post", f"/proposals/{d}/cosigners", {"member_id": o["invitation"].member_id})
        ],
        ("post", "/api/proposals/{pk}/submit"): [("post", f"/proposals/{d}/submit", None)],
        ("post", "/api/proposals/{pk}/evaluation"): [("post", f"/proposals/{r}/evaluation", body)],
        ("post", "/api/invitations/{pk}/answer"): [
            ("post", f"/invitations/{o['invitation'].pk}/answer", {"accept": False})
        ],
        ("post", "/api/notifications/{pk}/read"): [
            ("post", f"/notifications/{o['note'].pk}/read", None)
        ],
        ("get", "/api/meetings/{pk}"): [("get", f"/meetings/{o['meeting'].pk}", None)],
        ("post", "/api/meetings/{pk}/confirm"): [
            ("post", f"/meetings/{o['meeting'].pk}/confirm", None)
        ],
        ("post", "/api/meetings/{pk}/leave"): [
            ("post", f"/meetings/{o['meeting'].pk}/leave", {"reason": "冒名请假"})
        ],
        ("post", "/api/meetings/{pk}/sign-in"): [
            ("post", f"/meetings/{o['meeting'].pk}/sign-in", {"code": o["meeting"].sign_in_code})
        ],
        ("get", "/api/reports/{pk}"): [("get", f"/reports/{o['report'].pk}", None)],
        ("patch", "/api/reports/{pk}"): [
            ("patch", f"/reports/{o['report'].pk}", {"title": "偷改"})
        ],
        ("post", "/api/reports/{pk}/submit"): [("post", f"/reports/{o['report'].pk}/submit", None)],
        ("get", "/api/notices/{pk}"): [("get", f"/notices/{o['notice'].pk}", None)],
        ("post", "/api/notices/{pk}/confirm"): [
            ("post", f"/notices/{o['notice'].pk}/confirm", None)
        ],
    }


def test_every_object_route_has_an_idor_case(objects):
    with_ids = {op for op in schema_operations() if "{" in op[1]}
    assert with_ids == set(_requests(objects))


def test_another_members_token_gets_404_everywhere(api_as, objects, make_member_user):
    intruder = api_as(make_member_user("别的委员"))
    for route, calls in _requests(objects).items():
        for method, path, body in calls:
            r = intruder.get(path) if method == "get" else intruder.send(method, path, body)
            assert r.status_code == 404, (route, path, r.status_code, r.content[:200])
            assert r.json()["code"] == "not_found"
    objects["invitation"].refresh_from_db()
    assert objects["invitation"].state == "invited"
    objects["note"].refresh_from_db()
    assert objects["note"].read_at is None
    assert Attendance.objects.get(meeting=objects["meeting"]).status == "invited"
    objects["report"].refresh_from_db()
    assert (objects["report"].title, objects["report"].state) == ("我的社情", "draft")
