"""Production refuses to serve with the development secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "TESTING", "DEBUG")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_wsgi_refuses_the_development_key():
    result = _run("import cppcc_portal.wsgi", DEBUG="false", TESTING="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_wsgi_starts_with_a_real_key():
    result = _run("import cppcc_portal.wsgi", DEBUG="false", TESTING="false", SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr


def test_management_commands_run_without_a_key():
    result = _run(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cppcc_portal.settings'; django.setup()",
        DEBUG="false",
        TESTING="false",
    )
    assert result.returncode == 0, result.stderr


def test_postgresql_jit_is_off_for_the_portals_connections(db):
    """The dashboard's aggregates cost 100 ms of JIT compiling at scale 10 (DATABASE_JIT)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
