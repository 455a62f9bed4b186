"""Drill 4: 50 members submit proposals at once, then 50 registrations run at once.

Called by drills.py inside its private database (Django already set up). Each thread has its
own database connection, as gunicorn workers would.
"""

import threading
import time

N = 50


def _parallel(jobs):
    """Run callables in threads released together; returns (results, errors)."""
    from django.db import connection

    results, errors, gate = [], [], threading.Barrier(len(jobs))

    def runner(job):
        try:
            gate.wait(10)
            results.append(job())
        except Exception as exc:  # noqa: BLE001 - every failure is reported by the drill
            errors.append(f"{exc.__class__.__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results, errors


def run():
    from django.contrib.auth import get_user_model

    from members.models import Member
    from proposals import services
    from proposals.models import Proposal, ProposalCategory

    started = time.monotonic()
    staff = get_user_model().objects.get(username="proposal_staff")
    members = list(Member.objects.filter(user__groups__name="member").select_related("user")[:20])
    category = ProposalCategory.objects.first()

    def submitter(i):
        def job():
            user = members[i % len(members)].user
            proposal = services.create_draft(
                actor=user,
                title=f"并发演练提案{i}",
                analysis="情况分析。",
                suggestions="具体建议。",
                category=category,
            )
            return services.submit(actor=user, proposal=proposal).pk

        return job

    submitted, submit_errors = _parallel([submitter(i) for i in range(N)])
    stored = Proposal.objects.filter(pk__in=submitted, status="submitted").count()

    def registrar(pk):
        def job():
            return services.register(actor=staff, proposal=Proposal.objects.get(pk=pk)).number

        return job

    numbers, register_errors = _parallel([registrar(pk) for pk in submitted])
    session_numbers = sorted(
        Proposal.objects.filter(pk__in=submitted)
        .exclude(number=None)
        .values_list("number", flat=True)
    )
    consecutive = (
        session_numbers
        == list(range(session_numbers[0], session_numbers[0] + len(session_numbers)))
        if session_numbers
        else False
    )
    return {
        "name": "50 concurrent submissions and registrations",
        "submitted": len(submitted),
        "stored": stored,
        "submit_errors": len(submit_errors),
        "registered": len(numbers),
        "register_errors": len(register_errors),
        "numbers_unique": len(set(session_numbers)) == len(session_numbers),
        "numbers_consecutive": consecutive,
        "seconds": round(time.monotonic() - started, 1),
        "ok": stored == N
        and len(numbers) == N
        and consecutive
        and not submit_errors
        and not register_errors,
        "errors": (submit_errors + register_errors)[:5],
    }
