"""Retention of personal data (issue 18 item 4): only members who left, past the period after
their last term, are masked; the dry run writes nothing; the audit log says who and when."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from cppcc_portal.accounts.roles import Role
from cppcc_portal.audit.models import AuditEntry
from members.models import DutyKind, DutyRecord, Member, RetentionSettings
from members.services import record_duty
from members.tasks import mask_expired_personal_data
from members.terms.retention import due_for_masking, mask_expired
from tests.factories import MemberFactory, TermFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 3)
PHONE, ID_NUMBER, ADDRESS = "13812345678", "12022219800101123X", "武清区杨村街泉州路8号"


@pytest.fixture
def people(db):
    long_ago = TermFactory(
        number=1,
        name="第一届",
        start_date=date(2010, 1, 1),
        end_date=date(2015, 12, 31),
        is_current=False,
    )
    recent = TermFactory(
        number=2,
        name="第二届",
        start_date=date(2016, 1, 1),
        end_date=date(2020, 12, 31),
        is_current=False,
    )
    TermFactory(number=3, name="第三届", start_date=date(2021, 1, 1), end_date=date(2026, 12, 31))

    def member(status, *terms):
        m = MemberFactory(status=status, phone=PHONE, id_number=ID_NUMBER, address=ADDRESS)
        m.terms.add(*terms)
        return m

    return {
        "due": member(Member.Status.LEFT, long_ago),  # last term ended 2015: due since 2025
        "resigned_due": member(Member.Status.RESIGNED, long_ago),
        "recent": member(Member.Status.LEFT, recent),  # due only in 2030
        "served_on": member(Member.Status.LEFT, long_ago, recent),  # last term 2020
        "sitting": member(Member.Status.SITTING, long_ago),  # still sitting: never
    }


def _stored(m):
    return Member.objects.values_list("phone", "id_number", "address").get(pk=m.pk)


def test_only_what_is_due_is_masked_and_the_records_stay(people, make_user):
    admin = make_user(is_superuser=True, is_staff=True)
    record = DutyRecord.objects.filter(member=people["due"]).count()
    masked = mask_expired(actor=admin, dry_run=False, today=TODAY)
    assert {d.member.pk for d in masked} == {people["due"].pk, people["resigned_due"].pk}
    phone, id_number, address = _stored(people["due"])
    assert phone == "138****5678" and id_number != ID_NUMBER and id_number.endswith("X")
    assert address.startswith("武清区") and "泉州路" not in address
    for key in ("recent", "served_on", "sitting"):
        assert _stored(people[key]) == (PHONE, ID_NUMBER, ADDRESS), key
    due = Member.objects.get(pk=people["due"].pk)
    assert due.personal_data_masked_at is not None and due.name == people["due"].name
    assert DutyRecord.objects.filter(member=due).count() == record
    entries = AuditEntry.objects.filter(target_id=str(due.pk))
    assert entries.count() == 1 and entries.get().user_id == admin.pk
    assert PHONE not in entries.get().detail
    # a second run finds nothing more to do
    assert mask_expired(actor=admin, dry_run=False, today=TODAY) == []


def test_dry_run_lists_and_writes_nothing(people):
    due = mask_expired(actor=None, dry_run=True, today=TODAY)
    assert len(due) == 2
    assert due[0].due_on == date(2025, 12, 31)
    assert all(_stored(m) == (PHONE, ID_NUMBER, ADDRESS) for m in people.values())
    assert not Member.objects.filter(personal_data_masked_at__isnull=False).exists()
    assert not AuditEntry.objects.filter(detail__contains="masked").exists()


def test_the_period_is_a_setting(people):
    RetentionSettings.objects.create(retention_years=5)
    due = {d.member.pk for d in due_for_masking(today=TODAY)}
    assert people["recent"].pk in due and people["served_on"].pk in due  # 2020 + 5 < 2026
    assert people["sitting"].pk not in due


def test_default_is_ten_years():
    assert RetentionSettings.load().retention_years == 10


def test_command_dry_run_then_for_real(people, make_user, monkeypatch):
    import members.terms.retention as retention

    monkeypatch.setattr(retention.timezone, "localdate", lambda: TODAY)
    make_user(Role.LIAISON_STAFF, username="admin-x")
    out = StringIO()
    call_command("mask_personal_data", "--dry-run", stdout=out)
    assert people["due"].number in out.getvalue()
    assert _stored(people["due"]) == (PHONE, ID_NUMBER, ADDRESS)
    call_command("mask_personal_data", "--user", "admin-x", stdout=StringIO())
    assert _stored(people["due"])[0] == "138****5678"
    assert AuditEntry.objects.filter(username="admin-x", target_id=str(people["due"].pk)).exists()


def test_beat_task_masks_what_is_due(people, monkeypatch):
    import members.terms.retention as retention

    monkeypatch.setattr(retention.timezone, "localdate", lambda: TODAY)
    assert mask_expired_personal_data() == {"masked": 2}
    assert _stored(people["recent"])[0] == PHONE


def test_a_leaver_keeps_the_duty_record_history(people):
    """Records stay: a duty of the masked member is still there and readable."""
    m = people["recent"]
    record_duty(
        member=m, kind=DutyKind.PLENARY_ATTENDED, source_key="k:1", occurred_on=date(2018, 3, 1)
    )
    RetentionSettings.objects.create(retention_years=1)
    mask_expired(actor=None, dry_run=False, today=TODAY)
    assert DutyRecord.objects.filter(member=m).count() == 1


def test_address_is_shown_to_staff_only(people, make_user, client_for):
    from django.urls import reverse

    url = reverse("members:detail", args=[people["sitting"].pk])
    staff_page = client_for(make_user(Role.LIAISON_STAFF)).get(url).content.decode()
    leader_page = client_for(make_user(Role.LEADER)).get(url).content.decode()
    assert ADDRESS in staff_page
    assert ADDRESS not in leader_page and PHONE not in leader_page
