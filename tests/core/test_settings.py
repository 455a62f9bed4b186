"""Production refuses to serve with the development secret key, and redelivers the task of a
worker that died."""

import json
import os
import subprocess
import sys
import time
import uuid
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


def test_production_redelivers_a_dead_workers_task_after_the_visibility_timeout():
    """The timeout outlasts the longest run (else running tasks are delivered twice), and kombu
    looks for overdue messages at least every minute (10 x 10 s by default)."""
    code = (
        "import django, os, json; os.environ['DJANGO_SETTINGS_MODULE']='cppcc_portal.settings';"
        " django.setup(); from django.conf import settings as s;"
        " print(json.dumps([s.CELERY_BROKER_TRANSPORT_OPTIONS, s.CELERY_TASK_TIME_LIMIT]))"
    )
    environment = {k: v for k, v in os.environ.items() if k != "CELERY_VISIBILITY_TIMEOUT"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    options, time_limit = json.loads(result.stdout.splitlines()[-1])
    assert options["visibility_timeout"] > time_limit
    assert options["unacked_restore_throttle"] == 1
    assert options["unacked_restore_interval"] <= 60


def test_every_restore_sweep_gives_back_an_overdue_unacked_message(settings):
    """kombu's sweep, as the worker's event loop calls it, with the portal's transport options:
    a message unacked longer than the visibility timeout goes back to its queue on the next
    sweep, not only on every tenth."""
    from kombu import Connection, Producer, Queue

    from cppcc_portal.celery import app

    tag = uuid.uuid4().hex[:8]
    options = {
        **app.conf.broker_transport_options,
        "visibility_timeout": 1,
        "unacked_key": f"test-unacked-{tag}",
        "unacked_index_key": f"test-unacked-index-{tag}",
        "unacked_mutex_key": f"test-unacked-mutex-{tag}",
    }
    queue = Queue(f"test-restore-{tag}")
    with Connection(settings.CELERY_BROKER_URL, transport_options=options) as connection:
        channel = connection.channel()
        try:
            Producer(channel).publish({"n": 1}, routing_key=queue.name, declare=[queue])
            message = channel.basic_get(queue.name, no_ack=False)
            assert message is not None

            def sweep():
                channel.qos.restore_visible(
                    num=channel.unacked_restore_limit, interval=channel.unacked_restore_throttle
                )

            sweep()  # the sweep at start-up: not overdue yet
            assert channel.client.llen(queue.name) == 0
            time.sleep(1.2)
            sweep()
            assert channel.client.llen(queue.name) == 1
        finally:
            queue(channel).delete()
            channel.client.delete(options["unacked_key"], options["unacked_index_key"])
            channel.close()
