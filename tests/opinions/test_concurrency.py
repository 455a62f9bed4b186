"""Two staff acting on one report at the same moment: one wins, the other is refused; issue
numbers stay gap-free and unique under concurrent adoption."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from opinions import services
from opinions.models import Report
from opinions.workflow import State
from tests.factories import MemberFactory

from .factories import EditedFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _race(fns):
    barrier = threading.Barrier(len(fns))
    results = [None] * len(fns)

    def run(i, fn):
        barrier.wait()
        try:
            results[i] = fn()
        except ValidationError as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_adopt_and_archive_race(staff, term):
    report = EditedFactory(member=MemberFactory())
    results = _race(
        [
            lambda: services.adopt_report(
                actor=staff, report=report, signed_off_by="张", version=report.version
            ),
            lambda: services.archive_report(
                actor=staff, report=report, note="不录用", version=report.version
            ),
        ]
    )
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    report.refresh_from_db()
    assert report.state in {State.ADOPTED, State.ARCHIVED}


def test_concurrent_new_issues_get_distinct_numbers(staff, term):
    reports = [EditedFactory(member=MemberFactory()) for _ in range(3)]
    _race(
        [
            (lambda r=r: services.adopt_report(actor=staff, report=r, signed_off_by="张"))
            for r in reports
        ]
    )
    numbers = sorted(
        Report.objects.filter(state=State.ADOPTED).values_list("issue__number", flat=True)
    )
    assert numbers == [1, 2, 3]
