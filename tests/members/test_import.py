import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from cppcc_portal.accounts.roles import Role
from members.importing import EXPORT_HEADERS
from members.models import Member
from members.services import import_members
from tests.factories import SectorFactory, SpecialCommitteeFactory, StreetFactory, TermFactory


def sheet(rows, headers=EXPORT_HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "members.xlsx"
    return buf


GOOD = {
    "委员编号": "A001",
    "姓名": "李明",
    "性别": "男",
    "政治面貌": "无党派人士",
    "界别": "经济界",
    "专委会": "经济委员会",
    "镇街": "杨村街",
    "届次": "第二届",
    "出生日期": "1975-03-02",
    "手机": "13900001111",
}


@pytest.fixture
def catalogue(db):
    SectorFactory(name="经济界")
    SpecialCommitteeFactory(name="经济委员会")
    StreetFactory(name="杨村街")
    TermFactory()


def test_good_sheet_imports(catalogue, make_user):
    staff = make_user(Role.LIAISON_STAFF)
    result = import_members(
        actor=staff,
        workbook_file=sheet([GOOD, {**GOOD, "委员编号": "A002", "姓名": "赵丽", "性别": "女"}]),
        commit=True,
    )
    assert result.ok
    assert Member.objects.count() == 2
    m = Member.objects.get(number="A001")
    assert m.committees.get().name == "经济委员会"
    assert m.terms.get().name == "第二届"
    assert m.affiliation == Member.Affiliation.NON_PARTY


def test_bad_rows_are_named_and_nothing_changes(catalogue, make_user):
    staff = make_user(Role.LIAISON_STAFF)
    rows = [
        GOOD,
        {**GOOD, "委员编号": "A002", "界别": "不存在界"},
        {**GOOD, "委员编号": "A003", "性别": "X", "出生日期": "昨天"},
        {**GOOD, "委员编号": "A001"},
        {**GOOD, "委员编号": "A004", "姓名": ""},
        {**GOOD, "委员编号": "A005", "身份证号": "123"},
    ]
    result = import_members(actor=staff, workbook_file=sheet(rows), commit=True)
    assert not result.ok
    by_row = dict(result.errors)
    assert "不存在界" in by_row[3]
    assert "性别" in by_row[4] and "出生日期" in by_row[4]
    assert "重复" in by_row[5]
    assert "姓名" in by_row[6]
    assert "身份证" in by_row[7]
    assert Member.objects.count() == 0


def test_not_a_workbook(catalogue, make_user):
    result = import_members(
        actor=make_user(Role.LIAISON_STAFF), workbook_file=io.BytesIO(b"garbage"), commit=True
    )
    assert not result.ok
    assert "Excel" in result.errors[0][1]


def test_missing_columns(catalogue, make_user):
    result = import_members(
        actor=make_user(Role.LIAISON_STAFF),
        workbook_file=sheet([GOOD], headers=["姓名"]),
        commit=True,
    )
    assert "委员编号" in result.errors[0][1]


def test_upload_preview_then_confirm(catalogue, client_for, make_user):
    client = client_for(make_user(Role.LIAISON_STAFF))
    response = client.post(reverse("members:import"), {"file": sheet([GOOD])})
    assert response.status_code == 200
    token = response.context["token"]
    assert token and Member.objects.count() == 0
    response = client.post(reverse("members:import_confirm"), {"token": token})
    assert response.status_code == 302
    assert Member.objects.filter(number="A001").exists()


def test_upload_with_errors_shows_rows(catalogue, client_for, make_user):
    client = client_for(make_user(Role.LIAISON_STAFF))
    response = client.post(reverse("members:import"), {"file": sheet([{**GOOD, "界别": "火星界"}])})
    content = response.content.decode()
    assert "第 2 行" in content and "火星界" in content
    assert Member.objects.count() == 0


def test_upload_refuses_a_renamed_file(catalogue, client_for, make_user):
    client = client_for(make_user(Role.LIAISON_STAFF))
    fake = io.BytesIO(b"not really excel")
    fake.name = "members.xlsx"
    response = client.post(reverse("members:import"), {"file": fake})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_confirm_with_a_stale_token(catalogue, client_for, make_user):
    client = client_for(make_user(Role.LIAISON_STAFF))
    response = client.post(reverse("members:import_confirm"), {"token": "abc"})
    assert response.status_code == 302
    assert Member.objects.count() == 0
