"""代录入: staff enter a paper proposal — every field, the scan, the day it was handed in (which
decides the session and plenary vs between-session), co-signers confirmed on paper; the
timeline says so and the first proposer is told and sees it at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cppcc_portal.notifications.models import Notification
from members.models import Member
from proposals import selectors, services
from proposals.models import Proposal, ProposalEvent
from tests.factories import SessionFactory

from ..factories import PNG

pytestmark = pytest.mark.django_db
S = Proposal.Status


@pytest.fixture
def sessions(term):
    """Last year's session and this year's, their plenary windows both past."""
    old = SessionFactory(
        term=term,
        number=1,
        name="二届一次会议",
        year=timezone.localdate().year - 1,
        start_date=timezone.localdate() - timedelta(days=380),
        end_date=timezone.localdate() - timedelta(days=376),
        proposal_window_start=timezone.localdate() - timedelta(days=400),
        proposal_window_end=timezone.localdate() - timedelta(days=370),
    )
    new = SessionFactory(
        term=term,
        number=2,
        name="二届二次会议",
        year=timezone.localdate().year,
        start_date=timezone.localdate() - timedelta(days=40),
        end_date=timezone.localdate() - timedelta(days=36),
        proposal_window_start=timezone.localdate() - timedelta(days=60),
        proposal_window_end=timezone.localdate() - timedelta(days=30),
    )
    return old, new


def _scan():
    return SimpleUploadedFile("提案表扫描件.png", PNG)


def _enter(staff, first, category, **kw):
    kw.setdefault("handed_in_on", timezone.localdate() - timedelta(days=40))
    return services.enter_on_paper(
        actor=staff,
        first_proposer=first,
        title=kw.pop("title", "关于加强老旧小区加装电梯的建议"),
        analysis=kw.pop("analysis", "老旧小区多为多层住宅，老人上下楼难。"),
        suggestions=kw.pop("suggestions", "一是简化审批；二是给予补贴。"),
        category=category,
        scan=kw.pop("scan", _scan()),
        **kw,
    )


def test_staff_enter_a_paper_proposal_with_paper_cosigners(
    sessions, staff, member_user, cosigner_users, category
):
    first = member_user.member
    cosigners = [u.member for u in cosigner_users]
    p = _enter(staff, first, category, cosigners=cosigners)
    assert p.status == S.SUBMITTED and p.session == sessions[1]
    assert p.is_plenary and p.kind == Proposal.Kind.JOINT
    assert p.entered_by == staff and p.handed_in_on == timezone.localdate() - timedelta(days=40)
    rows = list(p.cosigners.values_list("member__name", "state", "on_paper"))
    assert rows == [(m.name, "confirmed", True) for m in cosigners]
    scan = p.attachments.get()
    assert scan.is_paper_scan and scan.name == "提案表扫描件.png"
    event = ProposalEvent.objects.get(proposal=p, action="enter_on_paper")
    assert event.actor == staff and event.to_state == S.SUBMITTED
    assert "李联名" in event.comment and "张联名" in event.comment
    # the first proposer is told and sees it at once; the co-signers too
    note = Notification.objects.get(recipient=member_user, kind="proposal.entered_on_paper")
    assert note.url == p.get_absolute_url()
    assert selectors.visible_to(member_user).filter(pk=p.pk).exists()
    assert selectors.member_proposals(cosigner_users[0]).filter(pk=p.pk).exists()
    # staff review it as any other
    assert services.register(actor=staff, proposal=p).status == S.REGISTERED


def test_the_day_handed_in_decides_the_session_and_the_kind_of_proposal(
    sessions, staff, member_user, category
):
    old, new = sessions
    last_year = _enter(staff, member_user.member, category, handed_in_on=old.proposal_window_end)
    assert (last_year.session, last_year.is_plenary) == (old, True)
    between = _enter(
        staff, member_user.member, category, handed_in_on=timezone.localdate() - timedelta(days=10)
    )
    assert (between.session, between.is_plenary) == (new, False)


def test_paper_entry_refusals(sessions, staff, member_user, cosigner_users, category, make_user):
    first = member_user.member
    with pytest.raises(PermissionDenied):
        _enter(member_user, first, category)
    cases = [
        ({"handed_in_on": timezone.localdate() + timedelta(days=1)}, "handed_in_on"),
        ({"handed_in_on": None}, "handed_in_on"),
        (
            {"handed_in_on": timezone.localdate() - timedelta(days=2000)},
            "handed_in_on",
        ),  # no session then
        ({"scan": None}, "scan"),
        ({"analysis": "  "}, "analysis"),
        ({"suggestions": ""}, "suggestions"),
        ({"cosigners": [first]}, "cosigners"),
        ({"kind": "nonsense"}, "kind"),
        ({"title": "标" * 101}, "title"),
        ({"title": " "}, "title"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as exc:
            _enter(staff, first, category, **kwargs)
        assert field in exc.value.message_dict, (kwargs, exc.value)
    with pytest.raises(ValidationError) as exc:
        _enter(staff, first, None)
    assert "category" in exc.value.message_dict
    gone = cosigner_users[0].member
    Member.objects.filter(pk=gone.pk).update(status=Member.Status.LEFT)
    gone.refresh_from_db()
    for kwargs, field in (({"cosigners": [gone]}, "cosigners"), ({}, "first_proposer")):
        with pytest.raises(ValidationError) as exc:
            _enter(staff, gone if field == "first_proposer" else first, category, **kwargs)
        assert field in exc.value.message_dict
    assert not Proposal.objects.exists()


def test_sector_proposal_on_paper_only_inside_the_plenary_window(
    sessions, staff, member_user, category
):
    with pytest.raises(ValidationError) as exc:
        _enter(
            staff,
            member_user.member,
            category,
            kind=Proposal.Kind.SECTOR,
            organisation="教育界",
            handed_in_on=timezone.localdate() - timedelta(days=10),
        )
    assert "界别" in exc.value.message_dict["kind"][0] or "plenary" in str(exc.value)
    p = _enter(
        staff,
        member_user.member,
        category,
        kind=Proposal.Kind.MEMBER_GROUP,
        organisation="第三联组",
        handed_in_on=timezone.localdate() - timedelta(days=45),
    )
    assert p.is_plenary and p.kind == Proposal.Kind.MEMBER_GROUP
