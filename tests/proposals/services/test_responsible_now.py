"""Reminders reach whoever is responsible now (DOMAIN §2.5): a unit's deadlines name the unit,
so a liaison replaced mid-handling stops receiving and the new one receives; an escalation
reaches the unit's head of the day, then proposal staff, then the supervising leaders."""

from datetime import timedelta

import pytest
from django.urls import reverse

from cppcc_portal.notifications import reminders
from cppcc_portal.notifications.home import my_deadlines
from cppcc_portal.notifications.models import Deadline, Notification
from proposals import services

from ..factories import fresh

pytestmark = pytest.mark.django_db


def _kinds(user, deadline):
    """The reminders of this deadline a person got."""
    return list(
        Notification.objects.filter(
            recipient=user, kind__startswith="deadline.", title__contains=deadline.title
        )
        .order_by("id")
        .values_list("kind", flat=True)
    )


def test_a_replaced_liaison_stops_receiving_and_the_new_one_receives(
    assigned, unit, liaison, make_user, staff, client_for
):
    services.sign_for(actor=liaison, assignment=assigned.assignments.get(role="lead"))
    deadline = Deadline.objects.get(duty="proposal.lead_reply")
    assert deadline.parties == [f"unit:{unit.pk}"] and not deadline.responsible.exists()
    old_head, new_head = make_user(), make_user()
    unit.head_user = old_head
    unit.save()
    # mid-handling the unit's liaison and its head change
    new_liaison = make_user("unit_liaison")
    unit.liaisons.remove(liaison)
    unit.liaisons.add(new_liaison)
    unit.head_user = new_head
    unit.save()

    reminders.scan(today=deadline.due_on - timedelta(days=1))
    assert _kinds(new_liaison, deadline) == ["deadline.reminder"]
    assert _kinds(liaison, deadline) == []
    reminders.scan(today=deadline.due_on + timedelta(days=8))  # the second overdue reminder
    assert _kinds(new_liaison, deadline) == ["deadline.reminder", "deadline.overdue"]
    assert _kinds(new_head, deadline) == ["deadline.escalation"]
    assert _kinds(old_head, deadline) == [] and _kinds(liaison, deadline) == []
    # "my deadlines" follow the post too, and the staff deadline page names who holds it now
    assert my_deadlines(liaison) is None
    assert my_deadlines(new_liaison) is not None
    page = client_for(staff).get(reverse("notifications:deadlines"))
    row = page.content.decode()
    assert new_liaison.username in row or new_liaison.get_full_name() in row


def test_escalation_reaches_staff_and_the_supervising_leaders_of_the_day(
    assigned, unit, staff, leader, make_user, liaison
):
    services.sign_for(actor=liaison, assignment=assigned.assignments.get(role="lead"))
    deadline = Deadline.objects.get(duty="proposal.lead_reply")
    p = services.set_key(actor=staff, proposal=fresh(assigned), is_key=True, leaders=[leader])
    other = make_user("leader")
    services.set_key(actor=staff, proposal=p, is_key=True, leaders=[other])
    late_staff = make_user("proposal_staff")
    for week in range(4):
        reminders.scan(today=deadline.due_on + timedelta(days=1 + 7 * week))
    assert "deadline.escalation" in _kinds(late_staff, deadline)
    assert "deadline.escalation" in _kinds(other, deadline)
    assert _kinds(leader, deadline) == []  # no longer supervising it
    assert "deadline.escalation" in _kinds(staff, deadline)


def test_a_unit_without_liaison_reminds_its_head(assigned, unit, liaison, make_user):
    services.sign_for(actor=liaison, assignment=assigned.assignments.get(role="lead"))
    head = make_user()
    unit.head_user = head
    unit.save()
    unit.liaisons.remove(liaison)
    deadline = Deadline.objects.get(duty="proposal.lead_reply")
    reminders.scan(today=deadline.due_on)
    assert _kinds(head, deadline) == ["deadline.reminder"]
    assert my_deadlines(head) is not None
