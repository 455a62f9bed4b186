"""The dashboard's figures come from a cache keyed on the data stamp: a second read costs a
few queries, and any write moves the stamp so the next read shows it at once."""

from datetime import date

import pytest
from django.urls import reverse

from cppcc_portal.core.stamps import data_stamp
from members.models import DutyKind, DutyRecord
from proposals.models import Proposal
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _closed(ctx):
    return next(s for s in ctx["by_status"] if s["label"] == Proposal.Status.CLOSED.label)["value"]


def test_a_write_changes_the_cached_figure_immediately(
    role_users,
    client_for,
    dataset,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    c = client_for(role_users["leader"])
    url = reverse("dashboard:leader")
    first = c.get(url, {"year": 2026}).context
    assert _closed(first) == 10
    # the rendered body from the cache: session (read, touched), user, roles, the stamp
    with django_assert_max_num_queries(7):
        again = c.get(url, {"year": 2026})
    assert again.context["body"] == first["body"]  # the same figures, the same "as of" time
    assert f"{first['generated_at']:%Y-%m-%d %H:%M}" in again.content.decode()
    proposal = Proposal.objects.filter(status=Proposal.Status.CLOSED).first()
    with django_capture_on_commit_callbacks(execute=True):
        proposal.status = Proposal.Status.REPLIED
        proposal.save(update_fields=["status"])
    after = c.get(url, {"year": 2026}).context
    assert _closed(after) == 9


def test_a_bulk_ledger_write_moves_the_stamp(term):
    member = MemberFactory()
    before = data_stamp()
    DutyRecord.objects.bulk_create(  # no signal: the duty totals' checksum moves
        [
            DutyRecord(
                member=member,
                term=term,
                year=2026,
                kind=DutyKind.SPEECH,
                occurred_on=date(2026, 3, 1),
                points=1,
                source_key="bulk:1",
            )
        ]
    )
    assert data_stamp() != before


def test_a_raw_sql_void_moves_the_stamp_and_an_unchanged_total_does_not(term):
    """The totals trigger numbers each changed total (members 0009): a ledger UPDATE that
    sends no signal moves the stamp when a total changes, a title edit leaves it."""
    from django.db import connection

    member = MemberFactory()
    DutyRecord.objects.bulk_create(
        [
            DutyRecord(
                member=member,
                term=term,
                year=2026,
                kind=DutyKind.SPEECH,
                occurred_on=date(2026, 3, n),
                points=1,
                source_key=f"bulk:{n}",
            )
            for n in (1, 2)
        ]
    )
    before = data_stamp()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_dutyrecord SET title = 'x' WHERE member_id = %s", [member.pk]
        )
    assert data_stamp() == before
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_dutyrecord SET voided_at = now() WHERE source_key = 'bulk:1'"
        )
    assert data_stamp() != before


def test_a_liaison_taken_off_a_unit_no_longer_sees_its_cached_home(
    client_for, make_user, django_capture_on_commit_callbacks
):
    """What a user may see changes with many-to-many links (roles, a unit's liaisons): they
    move the stamp too, so a cached home never outlives the access it showed."""
    from cppcc_portal.accounts.roles import Role
    from tests.factories import HandlingUnitFactory

    liaison = make_user(Role.UNIT_LIAISON)
    unit = HandlingUnitFactory(name="区测试局")
    with django_capture_on_commit_callbacks(execute=True):
        unit.liaisons.add(liaison)
    c = client_for(liaison)
    before = data_stamp()
    assert "区测试局" in c.get(reverse("home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        unit.liaisons.remove(liaison)
    assert data_stamp() != before
    assert "区测试局" not in c.get(reverse("home")).content.decode()


def test_downloading_the_workbook_does_not_throw_its_figures_away(
    role_users, client_for, dataset, django_capture_on_commit_callbacks
):
    """Every export is audited, and the audit entry is a write; but no cached page reads
    exports, so the entry leaves the stamp where it was and the next download is served from
    the cached figures. A login refusal (which the security auditor's home counts) still
    moves it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cppcc_portal.audit.models import Action, AuditEntry

    c = client_for(role_users["leader"])
    url = reverse("dashboard:export")
    with django_capture_on_commit_callbacks(execute=True):
        assert c.get(url, {"year": 2026}).status_code == 200
    exported = AuditEntry.objects.filter(action=Action.EXPORT).count()
    stamp = data_stamp()
    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as queries,
    ):
        assert c.get(url, {"year": 2026}).status_code == 200
    assert AuditEntry.objects.filter(action=Action.EXPORT).count() == exported + 1
    assert data_stamp() == stamp
    assert not any("proposals_assignment" in q["sql"] for q in queries)
    with django_capture_on_commit_callbacks(execute=True):
        AuditEntry.objects.create(action=Action.LOGIN_FAILED, username="someone")
    assert data_stamp() != stamp
