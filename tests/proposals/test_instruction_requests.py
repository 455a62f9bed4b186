"""呈请领导批示: staff ask a leader for an instruction; the request waits in the leader's queue
until that leader writes one on the proposal (it is answered) or staff withdraw it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Notification
from proposals import selectors, services
from proposals.models import InstructionRequest, Proposal, ProposalEvent

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db
ALL = [*Role.values, "none", "superuser"]


def _ask(staff, p, leader, note="请领导批示办理意见"):
    return services.ask_for_instruction(actor=staff, proposal=p, leader=leader, note=note)


# --- services -------------------------------------------------------------------------------


def test_ask_notifies_the_leader_and_records_the_event(registered, staff, leader):
    req = _ask(staff, registered, leader)
    assert req.is_open and req.asked_by == staff and req.leader == leader
    note = Notification.objects.get(recipient=leader, kind="proposal.instruction_request")
    assert note.body == "请领导批示办理意见"
    assert note.url == registered.get_absolute_url()
    assert ProposalEvent.objects.filter(proposal=registered, action="instruction_asked").exists()
    assert list(selectors.instruction_requests_for_leader(leader)) == [req]
    assert selectors.open_instruction_request_count(leader) == 1


def test_answering_closes_only_that_leaders_open_request(registered, staff, leader, make_user):
    other = make_user(Role.LEADER)
    mine, theirs = _ask(staff, registered, leader), _ask(staff, registered, other)
    ins = services.record_instruction(actor=leader, proposal=registered, text="请抓紧办理")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.state == "answered" and mine.instruction == ins and mine.answered_at
    assert theirs.is_open
    assert selectors.open_instruction_request_count(leader) == 0
    assert selectors.open_instruction_request_count(other) == 1
    # once answered, the same leader may be asked again
    assert _ask(staff, registered, leader, "再请批示").is_open


def test_an_instruction_without_a_request_answers_nothing(registered, leader):
    services.record_instruction(actor=leader, proposal=registered, text="自发批示")
    assert not InstructionRequest.objects.exists()


def test_withdraw(registered, staff, leader):
    req = _ask(staff, registered, leader)
    with pytest.raises(PermissionDenied):
        services.withdraw_instruction_request(actor=leader, request=req)
    services.withdraw_instruction_request(actor=staff, request=req)
    req.refresh_from_db()
    assert req.state == "withdrawn" and req.withdrawn_at
    assert ProposalEvent.objects.filter(action="instruction_request_withdrawn").count() == 1
    assert Notification.objects.filter(
        recipient=leader, kind="proposal.instruction_request_withdrawn"
    ).exists()
    with pytest.raises(ValidationError, match="不再|no longer"):
        services.withdraw_instruction_request(actor=staff, request=req)
    # a later instruction does not revive a withdrawn request
    services.record_instruction(actor=leader, proposal=registered, text="批示")
    req.refresh_from_db()
    assert req.state == "withdrawn" and req.instruction is None


@pytest.mark.parametrize("role", [r for r in ALL if r not in {Role.PROPOSAL_STAFF, "superuser"}])
def test_only_proposal_staff_ask(role, role_users, registered, leader):
    with pytest.raises(PermissionDenied):
        _ask(role_users[role], registered, leader)
    assert not InstructionRequest.objects.exists()


def test_only_a_leader_can_be_asked(registered, staff, make_user, member_user):
    for not_leader in (staff, member_user, make_user(Role.UNIT_LIAISON), None):
        with pytest.raises(ValidationError) as exc:
            _ask(staff, registered, not_leader)
        assert "leader" in exc.value.message_dict
    retired = make_user(Role.LEADER, is_active=False)
    with pytest.raises(ValidationError):
        _ask(staff, registered, retired)
    assert not InstructionRequest.objects.exists()


@pytest.mark.parametrize("status", ["draft", "withdrawn", "merged", "submitted", "not_registered"])
def test_not_on_proposals_a_leader_cannot_instruct_on(status, session, staff, leader):
    p = ProposalFactory(session=session, status=status)
    with pytest.raises(ValidationError, match="立案|registered"):
        _ask(staff, p, leader)


def test_no_duplicate_open_request_and_empty_note_refused(registered, staff, leader):
    _ask(staff, registered, leader)
    with pytest.raises(ValidationError) as exc:
        _ask(staff, registered, leader, "又一次")
    assert "尚未" in " ".join(exc.value.messages) or "not answered" in str(exc.value)
    with pytest.raises(ValidationError):
        _ask(staff, registered, leader, "   ")
    assert InstructionRequest.objects.count() == 1


def test_the_database_refuses_a_second_open_request(registered, staff, leader):
    _ask(staff, registered, leader)
    with pytest.raises(IntegrityError), transaction.atomic():
        InstructionRequest.objects.create(proposal=registered, leader=leader, note="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        InstructionRequest.objects.filter(proposal=registered).update(
            answered_at="2026-01-01T00:00Z", withdrawn_at="2026-01-01T00:00Z"
        )


def test_merging_withdraws_open_requests(session, staff, leader):
    p, primary = (ProposalFactory(session=session, status="registered") for _ in range(2))
    req = _ask(staff, p, leader)
    services.merge(actor=staff, proposal=p, into=primary)
    req.refresh_from_db()
    assert req.state == "withdrawn"
    assert selectors.open_instruction_request_count(leader) == 0


# --- views ----------------------------------------------------------------------------------


def _status(client_for, user, url, method="get", **kw):
    return getattr(client_for(user), method)(url, **kw).status_code


@pytest.mark.parametrize("role", ALL)
def test_leader_list_by_role(role, role_users, client_for):
    code = _status(client_for, role_users[role], reverse("proposals:instruction_requests"))
    assert code == (200 if role in {Role.LEADER, "superuser"} else 403), (role, code)


@pytest.mark.parametrize("role", ALL)
def test_ask_by_role(role, role_users, client_for, registered):
    leader = role_users[Role.LEADER]
    url = reverse("proposals:instruction_request_ask", args=[registered.pk])
    data = {"ask-leader": leader.pk, "ask-note": "请批示"}
    code = _status(client_for, role_users[role], url, "post", data=data)
    if role in {Role.PROPOSAL_STAFF, "superuser"}:
        assert code == 302
        assert InstructionRequest.objects.filter(leader=leader).count() == 1
    else:
        assert code in {403, 404}, (role, code)
        assert not InstructionRequest.objects.exists()


@pytest.mark.parametrize("role", ALL)
def test_withdraw_by_role(role, role_users, client_for, registered, staff):
    req = _ask(staff, registered, role_users[Role.LEADER])
    url = reverse("proposals:instruction_request_withdraw", args=[req.pk])
    code = _status(client_for, role_users[role], url, "post")
    req.refresh_from_db()
    if role in {Role.PROPOSAL_STAFF, "superuser"}:
        assert code == 302 and req.state == "withdrawn"
    else:
        assert code in {403, 404} and req.is_open, (role, code)


def test_get_on_the_write_views_is_refused(registered, staff, client_for, leader):
    req = _ask(staff, registered, leader)
    c = client_for(staff)
    assert (
        c.get(reverse("proposals:instruction_request_ask", args=[registered.pk])).status_code == 405
    )
    assert (
        c.get(reverse("proposals:instruction_request_withdraw", args=[req.pk])).status_code == 405
    )


def test_ask_form_refusals_render_the_page(registered, staff, leader, member_user, client_for):
    c = client_for(staff)
    url = reverse("proposals:instruction_request_ask", args=[registered.pk])
    r = c.post(url, {"ask-leader": member_user.pk, "ask-note": "请批示"})
    assert r.status_code == 400  # not a leader: not among the choices
    r = c.post(url, {"ask-leader": leader.pk, "ask-note": ""})
    assert r.status_code == 400
    assert c.post(url, {"ask-leader": leader.pk, "ask-note": "请批示"}).status_code == 302
    r = c.post(url, {"ask-leader": leader.pk, "ask-note": "再请"})
    assert r.status_code == 400
    assert "尚未" in r.content.decode()
    assert InstructionRequest.objects.count() == 1


def test_detail_page_by_role(registered, staff, leader, make_user, client_for, role_users):
    other_leader = make_user(Role.LEADER)
    req = _ask(staff, registered, leader, "请就经费问题批示")
    url = reverse("proposals:detail", args=[registered.pk])
    html = client_for(staff).get(url).content.decode()
    assert 'data-action="ask_instruction"' in html and "请就经费问题批示" in html
    assert reverse("proposals:instruction_request_withdraw", args=[req.pk]) in html
    assert 'data-event="instruction_asked"' in html
    html = client_for(leader).get(url).content.decode()
    assert f'data-instruction-request="{req.pk}"' in html and "#act-instruct" in html
    assert 'id="act-instruct"' in html
    assert 'data-action="ask_instruction"' not in html
    for user in (other_leader, role_users[Role.MEMBER]):
        html = client_for(user).get(url).content.decode()
        assert "请就经费问题批示" not in html and "data-instruction-request" not in html
        assert 'data-event="instruction_asked"' not in html


def test_answered_request_links_to_the_instruction(registered, staff, leader, client_for):
    _ask(staff, registered, leader)
    ins = services.record_instruction(actor=leader, proposal=registered, text="同意，请抓紧")
    html = client_for(staff).get(reverse("proposals:detail", args=[registered.pk])).content
    html = html.decode()
    assert f'href="#instruction-{ins.pk}"' in html and f'id="instruction-{ins.pk}"' in html
    assert 'data-state="answered"' in html


def test_leader_sees_only_requests_addressed_to_them(
    registered, staff, leader, make_user, client_for
):
    other = make_user(Role.LEADER)
    _ask(staff, registered, leader, "给本领导的请示")
    _ask(staff, registered, other, "给另一位领导的请示")
    for state in ("open", "all", "bogus"):
        html = (
            client_for(leader)
            .get(reverse("proposals:instruction_requests") + f"?state={state}")
            .content.decode()
        )
        assert "给本领导的请示" in html and "给另一位领导的请示" not in html
    home = client_for(leader).get(reverse("home")).content.decode()
    assert "给本领导的请示" in home and "给另一位领导的请示" not in home
    assert "给本领导的请示" not in client_for(staff).get(reverse("home")).content.decode()


def test_list_states(registered, staff, leader, client_for, session):
    p2 = ProposalFactory(session=session, status="registered", title="第二件提案")
    _ask(staff, registered, leader, "待批示的请示")
    services.withdraw_instruction_request(
        actor=staff, request=_ask(staff, p2, leader, "撤回的请示")
    )
    c = client_for(leader)
    url = reverse("proposals:instruction_requests")
    assert "撤回的请示" not in c.get(url).content.decode()
    html = c.get(url + "?state=withdrawn").content.decode()
    assert "撤回的请示" in html and "待批示的请示" not in html
    services.record_instruction(actor=leader, proposal=registered, text="批示内容")
    html = c.get(url + "?state=answered").content.decode()
    assert "待批示的请示" in html and "批示内容" in html
    assert "待批示的请示" not in c.get(url).content.decode()


def test_nav_badge(registered, staff, leader, role_users):
    from django.test import RequestFactory

    from cppcc_portal.accounts.roles import user_roles
    from cppcc_portal.core.navigation import counts_for

    _ask(staff, registered, leader)
    request = RequestFactory().get("/")
    request.user = leader
    assert 1 in [n for _id, n in counts_for(request, user_roles(leader))]
    request.user = staff
    assert selectors.open_instruction_request_count(staff) == 0
    assert selectors.open_instruction_request_count(role_users[Role.MEMBER]) == 0


# --- constant queries -----------------------------------------------------------------------


def _grow(n, session, staff, leader):
    for i in range(n):
        p = ProposalFactory(session=session, status="registered", title=f"请示提案{i}")
        req = _ask(staff, p, leader, f"请示{i}")
        if i % 3 == 1:
            services.record_instruction(actor=leader, proposal=p, text=f"批示{i}")
        elif i % 3 == 2:
            services.withdraw_instruction_request(actor=staff, request=req)


def test_constant_queries(
    session, staff, leader, registered, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = [
        (leader, reverse("proposals:instruction_requests")),
        (leader, reverse("proposals:instruction_requests") + "?state=all"),
        (leader, reverse("home")),
        (leader, reverse("proposals:detail", args=[registered.pk])),
        (staff, reverse("proposals:detail", args=[registered.pk])),
    ]
    counts = []
    for size in (2, 12):
        _grow(size, session, staff, leader)
        if size == 2:
            _ask(staff, registered, leader)
        row = []
        for user, url in pages:
            c = client_for(user)
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            row.append(len(ctx))
        counts.append(row)
    assert counts[0] == counts[1], list(zip([u for _, u in pages], *counts, strict=True))
    for (user, url), n in zip(pages, counts[1], strict=True):
        c = client_for(user)
        with django_assert_max_num_queries(n):
            c.get(url)
    assert Proposal.objects.count() > 12
