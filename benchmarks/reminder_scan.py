"""Benchmark: one full reminder scan over n open deadlines (`make bench` runs 3,000 and 30,000).

Creates its own rows (bulk), times `scan()` twice — the first run sends reminders for most
of them, the second finds everything already sent — and deletes what it made.
"""

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

BENCH_DUTY = "benchmark.reminder_scan"
TARGET_BASE = 10**12  # far above any real primary key


def run(n: int) -> dict:
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from cppcc_portal.notifications.models import Deadline, Notification
    from cppcc_portal.notifications.reminders import scan

    today = timezone.localdate()
    stamp = int(time.time())
    users = [
        User.objects.create(
            username=f"bench-reminder-{stamp}-{i}", email=f"bench{i}@example.invalid"
        )
        for i in range(4)
    ]
    responsible, steps = users[0], [[u.pk] for u in users[1:]]
    ct = ContentType.objects.get_for_model(User)
    try:
        # due dates spread over ±60 days: some far, some within the reminder window, half overdue
        deadlines = Deadline.objects.bulk_create(
            [
                Deadline(
                    target_type=ct,
                    target_id=TARGET_BASE + i,
                    duty=BENCH_DUTY,
                    title=f"基准测试期限 {i}",
                    due_on=today + timedelta(days=(i % 121) - 60),
                    escalation=steps,
                )
                for i in range(n)
            ],
            batch_size=5000,
        )
        Deadline.responsible.through.objects.bulk_create(
            [
                Deadline.responsible.through(deadline_id=d.pk, user_id=responsible.pk)
                for d in deadlines
            ],
            batch_size=5000,
        )
        with connection.cursor() as cursor:  # statistics, as autovacuum keeps them in a live system
            cursor.execute("ANALYZE notifications_deadline, notifications_deadline_responsible")
        started = time.perf_counter()
        first = scan(today=today)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        scan(today=today)
        again = time.perf_counter() - started
    finally:
        Deadline.objects.filter(duty=BENCH_DUTY).delete()
        Notification.objects.filter(recipient__in=users).delete()
        User.objects.filter(pk__in=[u.pk for u in users]).delete()
    return {
        "name": "reminder scan",
        "deadlines": n,
        "seconds": round(seconds, 2),
        "reminders": first["reminders"],
        "notifications": first["notifications"],
        "rescan_seconds": round(again, 2),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc_portal.settings")
    import django

    django.setup()
    for size in [int(a) for a in sys.argv[1:]] or [3000, 30000]:
        print(run(size))
