"""The feedback deadline of a consultation's outcome follows a holiday notice that moves it."""

from datetime import date

import pytest

from consultations.deadline_hooks import feedback_deadlines_moved
from consultations.services import FEEDBACK_DUTY, OUTCOME_DUTY
from cppcc_portal.notifications import calendar, services
from cppcc_portal.notifications.hooks import deadline_moved_hooks
from tests.notifications.notice_fixtures import enter_and_recompute, hold_calendar_at_2026_12_02

from .factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_feedback_due_on_follows(monkeypatch, make_user):
    hold_calendar_at_2026_12_02(monkeypatch)
    assert feedback_deadlines_moved in deadline_moved_hooks("consultations.consultation")
    due = calendar.add_working_days(date(2026, 12, 28), 7)  # 12/29–31, 1/4–1/7 → 2027-01-07
    consultation = ConsultationFactory(feedback_due_on=due)
    services.open_deadline(
        target=consultation, duty=FEEDBACK_DUTY, due_on=due, responsible=[], title="反馈"
    )
    stats = enter_and_recompute(make_user("proposal_staff"), "2027-01-04\t休")
    consultation.refresh_from_db()
    assert stats["moved"] == 1 and consultation.feedback_due_on == date(2027, 1, 8)


def test_outcome_due_on_follows(monkeypatch, make_user):
    hold_calendar_at_2026_12_02(monkeypatch)
    due = calendar.add_working_days(date(2026, 12, 28), 7)
    consultation = ConsultationFactory(outcome_due_on=due, feedback_due_on=date(2026, 12, 31))
    services.open_deadline(
        target=consultation, duty=OUTCOME_DUTY, due_on=due, responsible=[], title="成果"
    )
    stats = enter_and_recompute(make_user("proposal_staff"), "2027-01-04\t休")
    consultation.refresh_from_db()
    assert stats["moved"] == 1 and consultation.outcome_due_on == date(2027, 1, 8)
    assert consultation.feedback_due_on == date(2026, 12, 31)  # its own deadline did not move
