"""Entering the State Council's notice: the 调休 table pasted or uploaded in the admin, every bad
row refused in Chinese with its row and column, nothing written unless all is right."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications import holiday_notices
from cppcc_portal.notifications.models import HolidayNotice, HolidayNoticeDay
from cppcc_portal.notifications.notice_table import NoticeRow, read_notice_table

from .notice_fixtures import ROWS_2027, TABLE_2027

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_notice_after_2026")]
ADD = "admin:notifications_holidaynotice_add"


@pytest.fixture
def enqueued(monkeypatch):
    from cppcc_portal.notifications import tasks

    calls = []
    monkeypatch.setattr(tasks.recompute_after_notice, "delay", calls.append)
    return calls


def _post(client, table="", upload=None, year=2027):
    data = {"year": year, "title": "国务院办公厅关于2027年部分节假日安排的通知", "table": table}
    if upload is not None:
        data["table_file"] = upload
    return client.post(reverse(ADD), data)


class TestTable:
    def test_pasted_table_with_a_header_and_several_date_forms(self):
        table = read_notice_table(year=2027, text=TABLE_2027)
        assert not table.errors and len(table.rows) == ROWS_2027
        assert NoticeRow(date(2027, 2, 20), True, "春节调休") in table.rows
        assert NoticeRow(date(2027, 9, 26), True, "国庆节调休") in table.rows
        assert NoticeRow(date(2027, 10, 9), True, "国庆节调休") in table.rows

    def test_excel_upload(self):
        wb = Workbook()
        ws = wb.active
        ws.append(["日期", "休/班", "备注"])
        ws.append([date(2027, 2, 5), "休", "春节"])
        ws.append(["2027年2月20日", "班", None])
        buffer = io.BytesIO()
        wb.save(buffer)
        upload = SimpleUploadedFile("2027.xlsx", buffer.getvalue())
        table = read_notice_table(year=2027, upload=upload)
        assert not table.errors
        assert table.rows == [
            NoticeRow(date(2027, 2, 5), False, "春节"),
            NoticeRow(date(2027, 2, 20), True),
        ]

    def test_csv_upload_in_gb18030(self):
        data = "日期,休/班,备注\n2027-02-05,休,春节\n".encode("gb18030")
        table = read_notice_table(year=2027, upload=SimpleUploadedFile("t.csv", data))
        assert table.rows == [NoticeRow(date(2027, 2, 5), False, "春节")]

    @pytest.mark.parametrize(
        "line, error",
        [
            ("2027-13-01\t休", "第2行第1列：“2027-13-01”不是日期（例如 2027-02-06）"),
            ("2026-12-31\t休", "第2行第1列：2026-12-31 不在 2027 年内"),
            ("2027-02-05\t休\n2027-02-05\t休", "第3行第1列：2027-02-05 与第2行重复"),
            ("2027-02-06\t放", "第2行第2列：“放”应为“休”或“班”"),
            ("2027-02-06\t班", "第2行第2列：2027-02-06 是法定节假日（春节），不能调为上班"),
            (
                "2027-02-10\t班",
                "第2行第2列：2027-02-10 是星期三，本来就是工作日：只有周末才能标“班”",
            ),
            ("2027-02-20\t班\t" + "长" * 41, "第2行第3列：备注超过 40 个字"),
        ],
    )
    def test_bad_rows_are_named_by_row_and_column(self, line, error):
        table = read_notice_table(year=2027, text="2027-01-01\t休\n" + line)
        assert error in table.errors

    def test_an_empty_table_and_a_wrong_file_are_refused(self):
        with pytest.raises(ValidationError, match="粘贴"):
            read_notice_table(year=2027, text="  ")
        assert read_notice_table(year=2027, text="日期\t休/班").errors == [
            "表中没有数据：请逐行列出每个放假日（休）和调休上班日（班）。"
        ]
        with pytest.raises(ValidationError):
            read_notice_table(year=2027, upload=SimpleUploadedFile("t.xlsx", b"not excel"))
        with pytest.raises(ValidationError):
            read_notice_table(year=2027, upload=SimpleUploadedFile("t.pdf", b"%PDF-1.4"))


class TestAdmin:
    def test_staff_with_the_permission_enter_the_notice(
        self, client_for, role_users, enqueued, django_capture_on_commit_callbacks
    ):
        client = client_for(role_users[Role.PROPOSAL_STAFF])
        assert client.get(reverse(ADD)).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = _post(client, TABLE_2027)
        assert response.status_code == 302
        notice = HolidayNotice.objects.get()
        assert notice.year == 2027 and notice.days.count() == ROWS_2027
        assert notice.entered_by == role_users[Role.PROPOSAL_STAFF]
        assert notice.recomputed_at is None and enqueued == [notice.pk]
        change = client.get(reverse("admin:notifications_holidaynotice_change", args=[notice.pk]))
        assert "2027-02-20\t班\t春节调休" in change.content.decode()

    def test_a_correction_through_the_change_form(self, client_for, role_users, enqueued):
        client = client_for(role_users[Role.PROPOSAL_STAFF])
        _post(client, TABLE_2027)
        notice = HolidayNotice.objects.get()
        url = reverse("admin:notifications_holidaynotice_change", args=[notice.pk])
        response = client.post(url, {"title": "通知（更正）", "table": "2027-01-01\t休\t元旦"})
        assert response.status_code == 302
        notice.refresh_from_db()
        assert notice.title == "通知（更正）" and notice.year == 2027
        assert list(notice.days.values_list("day", flat=True)) == [date(2027, 1, 1)]

    def test_bad_rows_write_nothing(self, client_for, role_users, enqueued):
        client = client_for(role_users[Role.PROPOSAL_STAFF])
        response = _post(client, TABLE_2027 + "\n2027-03-10\t班\n2027-02-30\t休")
        content = response.content.decode()
        assert response.status_code == 200
        assert "第23行第2列：2027-03-10 是星期三" in content
        assert "第24行第1列：“2027-02-30”不是日期" in content
        assert not HolidayNotice.objects.exists() and not HolidayNoticeDay.objects.exists()
        assert enqueued == []

    def test_a_year_outside_the_law_is_refused(self, client_for, role_users):
        response = _post(client_for(role_users[Role.PROPOSAL_STAFF]), "2024-01-01\t休", year=2024)
        assert response.status_code == 200 and not HolidayNotice.objects.exists()
        assert "请输入 2025 至 2099 之间的年份" in response.content.decode()

    @pytest.mark.parametrize("role", [Role.OPINION_STAFF, Role.CONSULTATION_STAFF])
    def test_other_staff_may_look_but_not_enter(self, client_for, role_users, role):
        client = client_for(role_users[role])
        assert client.get(reverse(ADD)).status_code == 403
        assert _post(client, TABLE_2027).status_code == 403
        assert (
            client.get(reverse("admin:notifications_holidaynotice_changelist")).status_code == 200
        )
        assert not HolidayNotice.objects.exists()

    @pytest.mark.parametrize("role", [Role.MEMBER, Role.UNIT_LIAISON, Role.LEADER, "none"])
    def test_others_cannot_reach_it(self, client_for, role_users, role):
        assert client_for(role_users[role]).get(reverse(ADD)).status_code == 302  # admin login

    def test_nobody_deletes_a_notice(self, client_for, role_users, enqueued):
        notice = holiday_notices.enter_holiday_notice(
            actor=role_users["superuser"],
            year=2027,
            title="通知",
            rows=[NoticeRow(date(2027, 1, 1), False)],
        )
        url = reverse("admin:notifications_holidaynotice_delete", args=[notice.pk])
        assert client_for(role_users["superuser"]).get(url).status_code == 403


class TestService:
    def test_the_service_checks_permission_and_rows(self, role_users, enqueued):
        rows = [NoticeRow(date(2027, 1, 1), False, "元旦")]
        with pytest.raises(PermissionDenied):
            holiday_notices.enter_holiday_notice(
                actor=role_users[Role.OPINION_STAFF], year=2027, title="通知", rows=rows
            )
        with pytest.raises(ValidationError) as exc:
            holiday_notices.enter_holiday_notice(
                actor=role_users[Role.PROPOSAL_STAFF],
                year=2027,
                title="通知",
                rows=[*rows, NoticeRow(date(2027, 2, 6), True)],
            )
        assert "第2行第2列：2027-02-06 是法定节假日（春节），不能调为上班" in exc.value.messages
        assert not HolidayNotice.objects.exists()

    def test_entering_it_again_replaces_the_table(self, role_users, enqueued):
        staff = role_users[Role.PROPOSAL_STAFF]
        first = holiday_notices.enter_holiday_notice(
            actor=staff, year=2027, title="通知", rows=[NoticeRow(date(2027, 1, 1), False)]
        )
        again = holiday_notices.enter_holiday_notice(
            actor=staff, year=2027, title="通知（更正）", rows=[NoticeRow(date(2027, 1, 2), False)]
        )
        assert first.pk == again.pk and again.title == "通知（更正）"
        assert list(again.days.values_list("day", flat=True)) == [date(2027, 1, 2)]


class TestHostileInput:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=st.text(max_size=400))
    def test_any_pasted_text_gives_rows_or_chinese_errors(self, text):
        try:
            table = read_notice_table(year=2027, text=text)
        except ValidationError:
            return
        assert table.rows or table.errors
        assert all(e.startswith("第") or "表中没有数据" in e or "最多" in e for e in table.errors)

    def test_a_huge_table_is_cut_off(self):
        text = "\n".join(f"2027-01-01\t休\t{i}" for i in range(5000))
        table = read_notice_table(year=2027, text=text)
        assert "每份通知最多 200 行。" in table.errors and len(table.errors) <= 202
