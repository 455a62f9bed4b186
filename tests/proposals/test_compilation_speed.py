"""The 提案汇编 of 300 proposals builds (Word and PDF) in under a minute. Heavy on a shared
machine, so it runs when asked: `COMPILATION_BENCH=1 pytest tests/proposals/test_compilation_speed.py -s`."""

import os
import time

import pytest

from proposals.documents import build_compilation, start_compilation
from proposals.models import CompilationJob, Proposal
from tests.factories import MemberFactory

pytestmark = pytest.mark.skipif(
    not os.environ.get("COMPILATION_BENCH"), reason="set COMPILATION_BENCH=1 to measure"
)
TEXT = "我区老龄化程度不断加深，社区养老服务设施不足，专业护理人员短缺，群众反映强烈。" * 12


def test_compilation_of_300_proposals_under_a_minute(session, category, staff):
    members = [MemberFactory(name=f"委员{i:03d}") for i in range(60)]
    Proposal.objects.bulk_create(
        Proposal(
            session=session,
            category=category,
            title=f"关于加强第{i + 1}个社区养老服务中心建设的建议",
            analysis="\n".join([TEXT] * 2),
            suggestions="\n".join([TEXT] * 2),
            first_proposer=members[i % len(members)],
            status=Proposal.Status.REGISTERED,
            number=i + 1,
            number_display=f"{session.name}第{i + 1:04d}号",
        )
        for i in range(300)
    )
    job = start_compilation(actor=staff, session=session)
    started = time.monotonic()
    build_compilation(job.pk)
    elapsed = time.monotonic() - started
    job = CompilationJob.objects.get(pk=job.pk)
    print(f"\ncompilation of 300 proposals: {elapsed:.1f} s, {job.pdf.size // 1024} KiB PDF")
    assert job.state == CompilationJob.State.DONE and job.done == job.total
    assert elapsed < 60
