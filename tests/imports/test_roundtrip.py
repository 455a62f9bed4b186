"""Each template round-trips: a session exported in the sheet's shape and imported into an
empty database gives the same records with the same dates; the template itself carries the
Chinese headers and an example row."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cppcc_portal.core.imports import pipeline, report
from cppcc_portal.core.models import Counter, ImportedRecord
from members.imports import HandlingUnitSheet
from members.models import DutyRecord, HandlingUnit
from proposals.imports import ProposalSheet
from proposals.models import Proposal

from .sheets import real_year_rows, upload, workbook_bytes

pytestmark = pytest.mark.django_db


def _local(t):
    return timezone.localtime(t).isoformat() if t else None


def snapshot(session):
    """Everything a proposal's history is made of, by natural key, ids left out."""
    out = {}
    for p in Proposal.objects.filter(session=session).prefetch_related(
        "cosigners__member", "assignments__unit", "replies", "evaluations", "events"
    ):
        out[p.number] = {
            "fields": (
                p.kind,
                p.category.name,
                p.title,
                p.analysis,
                p.suggestions,
                p.organisation,
                p.first_proposer.number,
                p.status,
                p.number_display,
                p.is_plenary,
                p.not_evaluated,
                _local(p.submitted_at),
                _local(p.registered_at),
                _local(p.assigned_at),
                _local(p.closed_at),
                _local(p.created_at),
            ),
            "cosigners": sorted((c.member.number, c.state) for c in p.cosigners.all()),
            "assignments": sorted(
                (a.unit.name, a.role, a.state, _local(a.assigned_at), str(a.due_on))
                for a in p.assignments.all()
            ),
            "replies": [
                (r.unit_id and r.unit.name, r.result, r.text, r.signer, _local(r.released_at))
                for r in p.replies.all()
            ],
            "evaluations": [
                (
                    e.member.number,
                    e.satisfaction,
                    e.score_before,
                    e.score_during,
                    e.score_reply,
                    e.comment,
                    str(e.received_on),
                )
                for e in p.evaluations.all()
            ],
            "timeline": [
                (e.action, e.from_state, e.to_state, _local(e.at))
                for e in p.events.all()
                if e.action != "imported"
            ],
            "duty": sorted(
                (d.member.number, d.kind, d.year, str(d.occurred_on), str(d.points))
                for d in DutyRecord.objects.filter(source_id=p.pk, voided_at__isnull=True)
            ),
        }
    return out


def _empty_proposals():
    DutyRecord.objects.all().delete()
    Proposal.objects.all().delete()
    ImportedRecord.objects.all().delete()
    Counter.objects.all().delete()


def test_proposal_sheet_round_trips(staff, year):
    session, members = year
    spec = ProposalSheet()
    result = pipeline.run(
        spec, upload(workbook_bytes(real_year_rows(members))), actor=staff, commit=True
    )
    assert result.written
    before = snapshot(session)
    exported = report.export_bytes(spec, session=str(session.pk))

    _empty_proposals()
    assert Proposal.objects.count() == 0
    again = pipeline.run(spec, upload(exported), actor=staff, commit=True)
    assert again.counts == {"create": 186, "update": 0, "same": 0, "refuse": 0}
    assert snapshot(session) == before
    assert report.export_bytes(spec, session=str(session.pk)) != b""
    rows = lambda data: list(load_workbook(io.BytesIO(data)).active.values)  # noqa: E731
    assert rows(report.export_bytes(spec, session=str(session.pk))) == rows(exported)


def test_unit_sheet_round_trips(staff, year):
    spec = HandlingUnitSheet()
    HandlingUnit.objects.filter(name="区教育局").update(
        short_name="教育局", head_name="李局长", phone="022-1", kind="party", is_active=False
    )
    fields = ("name", "short_name", "kind", "head_name", "phone", "order", "is_active")
    before = sorted(HandlingUnit.objects.values_list(*fields))
    exported = report.export_bytes(spec)
    HandlingUnit.objects.all().delete()
    result = pipeline.run(spec, upload(exported, "单位.xlsx"), actor=staff, commit=True)
    assert result.counts["create"] == len(before) and result.written
    assert sorted(HandlingUnit.objects.values_list(*fields)) == before
    again = pipeline.run(spec, upload(exported, "单位.xlsx"), actor=staff, commit=True)
    assert again.counts["same"] == len(before) and again.counts["create"] == 0


def test_units_set_up_by_hand_are_updated_by_name(staff, year):
    spec = HandlingUnitSheet()
    rows = [
        {"name": "区教育局", "short_name": "教育", "kind": "政府部门", "active": "启用"},
        {"name": "区新设局", "kind": "人民团体"},
    ]
    result = pipeline.run(
        spec, upload(workbook_bytes(rows, spec=spec), "单位.xlsx"), actor=staff, commit=True
    )
    assert result.counts == {"create": 1, "update": 1, "same": 0, "refuse": 0}
    assert HandlingUnit.objects.get(name="区教育局").short_name == "教育"
    assert HandlingUnit.objects.get(name="区新设局").kind == "group"


@pytest.mark.parametrize("spec", [ProposalSheet(), HandlingUnitSheet()], ids=lambda s: s.slug)
def test_template_has_chinese_headers_and_an_example_that_previews(staff, spec):
    from datetime import date

    from members.models import Session
    from proposals.models import ProposalCategory
    from tests.factories import HandlingUnitFactory, MemberFactory, SectorFactory, TermFactory

    content = report.template_bytes(spec)
    sheet = load_workbook(io.BytesIO(content)).active
    headers, example = list(sheet.values)
    assert headers[0] == ("会议" if spec.slug == "proposals" else "单位名称")
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in headers)
    assert any(example)
    # what the example names exists: the example previews as one record to create
    term = TermFactory(start_date=date(2022, 1, 1), end_date=date(2026, 12, 31))
    Session.objects.create(
        term=term,
        number=3,
        name="二届三次会议",
        year=2025,
        start_date=date(2025, 1, 8),
        end_date=date(2025, 1, 11),
        proposal_window_start=date(2025, 1, 1),
        proposal_window_end=date(2025, 1, 11),
    )
    ProposalCategory.objects.get_or_create(name="经济发展")
    MemberFactory(number="W0001", name="王委员", sector=SectorFactory(name="经济界"))
    for name in ("区住房和建设委员会", "区财政局", "区民政局"):
        HandlingUnitFactory(name=name)
    result = pipeline.run(spec, upload(content), actor=staff, commit=False)
    assert result.errors == []
    assert result.counts["refuse"] == 0
    assert result.counts["create"] + result.counts["update"] == 1
