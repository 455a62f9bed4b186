#!/usr/bin/env python
"""`make drills`: failure drills on a private PostgreSQL and Redis (loopback only, bounded in time).

Each drill runs against servers this script starts itself (PostgreSQL on port 5491 in a
temporary cluster, Redis on port 6391), so stopping them disturbs nobody else:

1. Redis stopped and restarted while members submit: nothing lost, every notification
   delivered exactly once after Redis is back.
2. A Celery worker killed (SIGKILL) mid-task, then only its pool process: each time the task
   is run again and completes exactly once (runs counted), nothing is left in the broker.
3. PostgreSQL restarted under load (gunicorn, 2 workers): requests fail cleanly (fast 5xx,
   no hang) and recover.
4. 50 concurrent submissions and registrations: all stored, numbers unique and gap-free.
5. A streaming read replica (pg_basebackup of the private cluster, port 5492): the dashboards
   and public pages read there, other pages and every write do not, and with the replica
   stopped every page still answers (benchmarks/drill_replica.py).

`make drills DRILLS=replica` (names: redis, worker, postgres, concurrency, replica) runs some.

Results: benchmarks/results/drills.json and drills.md.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.localservices.servers import Postgres, Redis  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
WORK = Path("/tmp/cppcc-drills")
PG_PORT, REDIS_PORT, WEB_PORT = 5491, 6391, 8791
ENV = {
    **os.environ,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/cppcc_drill",
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "CACHE_KEY_PREFIX": "drill",
    "DEBUG": "false",
    "TESTING": "true",  # development secret key, no HTTPS redirect
    "REQUIRE_2FA": "false",
    "EMAIL_URL": f"filemail://{WORK}/mail".replace("://", ":///"),  # absolute path
    "CELERY_VISIBILITY_TIMEOUT": "6",
    "CONN_MAX_AGE": "0",
    "DJANGO_SETTINGS_MODULE": "cppcc_portal.settings",
}
PY = sys.executable


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def log_file(name):
    """An append handle for a child process's output; the child keeps it open."""
    return open(WORK / name, "a")  # noqa: SIM115 - handed to a long-running child process


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, env=ENV, cwd=ROOT, **kwargs)


# --- private servers (scripts/localservices, as `make run` uses on a bare machine) --------


