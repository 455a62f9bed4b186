"""The read replica: which reads go there, that writes never do, and that a replica which
does not answer leaves the portal working (core/replica.py). The real streaming replica is
started by `make drills`; here the `replica` alias is a second connection to the test
database (or to a closed port)."""

import logging

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cppcc_portal.core import replica, stamps

pytestmark = pytest.mark.django_db(transaction=True)


def _replica_alias(monkeypatch, **changes):
    """Configure `replica` as a copy of the primary's settings with `changes`."""
    settings_dict = {**connections["default"].settings_dict, **changes}
    settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "connect_timeout": 2}
    monkeypatch.setitem(connections.settings, replica.ALIAS, settings_dict)
    monkeypatch.setattr(replica, "_down_until", 0.0)
    return replica.ALIAS


@pytest.fixture
def replica_db(monkeypatch):
    alias = _replica_alias(monkeypatch)
    # the test case forbids connecting to an alias it was not told of; connect directly
    connections[alias].connect()
    yield connections[alias]
    connections[alias].close()
    del connections[alias]


@pytest.fixture
def dead_replica(monkeypatch):
    alias = _replica_alias(monkeypatch, PORT="1", HOST="127.0.0.1")
    # past the test case's guard on aliases it was not told of: a real connection attempt
    connection = connections[alias]

    def ensure_connection():
        with connection.wrap_database_errors:
            connection.connect()

    monkeypatch.setattr(connection, "ensure_connection", ensure_connection)
    yield connections[alias]
    connections[alias].close()
    del connections[alias]


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize(
    "view_name, method, expected",
    [
        ("dashboard:leader", "GET", True),
        ("dashboard:year_report", "HEAD", True),
        ("public:proposals", "GET", True),
        ("proposals:export", "GET", True),
        ("members:duty_ranking_export", "GET", True),
        ("news:public_article", "GET", True),
        ("dashboard:leader", "POST", False),
        ("proposals:detail", "GET", False),
        ("members:duty_archive_download", "GET", False),
        ("news:article_edit", "GET", False),
    ],
)
def test_replica_pages_are_the_listed_reads(view_name, method, expected):
    assert replica.reads_from_replica(view_name, method) is expected


def test_without_a_replica_every_read_goes_to_the_primary(role_users, client_for):
    assert not replica.configured()
    response = client_for(role_users["leader"]).get(reverse("dashboard:leader"))
    assert response.status_code == 200
    assert replica.read_alias() == "default"


def test_dashboard_reads_on_the_replica_and_writes_on_the_primary(
    replica_db, role_users, client_for
):
    leader = client_for(role_users["leader"])
    with CaptureQueriesContext(replica_db) as on_replica:
        assert leader.get(reverse("dashboard:leader")).status_code == 200
    tables = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "proposals_proposal" in tables
    assert "pg_last_wal_replay_lsn" in tables  # the stamp is read where the figures are
    assert not any(
        q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        for q in on_replica.captured_queries
    )
    # the export writes its audit entry: on the primary, never the replica
    with CaptureQueriesContext(replica_db) as on_replica:
        assert leader.get(reverse("dashboard:export")).status_code == 200
    assert on_replica.captured_queries
    assert not any("INSERT" in q["sql"].upper()[:20] for q in on_replica.captured_queries)
    from cppcc_portal.audit.models import AuditEntry

    assert AuditEntry.objects.using("default").exists()


def test_other_pages_never_read_the_replica(replica_db, role_users, client_for):
    with CaptureQueriesContext(replica_db) as on_replica:
        assert (
            client_for(role_users["proposal_staff"]).get(reverse("proposals:list")).status_code
            == 200
        )
        assert client_for(role_users["leader"]).get("/").status_code == 200
    assert on_replica.captured_queries == []
    assert replica.read_alias() == "default"  # the mark ends with its request


def test_a_replica_that_does_not_answer_leaves_the_pages_working(
    dead_replica, role_users, client_for, caplog, monkeypatch
):
    leader = client_for(role_users["leader"])
    with caplog.at_level(logging.WARNING, logger="cppcc_portal.core.replica"):
        assert leader.get(reverse("dashboard:leader")).status_code == 200
    assert "read replica not answering" in caplog.text
    assert replica._down_until > 0
    # rested: the next request does not try to connect again
    tries = []
    monkeypatch.setattr(dead_replica, "ensure_connection", lambda: tries.append(1))
    assert leader.get(reverse("public:proposals")).status_code == 200
    assert tries == []


def test_the_stamp_is_read_where_the_figures_are_read(replica_db):
    with CaptureQueriesContext(replica_db) as on_replica:
        stamps.data_stamp()
    assert on_replica.captured_queries == []
    token = replica._reading.set(True)
    try:
        with CaptureQueriesContext(replica_db) as on_replica:
            stamps.data_stamp()
    finally:
        replica._reading.reset(token)
    assert len(on_replica.captured_queries) == 1
