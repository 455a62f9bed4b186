"""The work queues the dashboard adds to each role's home page, and the navigation badge."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from dashboard import queues
from proposals.models import Proposal
from tests.dashboard.conftest import build
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db
ALL = [*Role.values, "none", "superuser"]


@pytest.mark.parametrize("role", ALL)
def test_home_renders_for_every_role(role, role_users, client_for, dataset):
    assert client_for(role_users[role]).get(reverse("home")).status_code == 200


def test_staff_counts(dataset):
    c = queues.staff_counts()
    assert c["to_assign"] == 1  # the registered one
    assert c["overdue"] == 4  # p12, p13, p14 and last year's
    assert (c["returns"], c["extensions"], c["rectifications_overdue"]) == (0, 0, 0)


def test_staff_home_shows_the_queue(role_users, client_for, dataset):
    html = client_for(role_users["proposal_staff"]).get(reverse("home")).content.decode()
    assert "?status=registered" in html


def test_unit_counts(make_user, dataset):
    user = make_user(Role.UNIT_LIAISON)
    dataset.units["B"].liaisons.add(user)
    today = timezone.localdate()
    p = ProposalFactory(session=dataset.session, status=Proposal.Status.ASSIGNED)
    from proposals.models import Assignment

    Assignment.objects.create(
        proposal=p,
        unit=dataset.units["B"],
        role="lead",
        return_due_on=today,
        due_on=today + timedelta(days=3),
    )
    assert queues.unit_counts(user) == {"assigned": 5, "due_soon": 1, "overdue": 4}


def test_member_evaluations_due(role_users, client_for, term):
    member = role_users["member"].member
    p = ProposalFactory(first_proposer=member, status=Proposal.Status.REPLIED, title="待评价提案")
    ProposalFactory(first_proposer=member, status=Proposal.Status.CLOSED)
    assert list(queues.evaluations_due(role_users["member"])) == [p]
    html = client_for(role_users["member"]).get(reverse("home")).content.decode()
    assert "待评价提案" in html


def test_leader_home_and_nav_badge(role_users, client_for, dataset):
    html = client_for(role_users["leader"]).get(reverse("home")).content.decode()
    assert reverse("dashboard:leader") in html
    assert queues.overdue_count(role_users["leader"]) == 4


@pytest.mark.parametrize("extra", [0, 20])
@pytest.mark.parametrize("role", ["proposal_staff", "leader", "unit_liaison"])
def test_home_queries_constant(
    extra, role, term, role_users, client_for, django_assert_max_num_queries
):
    build(term, extra=extra)
    c = client_for(role_users[role])
    c.get(reverse("home"))
    with django_assert_max_num_queries(40):
        assert c.get(reverse("home")).status_code == 200


def test_nav_badge_for_leaders_only(role_users, dataset):
    from dashboard.navigation import leader_badge

    assert leader_badge(role_users["leader"]) == 4
    assert leader_badge(role_users["proposal_staff"]) is None
    assert leader_badge(role_users["superuser"]) is None  # holds the staff roles too


def test_a_home_seen_again_is_served_from_its_cache(
    role_users, client_for, term, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """The second visit costs the session, the user and the stamp, not the sections."""
    member = role_users["member"].member
    c = client_for(role_users["member"])
    c.get(reverse("home"))
    with django_assert_max_num_queries(8):
        assert c.get(reverse("home")).status_code == 200
    # a committed write moves the stamp: the next visit shows it at once
    with django_capture_on_commit_callbacks(execute=True):
        ProposalFactory(first_proposer=member, status=Proposal.Status.REPLIED, title="新答复的提案")
    assert "新答复的提案" in c.get(reverse("home")).content.decode()


def test_a_cached_home_is_never_another_users(role_users, client_for, term):
    m = role_users["member"].member
    ProposalFactory(first_proposer=m, status=Proposal.Status.REPLIED, title="只属于本人的提案")
    assert (
        "只属于本人的提案" in client_for(role_users["member"]).get(reverse("home")).content.decode()
    )
    other = client_for(role_users["proposal_staff"]).get(reverse("home")).content.decode()
    assert "只属于本人的提案" not in other
