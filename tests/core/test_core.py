import io
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from cppcc_portal.core.masking import mask_id_number, mask_phone
from cppcc_portal.core.models import Counter, Heartbeat
from cppcc_portal.core.numbering import next_number
from cppcc_portal.core.uploads import validate_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.4\n" + b"0" * 100


def _docx_bytes():
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    return buf.getvalue()


class TestUploads:
    def test_accepts_what_it_says(self):
        assert validate_upload(SimpleUploadedFile("a.png", PNG)) == "png"
        assert validate_upload(SimpleUploadedFile("a.pdf", PDF)) == "pdf"
        assert validate_upload(SimpleUploadedFile("a.docx", _docx_bytes())) == "docx"

    @pytest.mark.parametrize(
        ("name", "content", "code"),
        [
            ("evil.exe", b"MZ" + b"0" * 50, "extension"),
            ("fake.pdf", PNG, "content"),
            ("fake.png", b"<script>alert(1)</script>", "content"),
            ("empty.pdf", b"", "empty"),
            ("zip.docx", b"PK\x03\x04" + b"0" * 50, "content"),
        ],
    )
    def test_refuses_bad_files(self, name, content, code):
        with pytest.raises(ValidationError) as exc:
            validate_upload(SimpleUploadedFile(name, content))
        assert exc.value.code == code

    def test_refuses_oversized(self):
        with pytest.raises(ValidationError) as exc:
            validate_upload(SimpleUploadedFile("a.pdf", PDF), max_bytes=10)
        assert exc.value.code == "size"


def test_masking_keeps_only_ends():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("12022219800101123X") == "1****************X"
    assert mask_phone("") == ""


class TestNumbering:
    @pytest.mark.django_db(transaction=True)
    def test_needs_a_transaction(self):
        with pytest.raises(RuntimeError):
            next_number("x")
        assert not Counter.objects.filter(key="x", value__gt=0).exists()

    def test_rollback_returns_the_number(self, db):
        with transaction.atomic():
            assert next_number("k") == 1
        try:
            with transaction.atomic():
                assert next_number("k") == 2
                raise ValueError
        except ValueError:
            pass
        with transaction.atomic():
            assert next_number("k") == 2

    @pytest.mark.django_db(transaction=True)
    def test_concurrent_numbers_are_distinct_and_consecutive(self):
        results, errors = [], []

        def worker():
            try:
                with transaction.atomic():
                    results.append(next_number("concurrent"))
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert sorted(results) == list(range(1, 21))
        assert Counter.objects.get(key="concurrent").value == 20


class TestHealthz:
    def test_ok_when_everything_answers(self, client, db):
        Heartbeat.objects.create(name="beat", at=timezone.now())
        response = client.get("/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["checks"]["redis"]["ok"] is True

    def test_503_without_beat(self, client, db):
        Heartbeat.objects.create(name="beat", at=timezone.now() - timedelta(hours=1))
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["checks"]["beat"]["ok"] is False

    def test_503_when_redis_is_down(self, client, db, settings):
        Heartbeat.objects.create(name="beat", at=timezone.now())
        settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["checks"]["redis"]["ok"] is False

    def test_heartbeat_task_records(self, db):
        from cppcc_portal.core.tasks import beat_heartbeat

        beat_heartbeat()
        assert Heartbeat.objects.filter(name="beat").exists()


def test_filter_form_widgets_get_bootstrap_classes(client, db):
    """The shared filter partial styles every widget, so it fits a phone screen."""
    from django.template import Context, Template

    from members.forms import MemberFilterForm

    html = Template('{% include "includes/filter_form.html" %}').render(
        Context({"form": MemberFilterForm(), "request": type("R", (), {"path": "/members/"})()})
    )
    assert 'class="form-control form-control-sm"' in html
    assert 'class="form-select form-select-sm"' in html


def test_excel_export_survives_control_characters_and_keeps_formulas_as_text():
    """Typed text with control characters made the export a 500 (openpyxl refuses them),
    and text starting with "=" became a live formula in the downloaded workbook."""
    from openpyxl import load_workbook

    from cppcc_portal.core.exports import workbook_bytes

    rows = [["议题\x01\x0b\x1f结束", '=HYPERLINK("http://evil.example","点击")', 7]]
    content = workbook_bytes([("表", ["标题\x02", "备注", "数"], rows)])
    ws = load_workbook(io.BytesIO(content))["表"]
    assert [c.value for c in ws[1]] == ["标题", "备注", "数"]
    topic, formula, number = ws[2]
    assert topic.value == "议题结束"
    assert formula.data_type == "s" and formula.value.startswith("=HYPERLINK")
    assert number.value == 7


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/proposals/?page=2", "/proposals/?page=2"),
        ("http://testserver/proposals/", "http://testserver/proposals/"),
        ("//evil.example/x", ""),
        ("https://evil.example/", ""),
        ("abc", ""),  # a bare word would be taken for a URL name
        ("<script>alert(1)</script>", ""),  # relative
        ("/x\r\nSet-Cookie: a=1", ""),
        ("", ""),
    ],
)
def test_local_url_keeps_only_this_sites_addresses(rf, target, expected):
    from cppcc_portal.core.redirects import local_url, redirect_back

    request = rf.get("/")
    assert local_url(request, target) == expected
    response = redirect_back(request, target, "/home-fallback/")
    assert response["Location"] == (expected or "/home-fallback/")
