"""The meeting and consultation lists count attendance per listed row (a subquery each, run
after the page's LIMIT): the right figures, and no aggregate over every meeting."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations import selectors
from consultations.models import Attendance, Meeting

from .factories import AttendanceFactory, ConsultationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_meeting_list_counts_invited_attended_and_pending_leave(staff):
    busy, empty = MeetingFactory(), MeetingFactory()
    for status in ("attended", "attended", "leave_requested", "invited"):
        AttendanceFactory(meeting=busy, status=status)
    rows = {m.pk: m for m in selectors.meeting_list(staff)}
    assert (rows[busy.pk].n_invited, rows[busy.pk].n_attended, rows[busy.pk].n_pending_leave) == (
        4,
        2,
        1,
    )
    assert (rows[empty.pk].n_invited, rows[empty.pk].n_attended) == (0, 0)


def test_consultation_list_counts_the_invited_of_all_its_meetings(staff):
    c = ConsultationFactory()
    kind = Meeting.Kind.CONSULTATION
    for meeting in (
        MeetingFactory(consultation=c, kind=kind),
        MeetingFactory(consultation=c, kind=kind),
    ):
        AttendanceFactory.create_batch(2, meeting=meeting)
    other = ConsultationFactory()
    rows = {x.pk: x for x in selectors.consultation_list(staff)}
    assert rows[c.pk].n_invited == 4 and rows[other.pk].n_invited == 0


def test_the_meeting_page_query_groups_nothing(staff):
    AttendanceFactory(meeting=MeetingFactory())
    with CaptureQueriesContext(connection) as queries:
        list(selectors.meeting_list(staff)[:20])
    (sql,) = [q["sql"] for q in queries if "consultations_meeting" in q["sql"]]
    assert 'GROUP BY "consultations_meeting"."id"' not in sql
    assert "LIMIT 20" in sql and Attendance.objects.count() == 1
