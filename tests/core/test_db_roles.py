"""The portal's runtime role owns nothing (issue 21, item 3): rows yes; the audit log only
appended to; no TRUNCATE, DELETE, UPDATE, DISABLE TRIGGER or DDL."""

import os

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from cppcc_portal.audit.models import Action
from cppcc_portal.audit.services import audit

# roles belong to the whole cluster: one per test worker, and one worker for these tests
ROLE = "cppcc_test_runtime_" + (os.environ.get("PYTEST_XDIST_WORKER") or "main")
pytestmark = pytest.mark.xdist_group("db_roles")
PASSWORD = "runtime-only-pw-0123"


@pytest.fixture
def runtime(transactional_db):
    call_command("create_db_roles", role=ROLE, password=PASSWORD)
    audit(action=Action.EXPORT, detail="before")
    params = connection.get_connection_params()
    conn = psycopg.connect(
        host=params.get("host") or "127.0.0.1",
        port=params.get("port") or 5432,
        dbname=params["dbname"],
        user=ROLE,
        password=PASSWORD,
        autocommit=True,
    )
    yield conn
    conn.close()


REFUSED = [
    "DELETE FROM audit_auditentry",
    "UPDATE audit_auditentry SET detail = 'x'",
    "TRUNCATE audit_auditentry",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER USER",
    "DROP TABLE audit_auditentry",
    "CREATE TABLE sneaky (id int)",
    "ALTER TABLE core_counter ADD COLUMN sneaky int",
    "DROP TRIGGER pgtrigger_append_only_6cfb3 ON audit_auditentry",
]


def test_the_runtime_role_reads_and_writes_rows(runtime):
    with runtime.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditentry")
        assert cursor.fetchone()[0] >= 1
        cursor.execute("INSERT INTO core_counter (key, value) VALUES ('roles-test', 1)")
        cursor.execute("UPDATE core_counter SET value = 2 WHERE key = 'roles-test'")
        cursor.execute("DELETE FROM core_counter WHERE key = 'roles-test'")
        cursor.execute(
            "INSERT INTO audit_auditentry (created_at, username, user_agent, action, target_id,"
            " target_repr, detail, prev_hash, entry_hash) VALUES (now(), '', '', 'export', '',"
            " '', '', '', '')"
        )
        cursor.execute(
            "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = %s", [ROLE]
        )
        assert cursor.fetchone() == (False, False, False)


@pytest.mark.parametrize("statement", REFUSED)
def test_the_runtime_role_cannot_erase_or_reshape(runtime, statement):
    with runtime.cursor() as cursor, pytest.raises(psycopg.errors.InsufficientPrivilege):
        cursor.execute(statement)


def test_create_db_roles_is_idempotent(transactional_db):
    from django.db import connection

    call_command("create_db_roles", role=ROLE, password=PASSWORD)
    call_command("create_db_roles", role=ROLE, password=PASSWORD)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", [ROLE])
        assert cursor.fetchone()[0] == 1
