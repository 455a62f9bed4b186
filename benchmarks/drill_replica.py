"""The read replica drill: a streaming replica of the drills' own cluster (pg_basebackup), the
portal behind gunicorn with DATABASE_REPLICA_URL. Shows that the dashboards and public pages
read there, that other pages do not, that writes (the export's audit entry) reach the primary
and replicate, and that with the replica stopped every page still answers — and that reads
return to it once it is back."""

import contextlib
import subprocess
import time
import urllib.error
import urllib.request

import psycopg

REPLICA_PORT, WEB_PORT = 5492, 8793
READ_PAGES = ["/dashboard/", "/public/proposals/", "/public/figures/"]
OTHER_PAGES = ["/proposals/", "/members/"]


def _get(path, cookie):
    request = urllib.request.Request(
        f"http://127.0.0.1:{WEB_PORT}{path}", headers={"Cookie": cookie}
    )
    t0 = time.monotonic()
    try:
        status = urllib.request.urlopen(request, timeout=20).status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = "error"
    return status, time.monotonic() - t0


def _statements(standby, since):
    """Statements the replica ran since a position in its log (it logs every statement)."""
    time.sleep(0.5)
    with open(standby.logfile, "rb") as f:
        f.seek(since)
        text = f.read().decode(errors="replace")
    return sum(1 for line in text.splitlines() if "statement: " in line)


def _mark(standby):
    return standby.logfile.stat().st_size


def _count(port, dbname, sql):
    with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname=dbname) as conn:
        return conn.execute(sql).fetchone()[0]


def run(pg, *, work, env, root, log, log_file, kill_group, session_cookie, primary_port):
    from scripts.localservices.servers import Postgres

    dbname = "cppcc_drill"
    standby = Postgres(
        work / "replica", REPLICA_PORT, settings={"fsync": "off", "log_statement": "all"}
    )
    standby._prepare()
    started = time.monotonic()
    standby._pg(
        "pg_basebackup",
        "-D", standby.data.resolve(), "-h", "127.0.0.1", "-p", primary_port, "-U", "postgres",
        "-R", "-X", "stream", "-c", "fast",
    )  # fmt: skip
    standby.start()
    log(
        f"  replica of port {primary_port} on port {REPLICA_PORT} ({time.monotonic() - started:.1f}s)"
    )
    in_recovery = _count(REPLICA_PORT, dbname, "SELECT pg_is_in_recovery()")
    web_env = {
        **env,
        "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{dbname}",
        "REPLICA_RETRY_SECONDS": "3",
    }
    web = subprocess.Popen(
        [str(root / ".venv/bin/gunicorn"), "cppcc_portal.wsgi", "-b", f"127.0.0.1:{WEB_PORT}",
         "-w", "2", "--timeout", "30"],
        env=web_env, cwd=root, stdout=log_file("web-replica.log"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    result = {
        "name": "Read replica (streaming): reads routed, writes on the primary, replica stopped"
    }
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{WEB_PORT}/ping", timeout=1)
                break
            time.sleep(0.1)
        leader, staff = session_cookie("leader"), session_cookie("proposal_staff")
        for path in READ_PAGES + OTHER_PAGES:  # warm both workers
            _get(path, leader if path in READ_PAGES else staff)

        mark = _mark(standby)
        read_statuses = [_get(p, leader)[0] for p in READ_PAGES for _ in range(4)]
        on_replica_for_reads = _statements(standby, mark)
        mark = _mark(standby)
        other_statuses = [_get(p, staff)[0] for p in OTHER_PAGES for _ in range(4)]
        on_replica_for_others = _statements(standby, mark)

        audit_sql = "SELECT count(*) FROM audit_auditentry"
        audits_before = _count(primary_port, dbname, audit_sql)
        export_status = _get("/dashboard/export/", leader)[0]
        audits_after = _count(primary_port, dbname, audit_sql)
        t0, replicated = time.monotonic(), 0
        while replicated != audits_after and time.monotonic() - t0 < 10:
            replicated = _count(REPLICA_PORT, dbname, audit_sql)
        seen_on_replica_after = time.monotonic() - t0

        standby.stop("immediate")
        log("  replica stopped")
        down = [_get(p, leader) for p in READ_PAGES for _ in range(3)]
        down += [_get(p, staff) for p in OTHER_PAGES]
        standby.start()
        log("  replica started again")
        time.sleep(4)  # past REPLICA_RETRY_SECONDS
        for path in READ_PAGES:  # each worker finds it again
            _get(path, leader)
            _get(path, leader)
        mark = _mark(standby)
        back = [_get(p, leader)[0] for p in READ_PAGES for _ in range(2)]
        on_replica_back = _statements(standby, mark)
        result.update(
            in_recovery=in_recovery,
            replica_statements_for_12_replica_pages=on_replica_for_reads,
            replica_statements_for_8_other_pages=on_replica_for_others,
            read_pages_ok=read_statuses.count(200),
            other_pages_ok=other_statuses.count(200),
            export_status=export_status,
            audit_entries_written_on_primary=audits_after - audits_before,
            audit_entries_on_replica=replicated,
            audit_entries_on_primary=audits_after,
            write_seen_on_replica_within_s=round(seen_on_replica_after, 3),
            replica_stopped_statuses=sorted({str(s) for s, _ in down}),
            replica_stopped_slowest_s=round(max(t for _, t in down), 2),
            replica_back_statements_for_6_pages=on_replica_back,
            replica_back_ok=back.count(200),
        )
        result["ok"] = bool(
            in_recovery
            and all(s == 200 for s in read_statuses + other_statuses + back)
            and on_replica_for_reads >= 12
            and on_replica_for_others == 0
            and export_status == 200
            and audits_after - audits_before == 1
            and replicated == audits_after
            and all(s == 200 for s, _ in down)
            and on_replica_back >= 6
        )
    finally:
        kill_group(web)
        with contextlib.suppress(subprocess.CalledProcessError):
            standby.stop("immediate")
    result["seconds"] = round(time.monotonic() - started, 1)
    return result
