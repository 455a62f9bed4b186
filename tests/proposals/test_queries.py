"""Lists, detail, queues and the member's page run a constant number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import Evaluation, Proposal

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _grow(n, session, staff, member_user, unit, liaison):
    """n more proposals in a spread of states, some of them the member's and the unit's."""
    for i in range(n):
        p = ProposalFactory(session=session)
        if i % 3 == 0:
            p.first_proposer = member_user.member
            p.save(update_fields=["first_proposer"])
        Proposal.objects.filter(pk=p.pk).update(status="submitted")
        p = Proposal.objects.get(pk=p.pk)
        if i % 4 == 2:  # closed, excellent, and a 不满意 with its reason on it
            Proposal.objects.filter(pk=p.pk).update(status="closed", excellence="selected")
            Evaluation.objects.create(
                proposal=p,
                member=p.first_proposer,
                satisfaction="unsatisfied",
                score_before=1,
                score_during=2,
                score_reply=1,
                comment="答复未回应建议",
            )
            continue
        if i % 2:
            services.register(actor=staff, proposal=p)
            services.assign(actor=staff, proposal=p, lead=unit)
            a = p.assignments.get()
            services.sign_for(actor=liaison, assignment=a)
            services.record_communication(
                actor=liaison,
                assignment=a,
                method="phone",
                occurred_on=timezone.localdate(),
                summary="沟通",
            )


@pytest.fixture
def pages(replied, member_user, staff, liaison, leader):
    services.set_key(actor=staff, proposal=replied, is_key=True, leaders=[leader])
    return [
        (staff, reverse("proposals:list")),
        (staff, reverse("proposals:list") + "?q=养老&overdue=on"),
        (staff, reverse("proposals:review")),
        (staff, reverse("proposals:detail", args=[replied.pk])),
        (liaison, reverse("proposals:unit_queue")),
        (liaison, reverse("proposals:detail", args=[replied.pk])),
        (member_user, reverse("proposals:mine")),
        (member_user, reverse("proposals:detail", args=[replied.pk])),
        (leader, reverse("proposals:leader")),
        (member_user, reverse("proposals:similar") + "?title=社区养老服务"),
        (leader, reverse("proposals:dissatisfied")),
        (staff, reverse("proposals:dissatisfied") + f"?session={replied.session_id}"),
        (member_user, reverse("proposals:excellent")),
        (leader, reverse("proposals:excellent")),
        (staff, reverse("proposals:enter")),
    ]


def test_constant_queries(
    pages, client, session, staff, member_user, unit, liaison, django_assert_max_num_queries
):
    counts = []
    for size in (3, 12):  # each size has every kind of row _grow makes
        _grow(size, session, staff, member_user, unit, liaison)
        row = []
        for user, url in pages:
            client.force_login(user)
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            row.append(len(ctx))
        counts.append(row)
    assert counts[0] == counts[1], list(zip([u for _, u in pages], *counts, strict=True))
    for (user, url), n in zip(pages, counts[1], strict=True):
        client.force_login(user)
        with django_assert_max_num_queries(max(n, 30)):
            client.get(url)
