"""An audit log nobody can erase (issue 21, item 3): TRUNCATE refused, the hash chain and
its verifier, the JSON-lines copy, and every export and download audited."""

import json
import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from cppcc_portal.audit import chain
from cppcc_portal.audit.models import Action, AuditEntry
from cppcc_portal.audit.services import audit


def _without_triggers(sql, params=()):
    """What a superuser could do behind the triggers' back."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


def test_truncate_raises_when_the_database_is_not_a_test_copy(db):
    with connection.cursor() as cursor:
        # the trigger's own function, with the test-copy escape taken out
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'pgtrigger_no_truncate_f9722'")
        body = cursor.fetchone()[0].replace("current_database() LIKE", "'prod' LIKE")
        cursor.execute(
            "CREATE OR REPLACE FUNCTION pgtrigger_no_truncate_f9722() RETURNS TRIGGER AS $f$ "
            + body
            + " $f$ LANGUAGE plpgsql"
        )
    audit(action=Action.EXPORT, detail="x")
    before = AuditEntry.objects.count()
    with (
        pytest.raises(DatabaseError, match="Cannot truncate"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == before


def test_each_entry_names_the_hash_of_the_one_before(db):
    first = audit(action=Action.EXPORT, detail="一")
    second = audit(action=Action.DOWNLOAD, detail="二")
    assert len(first.entry_hash) == 64 and second.prev_hash == first.entry_hash
    assert chain.compute_hash(AuditEntry.objects.get(pk=second.pk)) == second.entry_hash
    before = chain.verify()
    audit(action=Action.EXPORT, detail="三")
    after = chain.verify()
    assert before.ok and after.ok and after.checked == before.checked + 1


def test_the_verifier_names_a_changed_entry(db, capsys):
    entries = [audit(action=Action.EXPORT, detail=f"第{i}条") for i in range(4)]
    call_command("verify_audit_chain")
    assert f"{AuditEntry.objects.count()} entries verified" in capsys.readouterr().out
    _without_triggers(
        "UPDATE audit_auditentry SET detail = 'nothing to see' WHERE id = %s", [entries[2].pk]
    )
    with pytest.raises(CommandError, match=f"entry {entries[2].pk}: the entry was changed"):
        call_command("verify_audit_chain")


def test_the_verifier_names_the_entry_after_a_deleted_one(db):
    entries = [audit(action=Action.EXPORT, detail=f"第{i}条") for i in range(4)]
    _without_triggers("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    verdict = chain.verify()
    assert verdict.broken_at == entries[2].pk and "missing" in verdict.reason


def test_an_entry_slipped_in_without_a_hash_breaks_the_chain(db):
    audit(action=Action.EXPORT)
    forged = AuditEntry(action=Action.LOGIN, username="ghost")
    forged.save_unchained(force_insert=True)
    verdict = chain.verify()
    assert verdict.broken_at == forged.pk and "without a hash" in verdict.reason


def test_every_committed_entry_goes_to_the_json_lines_copy(db, django_capture_on_commit_callbacks):
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    trail = logging.getLogger("cppcc_portal.audit.trail")
    trail.addHandler(handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            entry = audit(action=Action.EXPORT, detail="名单 13812345678")
    finally:
        trail.removeHandler(handler)
    line = json.loads(records[0].getMessage())
    assert line["id"] == entry.pk and line["entry_hash"] == entry.entry_hash
    assert line["action"] == "export" and "13812345678" not in line["detail"]


def test_the_json_lines_file_setting(tmp_path):
    """AUDIT_JSONL_PATH set: the trail logger writes one line per record to that file."""
    import os
    import subprocess
    import sys

    path = tmp_path / "audit.jsonl"
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('cppcc_portal.audit.trail').info('{\"id\": 1}')"
    )
    env = {
        **os.environ,
        "AUDIT_JSONL_PATH": str(path),
        "DJANGO_SETTINGS_MODULE": "cppcc_portal.settings",
    }
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert path.read_text(encoding="utf-8") == '{"id": 1}\n'


# --- every export and every download is audited, in the one helper -----------------------


def test_the_export_helpers_write_an_entry(rf, make_user):
    from cppcc_portal.core.exports import XLSX_TYPE, attachment_response, xlsx_response

    user = make_user("proposal_staff")
    request = rf.get("/x/export", {"status": "open"})
    request.user = user
    xlsx_response("名单.xlsx", ["A"], [["1"]], request=request)
    attachment_response(b"doc", "提案.docx", XLSX_TYPE, request=request)
    entries = list(AuditEntry.objects.filter(action=Action.EXPORT, user_id=user.pk))
    assert sorted(e.detail for e in entries) == ["名单.xlsx status=open", "提案.docx status=open"]


def test_the_download_helper_writes_an_entry(rf, make_user, tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from django.db.models.fields.files import FieldFile

    from cppcc_portal.core.files import file_response

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("说明.pdf", ContentFile(b"%PDF-1.4"))
    field_file = FieldFile(None, mock_field(storage), name)
    user = make_user("member")
    request = rf.get("/f")
    request.user = user
    response = file_response(field_file, request=request)
    response.file_to_stream.close()  # (response.close() would end the test's connection)
    entry = AuditEntry.objects.get(action=Action.DOWNLOAD, user_id=user.pk)
    assert entry.detail == "说明.pdf"


def mock_field(storage):
    from types import SimpleNamespace

    return SimpleNamespace(storage=storage)


def test_no_view_sends_a_file_around_the_helpers():
    """Attachments leave only through core.exports / core.files, which audit them."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    allowed = {Path("cppcc_portal/core/exports.py"), Path("cppcc_portal/core/files.py")}
    offenders = []
    for path in root.glob("**/*.py"):
        rel = path.relative_to(root)
        if rel.parts[0] in {".venv", "node_modules", "tests", "scripts", "benchmarks"}:
            continue
        if rel in allowed or "migrations" in rel.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "Content-Disposition" in text or "FileResponse(" in text:
            offenders.append(str(rel))
    assert not offenders, offenders
