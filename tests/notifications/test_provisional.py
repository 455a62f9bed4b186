"""A deadline computed across a year with no holiday notice is provisional: stored by
open_deadline from the calendar's date, shown as 暂定 wherever deadlines are listed."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications import calendar, services
from cppcc_portal.notifications.models import Deadline, DeadlineChange

from .factories import DeadlineFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_notice_after_2026")]


def _open(target, due_on, duty="proposal.lead_reply", people=()):
    return services.open_deadline(
        target=target, duty=duty, due_on=due_on, responsible=people, title="答复第1号提案"
    )


class TestOpenDeadline:
    def test_a_date_across_2027_is_provisional_and_keeps_its_rule(self, make_user):
        d = _open(make_user(), calendar.add_months(date(2026, 12, 2), 3))
        d.refresh_from_db()
        assert d.due_on == date(2027, 3, 2) and type(d.due_on) is date
        assert d.provisional and d.provisional_live
        assert (d.rule, d.rule_amount, d.basis_on) == ("months", 3, date(2026, 12, 2))

    def test_a_date_inside_a_known_year_is_not(self, make_user):
        d = _open(make_user(), calendar.add_working_days(date(2026, 12, 2), 10))
        assert not d.provisional and d.rule == "working_days" and d.rule_amount == 10

    def test_a_date_a_person_chose_has_no_rule(self, make_user):
        d = _open(make_user(), date(2027, 3, 15))
        assert not d.provisional and d.rule == "" and d.basis_on is None

    def test_reopening_with_a_chosen_date_drops_the_rule(self, make_user):
        target = make_user()
        _open(target, calendar.add_months(date(2026, 12, 2), 3))
        d = _open(target, date(2027, 4, 1))
        d.refresh_from_db()
        assert d.rule == "" and not d.provisional and d.rule_amount is None

    def test_every_caller_of_the_calendar_gets_the_mark(self, make_user):
        """What the apps do: compute with the calendar, keep it on their own object, pass it on."""
        target = make_user()
        target.last_login_due = calendar.add_working_days(date(2026, 12, 28), 15)
        d = _open(target, target.last_login_due, duty="consultation.feedback")
        assert d.provisional and d.due_on == date(2027, 1, 19)


def _render(deadlines):
    return render_to_string("notifications/_deadlines.html", {"deadlines": deadlines})


class TestShown:
    def test_detail_partial_marks_live_provisional_deadlines(self, make_user):
        target = make_user()
        DeadlineFactory(target_id=target.pk, provisional=True, due_on=date(2027, 3, 2))
        html = _render(services.deadlines_for(target))
        assert "暂定" in html and "2027年的国务院节假日安排通知尚未录入" in html
        assert html.count('class="badge text-bg-warning text-decoration-none') == 1

    def test_an_ended_deadline_is_not_marked(self, make_user):
        target = make_user()
        DeadlineFactory(target_id=target.pk, provisional=True, state=Deadline.State.MET)
        assert "暂定" not in _render(services.deadlines_for(target))

    def test_the_earlier_date_is_shown(self, make_user):
        target = make_user()
        d = DeadlineFactory(target_id=target.pk, due_on=date(2027, 2, 18))
        DeadlineChange.objects.create(
            deadline=d, old_due_on=date(2027, 2, 12), new_due_on=d.due_on, reason="通知已录入"
        )
        html = _render(services.deadlines_for(target))
        assert "2027-02-18" in html and "原为 <del>2027-02-12</del>" in html

    def test_portal_deadline_list(self, client_for, role_users):
        DeadlineFactory(title="暂定的期限", provisional=True, due_on=date(2027, 3, 2))
        content = (
            client_for(role_users[Role.PROPOSAL_STAFF])
            .get(reverse("notifications:deadlines"))
            .content.decode()
        )
        assert "暂定的期限" in content and "暂定</abbr>" in content
        assert "国务院该年度的节假日安排通知尚未录入" in content

    def test_home_section(self, client_for, make_user):
        liaison = make_user("unit_liaison")
        DeadlineFactory(title="我的暂定期限", responsible=[liaison], provisional=True)
        content = client_for(liaison).get(reverse("home")).content.decode()
        assert "我的暂定期限" in content and "暂定</abbr>" in content

    @pytest.mark.parametrize("n", [2, 20])
    def test_the_change_log_costs_no_query(self, make_user, django_assert_num_queries, n):
        target = make_user()
        for i in range(n):
            d = DeadlineFactory(target_id=target.pk, duty=f"duty.{i}", provisional=True)
            DeadlineChange.objects.create(
                deadline=d, old_due_on=date(2027, 1, 4), new_due_on=d.due_on, reason="r"
            )
        deadlines = services.deadlines_for(target)
        with django_assert_num_queries(1):
            html = _render(deadlines)
        assert html.count("原为") == n
