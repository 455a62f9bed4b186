"""Deadlines that name a role (or, through an app, a unit) instead of the people of the day:
the reminder goes to whoever holds it when it goes out; "my deadlines" follows the post."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group

from cppcc_portal.notifications import parties, reminders, services
from cppcc_portal.notifications.home import my_deadlines
from cppcc_portal.notifications.models import Deadline, Notification

pytestmark = pytest.mark.django_db
DUE = date(2025, 10, 20)


def _open(target, **kw):
    return services.open_deadline(
        target=target,
        duty="proposal.reply_review",
        due_on=DUE,
        title="审核答复稿",
        url="/proposals/1/",
        **kw,
    )


def _kinds(user):
    return list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("kind", flat=True)
    )


def test_a_role_party_resolves_when_the_reminder_goes_out(make_user, chain):
    old, new = chain["staff"], make_user(username="newstaff")
    deadline = _open(
        chain["leader"], responsible=["role:proposal_staff"], escalation=[[chain["leader"]]]
    )
    assert deadline.parties == ["role:proposal_staff"] and not deadline.responsible.exists()
    # the post changes hands before the first reminder
    group = Group.objects.get(name="proposal_staff")
    group.user_set.remove(old)
    group.user_set.add(new)
    reminders.scan(today=DUE - timedelta(days=7))
    assert _kinds(new) == ["deadline.reminder"] and _kinds(old) == []
    reminders.scan(today=DUE + timedelta(days=1))
    assert _kinds(new) == ["deadline.reminder", "deadline.overdue"]
    assert _kinds(chain["leader"]) == ["deadline.escalation"]


def test_an_escalation_step_can_name_a_role(make_user, chain):
    _open(chain["leader"], responsible=[chain["liaison"]], escalation=[["role:proposal_staff"]])
    late = make_user("proposal_staff", username="latecomer")  # joins after it was opened
    reminders.scan(today=DUE + timedelta(days=1))
    assert _kinds(late) == ["deadline.escalation"] == _kinds(chain["staff"])


def test_my_deadlines_follow_the_post(make_user, chain):
    _open(chain["leader"], responsible=["role:proposal_staff"])
    assert my_deadlines(chain["staff"]) is not None
    Group.objects.get(name="proposal_staff").user_set.remove(chain["staff"])
    fresh = type(chain["staff"]).objects.get(pk=chain["staff"].pk)
    assert my_deadlines(fresh) is None
    assert Deadline.objects.of_person(fresh).count() == 0


def test_unknown_or_malformed_parties_are_refused(chain):
    for bad in ("unicorn:1", "role", "role:", "ROLE:x", "role:" + "x" * 40):
        with pytest.raises(ValueError):
            _open(chain["leader"], responsible=[bad])
    assert not Deadline.objects.exists()


def test_people_now_in_a_fixed_number_of_queries(make_user, chain, django_assert_num_queries):
    deadlines = [
        _open(chain[k], responsible=["role:proposal_staff", chain["liaison"]])
        for k in ("leader", "head", "staff")
    ]
    with django_assert_num_queries(2):  # the named people, then the role's members
        found = parties.people_now(deadlines)
    assert all(set(ids) == {chain["staff"].pk, chain["liaison"].pk} for ids in found.values())
