"""The kept member-year totals (DutyTotal): written with every ledger write, checked against
the ledger by `check_duty_totals` after each service, read by the ranking in few queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from members import services
from members.models import DutyKind, DutyRecord, DutyTotal, PointRule
from members.points import recompute_year
from members.totals import differences
from tests.factories import MemberFactory

from .factories import add_record

pytestmark = pytest.mark.django_db

YEAR = 2026


def _check():
    """The management command's verdict: it exits non-zero on any difference."""
    try:
        call_command("check_duty_totals")
    except SystemExit as exit_:
        raise AssertionError(f"check_duty_totals failed: {differences()}") from exit_


def _record(member, staff):
    add_record(member, DutyKind.SPEECH)


def _record_again(member, staff):  # idempotent: no second record, total unchanged
    add_record(member, DutyKind.SPEECH, key="same")
    add_record(member, DutyKind.SPEECH, key="same")


def _void(member, staff):
    add_record(member, DutyKind.SPEECH, key="k")
    services.void_duty(member=member, kind=DutyKind.SPEECH, source_key="k", reason="取消")


def _void_record(member, staff):
    record = add_record(member, DutyKind.INSPECTION)
    services.void_duty_record(actor=staff, record=record, reason="更正")


def _manual(member, staff):
    services.add_manual_duty(
        actor=staff,
        member=member,
        kind=DutyKind.MANUAL,
        occurred_on=date(YEAR, 5, 1),
        points=Decimal("-1.5"),
        title="更正",
        reason="核对",
    )


def _recompute(member, staff):
    add_record(member, DutyKind.SPEECH)
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.SPEECH).update(points=7)
    recompute_year(YEAR)


def _cap_changed(member, staff):
    for _ in range(4):
        add_record(member, DutyKind.SPEECH)
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.SPEECH).update(yearly_cap=1)


def _training(member, staff):
    training = services.create_training(
        actor=staff, title="培训", held_on=date(YEAR, 4, 1), place="会议室"
    )
    services.record_training_attendance(actor=staff, training=training, members=[member])


SERVICES = [
    _record,
    _record_again,
    _void,
    _void_record,
    _manual,
    _recompute,
    _cap_changed,
    _training,
]


@pytest.mark.parametrize("service", SERVICES, ids=lambda f: f.__name__.strip("_"))
def test_totals_match_the_ledger_after_every_ledger_service(service, duty_member, staff):
    other = MemberFactory()
    other.terms.add(*duty_member.terms.all())
    add_record(other, DutyKind.CONSULTATION)
    service(duty_member, staff)
    _check()
    live = DutyRecord.objects.filter(member=duty_member, year=YEAR, voided_at__isnull=True)
    kept = DutyTotal.objects.filter(member=duty_member, year=YEAR).first()
    assert (kept.records if kept else 0) == live.count()


def test_check_reports_a_difference_and_exits_non_zero(duty_member, capsys):
    add_record(duty_member, DutyKind.SPEECH)
    with connection.cursor() as cursor:  # a row the triggers did not write
        cursor.execute("UPDATE members_dutytotal SET total = total + 100")
    with pytest.raises(SystemExit) as exit_:
        call_command("check_duty_totals")
    assert exit_.value.code == 1
    assert "1 member-years differ" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        call_command("check_duty_totals", "--fix")
    _check()


def test_the_cap_holds_the_kept_total(duty_member):
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.SPEECH).update(points=2, yearly_cap=3)
    for _ in range(3):
        add_record(duty_member, DutyKind.SPEECH)
    kept = DutyTotal.objects.get(member=duty_member, year=YEAR)
    assert kept.total == Decimal("3") and kept.counts["speech"]["n"] == 3
    assert kept.kinds == ["speech"]


def test_a_bulk_load_keeps_the_totals(duty_member):
    term = duty_member.terms.first()
    DutyRecord.objects.bulk_create(
        DutyRecord(
            member=duty_member,
            term=term,
            year=YEAR,
            kind=DutyKind.RESEARCH,
            occurred_on=date(YEAR, 2, i + 1),
            points=1,
            source_key=f"bulk:{i}",
        )
        for i in range(5)
    )
    assert DutyTotal.objects.get(member=duty_member, year=YEAR).records == 5
    _check()


def test_the_ranking_reads_page_one_down_the_totals_index(duty_member):
    add_record(duty_member, DutyKind.SPEECH)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: show the plan can
        cursor.execute(
            "EXPLAIN SELECT member_id FROM members_dutytotal WHERE year = %s AND total > 0 "
            "ORDER BY total DESC LIMIT 20",
            [YEAR],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "duty_total_year_rank" in plan


def test_the_admin_ledger_changelist_reads_no_distinct_dates(duty_member, make_user, client):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cppcc_portal.accounts.roles import Role

    add_record(duty_member, DutyKind.SPEECH)
    admin_user = make_user(Role.LIAISON_STAFF)
    admin_user.is_superuser = admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    url = reverse("admin:members_dutyrecord_changelist")
    with CaptureQueriesContext(conn) as queries:
        response = client.get(url, {"year": str(YEAR)})
    assert response.status_code == 200 and "张履职" in response.content.decode()
    ledger_sql = [q["sql"] for q in queries if "members_dutyrecord" in q["sql"]]
    assert not any("DISTINCT" in sql for sql in ledger_sql)
    # the order of the (year, occurred_on, id) index, and a count that stops at the cap
    pages = [sql for sql in ledger_sql if "ORDER BY" in sql]
    assert pages and all(
        'ORDER BY "members_dutyrecord"."year" DESC, "members_dutyrecord"."occurred_on" DESC, '
        '"members_dutyrecord"."id" DESC' in sql
        for sql in pages
    )
    assert any("COUNT(*)" in sql and "LIMIT 10001" in sql for sql in ledger_sql)


def test_the_admin_ledger_count_stops_at_its_cap(duty_member, make_user, client, monkeypatch):
    from django.urls import reverse

    from cppcc_portal.accounts.roles import Role
    from cppcc_portal.core.pagination import CappedCountPaginator

    for day in range(1, 6):
        add_record(duty_member, DutyKind.SPEECH, day=date(YEAR, 1, day))
    admin_user = make_user(Role.LIAISON_STAFF)
    admin_user.is_superuser = admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    url = reverse("admin:members_dutyrecord_changelist")
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    text = client.get(url, {"year": str(YEAR)}).content.decode()
    assert "超过 3 条履职记录" in text
    monkeypatch.setattr(CappedCountPaginator, "cap", 10)
    text = client.get(url, {"year": str(YEAR)}).content.decode()
    assert "超过" not in text and "5 履职记录" in text.replace("\n", " ")


def test_the_ledger_years_come_from_the_totals_newest_first(duty_member):
    from members.totals import ledger_years

    add_record(duty_member, DutyKind.SPEECH, day=date(YEAR - 2, 3, 1))
    add_record(duty_member, DutyKind.SPEECH, day=date(YEAR, 3, 1))
    assert ledger_years() == [YEAR, YEAR - 2]


def test_the_member_duty_page_shows_fifty_records_a_page(client_for, member_user):
    from django.urls import reverse

    member = member_user.member
    for _ in range(55):
        add_record(member, DutyKind.SPEECH, day=date(date.today().year, 1, 5))
    client = client_for(member_user)
    first = client.get(reverse("members:my_duty"))
    assert len(first.context["records"]) == 50
    assert first.context["page"].paginator.count == 55
    second = client.get(reverse("members:my_duty"), {"page": 2})
    assert len(second.context["records"]) == 5