def start_worker(*queues):
    extra = ["-Q", ",".join(queues)] if queues else []
    return subprocess.Popen(
        [
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "cppcc_portal",
            "worker",
            "-l",
            "warning",
            "--concurrency",
            "1",
            "-n",
            f"drill{time.monotonic_ns()}@localhost",
            *extra,
        ],
        env=ENV,
        cwd=ROOT,
        stdout=log_file("worker.log"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill_group(process, sig=signal.SIGKILL):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    process.wait(15)


# --- the drills -------------------------------------------------------------------------


def _mails_sent(marker="演练信息"):
    """Drill messages written by the file e-mail backend of every process (worker, scan)."""
    import email
    from email.header import decode_header, make_header

    folder = WORK / "mail"
    if not folder.exists():
        return 0
    count = 0
    for f in folder.iterdir():
        for chunk in f.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                subject = str(
                    make_header(decode_header(email.message_from_bytes(chunk).get("Subject", "")))
                )
                count += marker in subject
    return count


def drill_redis(redis):
    """Members submit reports while a worker runs; Redis goes away for the middle third and
    comes back; the periodic scan then delivers what could not be queued."""
    from django.db import close_old_connections

    from cppcc_portal.notifications.delivery import deliver_due
    from cppcc_portal.notifications.models import Delivery, Notification
    from members.models import Member
    from opinions import services

    members = list(Member.objects.filter(user__groups__name="member").select_related("user")[:20])
    total, failures, started = 60, [], time.monotonic()
    before = Notification.objects.count()
    last_delivery = Delivery.objects.order_by("-id").values_list("id", flat=True).first() or 0
    worker = start_worker()
    time.sleep(4)
    for i in range(total):
        if i == total // 3:
            redis.stop()
            log("  redis stopped")
        if i == 2 * total // 3:
            redis.start()
            log("  redis started again")
        member = members[i % len(members)]
        try:
            report = services.save_draft(
                actor=member.user,
                title=f"演练信息{i}",
                problem="演练问题描述。",
                suggestion="演练建议。",
            )
            services.submit_report(actor=member.user, report=report)
        except Exception as exc:  # noqa: BLE001 - a failed submission is what the drill looks for
            failures.append(f"{i}: {exc.__class__.__name__}: {exc}")
        close_old_connections()
    created = Notification.objects.count() - before
    # A restarted worker lost its broker connection: give it a fresh start, as systemd would.
    kill_group(worker, signal.SIGTERM)
    worker = start_worker()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        deliver_due()  # what beat's periodic scan does
        if not Delivery.objects.filter(state=Delivery.State.PENDING).exists():
            break
        time.sleep(1)
    time.sleep(2)
    kill_group(worker, signal.SIGTERM)
    deliveries = Delivery.objects.filter(id__gt=last_delivery)
    sent = deliveries.filter(state=Delivery.State.SENT).count()
    mails = _mails_sent()
    ok = not failures and created > 0 and deliveries.count() == sent == mails
    return {
        "name": "Redis stopped and restarted while members submit",
        "submissions": total,
        "failed_submissions": len(failures),
        "notifications": created,
        "deliveries": deliveries.count(),
        "delivered": sent,
        "mails_written": mails,
        "seconds": round(time.monotonic() - started, 1),
        "ok": ok,
        "errors": failures[:5],
    }


def _probe_runs(token, what):
    """Timestamps of the probe's start or completion rows (one row per run, see core.tasks.probe)."""
    from cppcc_portal.core.models import Heartbeat

    rows = Heartbeat.objects.filter(name__startswith=f"probe:{token}:{what}:").order_by("at")
    return [(name, at.timestamp()) for name, at in rows.values_list("name", "at")]


def _wait_for(token, what, count, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        runs = _probe_runs(token, what)
        if len(runs) >= count:
            return runs
        time.sleep(0.2)
    return _probe_runs(token, what)


def _kill_mid_task(token, kill):
    """Queue a 4-second probe, wait until it runs, `kill` its worker or pool process, and time
    the run that completes it. Returns the figures of this kill."""
    from cppcc_portal.core.tasks import probe

    probe.apply_async((token, 4), queue="drill")
    first = _wait_for(token, "start", 1, 30)
    if not first:
        return {"started": False}
    time.sleep(1)  # the task is sleeping inside its 4 seconds now
    pid = int(first[0][0].split(":")[3])
    kill(pid)
    killed_at = time.time()
    finished_before_kill = bool(_probe_runs(token, "done"))
    done = _wait_for(token, "done", 1, 60)
    # Linger past another visibility timeout and restore sweep: a second delivery would show
    # up as a second completion.
    time.sleep(int(ENV["CELERY_VISIBILITY_TIMEOUT"]) + 3)
    starts, done = _probe_runs(token, "start"), _probe_runs(token, "done")
    return {
        "finished_before_kill": finished_before_kill,
        "runs_started": len(starts),
        "runs_completed": len(done),
        "restarted_after_kill_s": round(starts[1][1] - killed_at, 1) if len(starts) > 1 else None,
        "redelivered_after_first_delivery_s": (
            round(starts[1][1] - starts[0][1], 1) if len(starts) > 1 else None
        ),
        "completed_after_kill_s": round(done[0][1] - killed_at, 1) if done else None,
        "ok": not finished_before_kill and len(starts) == 2 and len(done) == 1,
    }


def drill_worker():
    """A 4-second task, killed mid-run twice: first the whole worker (SIGKILL to the process
    group, as when a host or container dies), then only its pool process (as the OOM killer
    does). Each time the task must be run again and complete exactly once."""
    import redis as redis_client

    started = time.monotonic()
    broker = redis_client.Redis(port=REDIS_PORT)
    workers = [start_worker("drill")]  # its own queue: nothing of earlier drills stands in front
    time.sleep(6)

    def kill_and_replace(pid):
        # The replacement starts at once, as systemd would restart it. The killed worker cannot
        # give its message back: it waits in Redis's unacked set for the visibility timeout.
        kill_group(workers[0])
        workers[0] = start_worker("drill")

    token = f"w{int(time.time())}"
    whole = _kill_mid_task(f"{token}a", kill_and_replace)
    log(f"  worker killed mid-task: {whole}")
    # The worker's main process survives and rejects the lost task back onto the queue at once
    # (task_reject_on_worker_lost).
    child = _kill_mid_task(f"{token}b", lambda pid: os.kill(pid, signal.SIGKILL))
    log(f"  pool process killed mid-task: {child}")
    kill_group(workers[0], signal.SIGTERM)
    left = {"unacked": broker.hlen("unacked"), "queued": broker.llen("drill")}
    return {
        "name": "Celery worker killed mid-task",
        "worker_killed": {k: v for k, v in whole.items() if k != "ok"},
        "pool_process_killed": {k: v for k, v in child.items() if k != "ok"},
        "left_in_broker": left,
        "seconds": round(time.monotonic() - started, 1),
        "ok": bool(whole.get("ok")) and bool(child.get("ok")) and not any(left.values()),
    }


def _session_cookie(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return f"sessionid={client.cookies['sessionid'].value}"


def drill_postgres(pg):
    """Load on gunicorn (2 workers); PostgreSQL restarts in the middle."""
    staff_cookie, member_cookie = _session_cookie("liaison_staff"), _session_cookie("member")
    web = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "cppcc_portal.wsgi",
            "-b",
            f"127.0.0.1:{WEB_PORT}",
            "-w",
            "2",
            "--timeout",
            "30",
        ],
        env=ENV,
        cwd=ROOT,
        stdout=log_file("web.log"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{WEB_PORT}/ping", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    samples, stop = [], threading.Event()

    def load(path, headers):
        while not stop.is_set():
            request = urllib.request.Request(f"http://127.0.0.1:{WEB_PORT}{path}", headers=headers)
            t0 = time.monotonic()
            try:
                status = urllib.request.urlopen(request, timeout=10).status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError:
                status = "error"
            samples.append((t0, status, time.monotonic() - t0))

    threads = [
        threading.Thread(target=load, args=("/members/", {"Cookie": staff_cookie})),
        threading.Thread(target=load, args=("/", {"Cookie": member_cookie})),
    ]
    start = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(6)
    outage_start = time.monotonic()
    pg.restart()
    outage_end = time.monotonic()
    log(f"  postgres restarted ({outage_end - outage_start:.1f}s)")
    time.sleep(8)
    stop.set()
    for t in threads:
        t.join()
    kill_group(web, signal.SIGTERM)
    before = [s for s in samples if s[0] < outage_start]
    during = [s for s in samples if outage_start <= s[0] <= outage_end + 1]
    after = [s for s in samples if s[0] > outage_end + 2]
    return {
        "name": "PostgreSQL restarted under load",
        "requests": len(samples),
        "before_ok": sum(1 for s in before if s[1] == 200),
        "before": len(before),
        "during_statuses": dict(Counter(str(s[1]) for s in during)),
        "slowest_during_s": round(max((s[2] for s in during), default=0), 2),
        "after_ok": sum(1 for s in after if s[1] == 200),
        "after": len(after),
        "seconds": round(time.monotonic() - start, 1),
        "ok": bool(after) and all(s[1] == 200 for s in after) and all(s[2] < 10 for s in samples),
    }


def drill_concurrency():
    """50 members submit at once, then staff register 50 proposals at once (threads)."""
    try:
        from benchmarks.drill_concurrency import run as run_concurrency
    except ModuleNotFoundError:
        return {
            "name": "50 concurrent submissions and registrations",
            "ok": None,
            "skipped": "the proposals drill module is not present",
        }
    return run_concurrency()


def drill_replica(pg):
    from benchmarks import drill_replica as replica

    return replica.run(
        pg,
        work=WORK,
        env=ENV,
        root=ROOT,
        log=log,
        log_file=log_file,
        kill_group=kill_group,
        session_cookie=_session_cookie,
        primary_port=PG_PORT,
    )


def main():
    chosen = set(filter(None, os.environ.get("DRILLS", "").split(",")))
    if os.geteuid() != 0:
        sys.exit("the drills start a private PostgreSQL cluster as the postgres user: run as root")
    pg = Postgres(WORK / "pg", PG_PORT, settings={"fsync": "off"})
    redis = Redis(WORK / "redis", REDIS_PORT)
    redis.stop()  # left running by an interrupted run
    pg.stop("immediate")
    shutil.rmtree(WORK, ignore_errors=True)
    results, started = [], time.monotonic()
    try:
        log("starting private PostgreSQL and Redis")
        pg.init()
        pg.start()
        redis.start()
        run([PY, "manage.py", "ensure_database"], stdout=subprocess.DEVNULL)
        run([PY, "manage.py", "migrate", "-v", "0"])
        run([PY, "manage.py", "seed_demo", "--force"], stdout=subprocess.DEVNULL)
        # The demo queued deliveries of its own; start the drills from an empty queue (the
        # rows stay pending in the database, where the periodic scan would find them).
        subprocess.run(
            ["redis-cli", "-p", str(REDIS_PORT), "flushall"], check=True, stdout=subprocess.DEVNULL
        )
        os.environ.update(ENV)
        import django

        django.setup()
        drills = {
            "redis": lambda: drill_redis(redis),
            "worker": drill_worker,
            "postgres": lambda: drill_postgres(pg),
            "concurrency": drill_concurrency,
            "replica": lambda: drill_replica(pg),
        }
        for name, drill in drills.items():
            if chosen and name not in chosen:
                continue
            from django.db import connections

            connections.close_all()
            result = drill()
            log(f"{result['name']}: {json.dumps(result, ensure_ascii=False)}")
            results.append(result)
    finally:
        redis.stop()
        with contextlib.suppress(subprocess.CalledProcessError):
            pg.stop("immediate")
    RESULTS.mkdir(parents=True, exist_ok=True)
    if chosen and (RESULTS / "drills.json").exists():  # some drills: the others' results stay
        fresh = {r["name"] for r in results}
        kept = json.loads((RESULTS / "drills.json").read_text())
        results = [r for r in kept if r["name"] not in fresh] + results
    (RESULTS / "drills.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    lines = [
        "# Failure drills",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M')} by `make drills` "
        f"in {time.monotonic() - started:.0f} s.",
        "",
        "| drill | result | figures |",
        "|---|---|---|",
    ]
    for r in results:
        figures = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("name", "ok", "errors"))
        verdict = "ok" if r["ok"] else ("skipped" if r["ok"] is None else "**failed**")
        lines.append(f"| {r['name']} | {verdict} | {figures} |")
    (RESULTS / "drills.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    if any(r["ok"] is False for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
