"""Helpers for the term change tests (members and every part whose writes the old term refuses)."""

from datetime import date, timedelta

from django.utils import timezone

from members.terms.change import open_new_term
from tests.factories import SessionFactory, TermFactory

TODAY = timezone.localdate()
NEW_START = TODAY - timedelta(days=2)  # the new term covers today; the old one ends before
OLD_DAY = date(TODAY.year - 1, 6, 1)  # a day of the old term, in a year of its own


def old_term_with_session():
    """The outgoing term (covering today until the change), with one session."""
    term = TermFactory(
        number=2,
        name="第二届",
        start_date=date(TODAY.year - 4, 1, 1),
        end_date=TODAY + timedelta(days=30),
    )
    SessionFactory(term=term, year=OLD_DAY.year)
    return term


def change_term(actor, *, reappointed=(), **kw):
    return open_new_term(
        actor=actor,
        number=3,
        name="第三届",
        start_date=NEW_START,
        end_date=NEW_START.replace(year=NEW_START.year + 5),
        sessions=[
            {
                "name": "三届一次会议",
                "year": NEW_START.year,
                "start_date": NEW_START,
                "end_date": NEW_START + timedelta(days=3),
                "proposal_window_start": NEW_START,
                "proposal_window_end": NEW_START + timedelta(days=2),
            }
        ],
        reappointed=reappointed,
        confirmed=kw.pop("confirmed", True),
        **kw,
    )


def aware(day):
    """Noon of a day, as a stored time."""
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time(12, 0)))
