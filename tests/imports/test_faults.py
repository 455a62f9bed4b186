"""Every kind of faulty sheet gives a clear error in Chinese, naming the row and the column
where there is one, and writes nothing."""

import io

import pytest
from openpyxl import Workbook

from cppcc_portal.core.imports import pipeline
from cppcc_portal.core.models import ImportedRecord
from members.models import DutyRecord
from proposals.imports import ProposalSheet
from proposals.models import Proposal, ProposalEvent

from .sheets import real_year_rows, upload, workbook_bytes

pytestmark = pytest.mark.django_db

SPEC = ProposalSheet()


def _run(staff, content, name="提案.xlsx"):
    result = pipeline.run(SPEC, upload(content, name), actor=staff, commit=True)
    assert not result.written
    assert Proposal.objects.count() == 0
    assert ProposalEvent.objects.count() == 0
    assert DutyRecord.objects.count() == 0
    assert ImportedRecord.objects.count() == 0
    return result


def _refused(result):
    return [(r["row"], r["errors"]) for r in result.rows if r["outcome"] == "refuse"]


def _rows(year, n=3):
    return real_year_rows(year[1], count=(0, 1, n - 1))


def test_missing_column(staff, year):
    headers = [h for h in SPEC.headers() if h != "立案日期"]
    rows = [{k: v for k, v in r.items() if k != "registered_on"} for r in _rows(year)]
    keys = [c.key for c in SPEC.columns if c.key != "registered_on"]
    wb = Workbook()
    wb.active.append(headers)
    for r in rows:
        wb.active.append([r.get(k, "") for k in keys])
    buffer = io.BytesIO()
    wb.save(buffer)
    result = _run(staff, buffer.getvalue())
    assert result.errors == ["缺少列：立案日期"]


def test_unknown_unit(staff, year):
    rows = _rows(year)
    rows[1]["lead_unit"] = "区外星事务局"
    result = _run(staff, workbook_bytes(rows))
    assert _refused(result) == [(3, [["主办单位", "未知的承办单位“区外星事务局”"]])]


def test_duplicate_number(staff, year):
    rows = _rows(year)
    rows[2]["number"] = rows[0]["number"]
    result = _run(staff, workbook_bytes(rows))
    [(row, errors)] = _refused(result)
    assert row == 4 and "与第2行是同一条记录" in errors[0][1]


def test_a_date_that_does_not_exist(staff, year):
    rows = _rows(year)
    rows[0]["replied_on"] = "2025-02-30"
    result = _run(staff, workbook_bytes(rows))
    assert _refused(result) == [(2, [["答复日期", "“2025-02-30”不是存在的日期"]])]


def test_merged_cells(staff, year):
    result = _run(staff, workbook_bytes(_rows(year), merge="A3:B3"))
    assert result.errors == ["工作表含有合并单元格（A3:B3），请取消合并并填写每个单元格。"]


def test_formula_cell(staff, year):
    result = _run(staff, workbook_bytes(_rows(year), formula=("B3", "=B2+1")))
    [(row, errors)] = _refused(result)
    assert row == 3
    assert errors == [["提案号", "含有公式（=B2+1），请改为粘贴数值"]]


def test_extra_sheet(staff, year):
    result = _run(staff, workbook_bytes(_rows(year), extra_sheet=True))
    assert result.errors == ["工作簿只能包含一个工作表，此文件有2个：提案、说明。"]


def test_zero_bytes(staff, year):
    result = _run(staff, b"")
    assert result.errors == ["文件为空。"]


def test_not_excel(staff, year):
    result = _run(staff, "会议,提案号\n二届三次会议,1\n".encode(), name="提案.xlsx")
    assert len(result.errors) == 1 and "xlsx" in result.errors[0]
    result = _run(staff, b"%PDF-1.4 not a sheet", name="提案.pdf")
    assert "不接受" in result.errors[0] or "pdf" in result.errors[0]


def test_a_zip_that_is_not_a_workbook(staff, year):
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<not-really/>")
    result = _run(staff, buffer.getvalue())
    assert result.errors == ["该文件不是可读取的 Excel 工作簿（.xlsx）。"]


def test_row_faults_are_named_by_column(staff, year):
    rows = _rows(year, 6)
    rows[0]["kind"] = "神秘提案"
    rows[1]["number"] = "十二"
    rows[2]["first_number"] = "W8888"
    rows[3]["registered_on"] = "2024-12-01"  # before it was submitted
    rows[4]["satisfaction"] = "不满意"
    rows[4]["evaluation_comment"] = ""
    rows[5]["category"] = "无此类别"
    result = _run(staff, workbook_bytes(rows))
    refused = dict(_refused(result))
    assert refused[2] == [["提案类型", "无法识别的值“神秘提案”"]]
    assert refused[3] == [["提案号", "“十二”不是整数"]]
    assert refused[4] == [["第一提案人委员编号", "没有委员编号为“W8888”的委员"]]
    assert refused[5] == [["立案日期", "立案日期早于提交日期"]]
    assert refused[6] == [["评价意见", "“不满意”必须说明理由"]]
    assert refused[7] == [["类别", "未知的类别“无此类别”"]]


def test_a_sheet_longer_than_the_limit_writes_nothing(staff, year, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_ROWS", 2)
    result = pipeline.run(
        SPEC, upload(workbook_bytes(_rows(year))), actor=staff, commit=True, mode="good"
    )
    assert result.errors == ["每次最多导入 2 行。"]
    assert not result.written and Proposal.objects.count() == 0
