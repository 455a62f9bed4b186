"""Sheets for the import tests: a real district's year in shape (二届三次会议: 186 proposals,
28 collective, 62 joint, 96 individual; replies within 4 months), and workbook builders."""

import io
import random
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from members.models import Sector, Session, Term
from proposals.imports import ProposalSheet
from proposals.models import ProposalCategory
from tests.factories import HandlingUnitFactory, MemberFactory

CATEGORIES = ["经济发展", "民生保障", "社会治理", "文化建设", "生态环境"]
UNITS = [
    "区发展和改革委员会",
    "区教育局",
    "区卫生健康委员会",
    "区住房和建设委员会",
    "区财政局",
    "区民政局",
    "区生态环境局",
    "区文化和旅游局",
    "区交通运输局",
    "区市场监督管理局",
    "区人力资源和社会保障局",
    "区农业农村委员会",
    "区城市管理委员会",
    "区公安局",
    "区水务局",
]
SECTORS = ["经济界", "教育界", "医药卫生界", "民盟", "民建", "农工党", "工商联", "科技界"]
ORGANISATIONS = ["民盟区委", "民建区委", "农工党区委", "区工商联", "九三学社区委", "致公党区委"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def organisation():
    """The district's term, its 2025 session, categories, units and 80 members."""
    term = Term.objects.filter(number=2).first() or Term.objects.create(
        number=2,
        name="第二届",
        start_date=date(2022, 1, 1),
        end_date=date(2026, 12, 31),
        is_current=True,
    )
    session = Session.objects.create(
        term=term,
        number=3,
        name="二届三次会议",
        year=2025,
        start_date=date(2025, 1, 8),
        end_date=date(2025, 1, 11),
        proposal_window_start=date(2025, 1, 1),
        proposal_window_end=date(2025, 1, 11),
    )
    for i, name in enumerate(CATEGORIES):
        ProposalCategory.objects.get_or_create(name=name, defaults={"order": i})
    for name in UNITS:
        HandlingUnitFactory(name=name)
    sectors = [Sector.objects.get_or_create(name=n)[0] for n in SECTORS]
    members = []
    for i in range(80):
        m = MemberFactory(number=f"W{i + 1:04d}", name=f"委员{i + 1:02d}", sector=sectors[i % 8])
        m.terms.add(term)
        members.append(m)
    return session, members


def real_year_rows(members, *, session_name="二届三次会议", count=(28, 62, 96), seed=18, start=1):
    """The rows of a year: collective, joint and individual proposals, each registered,
    assigned, replied within 4 months and most evaluated."""
    rnd = random.Random(seed)
    kinds = ["集体提案"] * count[0] + ["联名提案"] * count[1] + ["个人提案"] * count[2]
    rows = []
    for n, kind in enumerate(kinds, start=start):
        first = members[n % len(members)]
        submitted = date(2025, 1, 2) + timedelta(days=n % 9)
        assigned = date(2025, 2, 10) + timedelta(days=n % 5)
        replied = assigned + timedelta(days=30 + n % 90)  # within 4 months
        row = {
            "session": session_name,
            "number": n,
            "kind": kind,
            "category": CATEGORIES[n % 5],
            "title": f"关于{CATEGORIES[n % 5]}的第{n}条建议",
            "first_number": first.number,
            "first_name": first.name,
            "first_sector": first.sector.name,
            "submitted_on": submitted.isoformat(),
            "registered_on": (submitted + timedelta(days=10)).isoformat(),
            "assigned_on": assigned.isoformat(),
            "lead_unit": UNITS[n % len(UNITS)],
            "co_units": UNITS[(n + 3) % len(UNITS)] if n % 3 == 0 else "",
            "replied_on": replied.isoformat(),
            "result": "ABC"[n % 3],
            "reply_text": f"对第{n}号提案的答复：已研究办理。",
            "signer": "张主任",
            "analysis": "情况分析" * 20,
            "suggestions": "具体建议" * 10,
        }
        if kind == "集体提案":
            row["organisation"] = ORGANISATIONS[n % len(ORGANISATIONS)]
        if kind == "联名提案":
            others = rnd.sample([m for m in members if m != first], 1 + n % 3)
            row["cosigners"] = "、".join(m.number for m in others)
        if n % 10 != 0:  # one in ten was never evaluated
            satisfaction = ["满意", "基本满意", "不满意"][n % 7 % 3]
            row.update(
                satisfaction=satisfaction,
                score_before=5,
                score_during=4,
                score_reply=3 + n % 3,
                evaluated_on=(replied + timedelta(days=7)).isoformat(),
            )
            if satisfaction == "不满意":
                row["evaluation_comment"] = "答复未回应核心问题"
        rows.append(row)
    return rows


def workbook_bytes(rows, *, spec=None, headers=None, extra_sheet=False, merge=None, formula=None):
    spec = spec or ProposalSheet()
    wb = Workbook()
    ws = wb.active
    ws.title = "提案"
    keys = [c.key for c in spec.columns]
    titles = headers if headers is not None else spec.headers()
    ws.append(titles)
    for row in rows:
        ws.append([row.get(k, "") for k in keys[: len(titles)]])
    if merge:
        ws.merge_cells(merge)
    if formula:
        ws[formula[0]] = formula[1]
    if extra_sheet:
        wb.create_sheet("说明").append(["这是说明"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="提案.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)
