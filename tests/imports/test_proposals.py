"""The real-shaped year imports with exact counts, keeps its dates, opens no deadline, sends
no notification, writes the duty records of the points table, and a second run changes
nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from cppcc_portal.audit.models import Action, AuditEntry
from cppcc_portal.core.imports import pipeline, service
from cppcc_portal.core.models import ImportedRecord, ImportJob
from cppcc_portal.notifications.models import Deadline, Notification
from members.models import DutyKind, DutyRecord
from proposals.imports import ProposalSheet
from proposals.models import Assignment, Evaluation, Proposal, Reply

from .sheets import real_year_rows, upload, workbook_bytes

pytestmark = pytest.mark.django_db

SPEC = ProposalSheet()


def _import(staff, rows, **kwargs):
    return pipeline.run(SPEC, upload(workbook_bytes(rows)), actor=staff, commit=True, **kwargs)


def test_real_shaped_year_imports_with_exact_counts(staff, year):
    session, members = year
    rows = real_year_rows(members)
    preview = pipeline.run(SPEC, upload(workbook_bytes(rows)), actor=staff, commit=False)
    assert preview.errors == []
    assert preview.counts == {"create": 186, "update": 0, "same": 0, "refuse": 0}
    assert Proposal.objects.count() == 0  # a preview writes nothing

    result = _import(staff, rows)
    assert result.written and result.counts["create"] == 186
    qs = Proposal.objects.filter(session=session)
    assert qs.count() == 186
    assert qs.filter(kind="collective").count() == 28
    assert qs.filter(kind="joint").count() == 62
    assert qs.filter(kind="individual").count() == 96
    by_category = {c: qs.filter(category__name=c).count() for c in ("经济发展", "民生保障")}
    assert by_category == {"经济发展": 37, "民生保障": 38}
    assert qs.filter(status=Proposal.Status.CLOSED).count() == 186
    assert Evaluation.objects.count() == 186 - 18  # one in ten never evaluated
    assert qs.filter(not_evaluated=True).count() == 18
    assert Reply.objects.filter(status=Reply.Status.RELEASED).count() == 186
    assert Assignment.objects.filter(role="co").count() == 62  # every third has a co-unit
    assert Evaluation.objects.filter(satisfaction="unsatisfied").exclude(comment="").count() == (
        Evaluation.objects.filter(satisfaction="unsatisfied").count()
    )


def test_imported_history_keeps_its_dates_and_opens_no_deadline(staff, year):
    session, members = year
    rows = real_year_rows(members)
    _import(staff, rows)
    p = Proposal.objects.get(session=session, number=7)
    row = rows[6]
    local = lambda t: timezone.localtime(t).date()  # noqa: E731
    assert local(p.submitted_at).isoformat() == row["submitted_on"]
    assert local(p.registered_at).isoformat() == row["registered_on"]
    assert local(p.assigned_at).isoformat() == row["assigned_on"]
    assert local(p.created_at).isoformat() == row["submitted_on"]
    assert local(p.replies.get().released_at).isoformat() == row["replied_on"]
    assert p.number_display == "二届三次会议第0007号"
    assert p.reply_due_on is None and p.evaluation_due_on is None
    assert not p.is_overdue
    assert Deadline.objects.count() == 0
    assert Notification.objects.count() == 0
    # the timeline: each step at its own date, marked imported, and the import itself
    events = list(p.events.order_by("at", "id").values_list("action", "comment", "at"))
    actions = [e[0] for e in events]
    assert actions[:4] == ["submit", "register", "assign", "reply_released"]
    assert actions[-1] == "imported"
    assert all(e[1].startswith("导入") or e[1].startswith("imported") for e in events[:-1])
    assert local(events[1][2]).isoformat() == row["registered_on"]


def test_duty_records_follow_the_points_table_of_that_year(staff, year):
    session, members = year
    rows = real_year_rows(members)
    _import(staff, rows)
    first = DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_FIRST, voided_at__isnull=True)
    assert first.count() == 186
    assert set(first.values_list("year", flat=True)) == {2025}
    assert set(first.values_list("points", flat=True)) == {Decimal("15")}
    assert set(first.values_list("note", flat=True)) == {"导入"}
    cosigners = sum(len(r.get("cosigners", "").split("、")) for r in rows if r.get("cosigners"))
    assert DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_COSIGNER).count() == cosigners
    record = first.get(source_id=Proposal.objects.get(number=1).pk)
    assert record.occurred_on == date.fromisoformat(rows[0]["registered_on"])


def test_second_import_changes_nothing(staff, year):
    session, members = year
    rows = real_year_rows(members)
    _import(staff, rows)
    before = (
        list(Proposal.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        DutyRecord.objects.count(),
        list(ImportedRecord.objects.order_by("pk").values_list("pk", "imported_at")),
    )
    again = _import(staff, rows)
    assert again.counts == {"create": 0, "update": 0, "same": 186, "refuse": 0}
    after = (
        list(Proposal.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        DutyRecord.objects.count(),
        list(ImportedRecord.objects.order_by("pk").values_list("pk", "imported_at")),
    )
    assert after == before


def test_a_changed_row_updates_its_proposal_only(staff, year):
    session, members = year
    rows = real_year_rows(members)
    _import(staff, rows)
    rows[4]["title"] = "关于改过标题的建议"
    rows[4]["result"] = "A"
    again = _import(staff, rows)
    assert again.counts == {"create": 0, "update": 1, "same": 185, "refuse": 0}
    p = Proposal.objects.get(number=5)
    assert p.title == "关于改过标题的建议" and p.replies.get().result == "A"
    assert (
        DutyRecord.objects.filter(kind=DutyKind.PROPOSAL_FIRST, voided_at__isnull=True).count()
        == 186
    )
    assert p.events.filter(action="imported").count() == 1


def test_ambiguous_proposer_is_listed_never_guessed(staff, year):
    session, members = year
    twin = members[1]
    clash = type(twin).objects.create(
        number="W9999",
        name=twin.name,
        sector=twin.sector,
        gender="F",
        affiliation=twin.affiliation,
    )
    rows = real_year_rows(members, count=(0, 0, 2))
    rows[0].update(first_number="", first_name=twin.name, first_sector=twin.sector.name)
    result = pipeline.run(SPEC, upload(workbook_bytes(rows)), actor=staff, commit=True)
    assert not result.written and Proposal.objects.count() == 0
    refused = [r for r in result.rows if r["outcome"] == "refuse"]
    assert len(refused) == 1 and refused[0]["row"] == 2
    column, reason = refused[0]["errors"][0]
    assert column == "第一提案人"
    assert twin.number in reason and clash.number in reason and "委员编号" in reason
    # by name and a sector that tells them apart, the member is found
    rows[0]["first_sector"] = "无此界别"
    result = pipeline.run(SPEC, upload(workbook_bytes(rows)), actor=staff, commit=False)
    assert "无此界别" in result.rows[0]["errors"][0][1]


def test_good_rows_only_keeps_the_good_and_reports_the_rest(staff, year):
    session, members = year
    rows = real_year_rows(members, count=(0, 0, 5))
    rows[2]["lead_unit"] = "区不存在局"
    result = _import(staff, rows, mode="good")
    assert result.written
    assert result.counts == {"create": 4, "update": 0, "same": 0, "refuse": 1}
    assert Proposal.objects.count() == 4
    assert not Proposal.objects.filter(number=3).exists()
    # all-or-nothing writes nothing for the same file
    Proposal.objects.all().delete()
    ImportedRecord.objects.all().delete()
    DutyRecord.objects.all().delete()
    result = _import(staff, rows, mode="all")
    assert not result.written and Proposal.objects.count() == 0


def test_the_portal_numbers_next_after_the_imported(staff, year):
    from cppcc_portal.core.models import Counter

    session, members = year
    _import(staff, real_year_rows(members, count=(0, 0, 3)))
    assert Counter.objects.get(key=f"proposal:{session.pk}").value == 3


def test_a_proposal_made_in_the_portal_is_not_overwritten(staff, year):
    from tests.proposals.factories import ProposalFactory

    session, members = year
    ProposalFactory(session=session, number=2, first_proposer=members[0])
    rows = real_year_rows(members, count=(0, 0, 3))
    result = _import(staff, rows)
    assert not result.written
    refused = [r for r in result.rows if r["outcome"] == "refuse"]
    assert [r["row"] for r in refused] == [3]


def test_a_job_is_audited_with_its_file_and_counts(staff, year, media):
    session, members = year
    content = workbook_bytes(real_year_rows(members, count=(1, 1, 1)))
    preview = service.start(actor=staff, sheet="proposals", upload=upload(content, "往届提案.xlsx"))
    assert preview.state == ImportJob.State.DONE and preview.counts["create"] == 3
    assert not AuditEntry.objects.filter(action=Action.IMPORT).exists()
    job = service.start(actor=staff, sheet="proposals", commit=True, preview=preview)
    assert job.written and Proposal.objects.count() == 3
    entry = AuditEntry.objects.get(action=Action.IMPORT)
    assert "往届提案.xlsx" in entry.detail and "新建 3" in entry.detail
    assert entry.user_id == staff.pk
