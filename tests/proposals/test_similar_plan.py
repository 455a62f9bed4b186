"""The similar-title lookup: only the current term's proposals, answered from the GIN
trigram index at the threshold it runs with (EXPLAIN)."""

import pytest
from django.db import connection, transaction

from proposals.selectors.similar import (
    SIMILARITY_THRESHOLD,
    matter,
    similar_proposals,
    similar_queryset,
)
from tests.factories import SessionFactory, TermFactory

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_only_the_current_terms_proposals_are_offered(member_user):
    old_term = TermFactory(number=1, name="第一届", is_current=False)
    old = ProposalFactory(
        session=SessionFactory(term=old_term, year=2019, number=1),
        title="关于加强社区养老服务的建议",
        status="submitted",
    )
    current = ProposalFactory(title="关于加强社区养老服务体系的建议", status="submitted")
    found = similar_proposals(member_user, "加强社区养老服务")
    assert current in found and old not in found


def test_the_lookup_uses_the_trigram_index_at_its_threshold():
    ProposalFactory.create_batch(40, status="submitted")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE proposals_proposal")
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [SIMILARITY_THRESHOLD])
        # forty rows: a sequential scan is cheaper still; show that the plan can use the index
        cursor.execute("SET LOCAL enable_seqscan = off")
        # unordered, as the lookup reads it (it sorts the matches by similarity afterwards)
        sql, params = similar_queryset("社区养老服务").order_by().query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "proposal_title_trgm" in plan, plan


@pytest.mark.parametrize(
    "title, expected",
    [
        ("关于加强社区养老服务的建议", "加强社区养老服务"),
        ("关于进一步做好我区垃圾分类工作的建议", "做好垃圾分类"),
        ("关于的建议", "关于的建议"),  # nothing but framing: looked up as written
        ("社区养老", "社区养老"),
    ],
)
def test_the_lookup_leaves_out_the_framing_every_title_shares(title, expected):
    assert matter(title) == expected


def test_a_title_sharing_only_the_framing_is_not_offered(member_user):
    alike = ProposalFactory(title="关于加强社区养老服务体系的建议", status="submitted")
    framing_only = ProposalFactory(
        title="关于加快推进工业园区转型升级工作的建议", status="submitted"
    )
    found = similar_proposals(member_user, "关于加强社区养老服务的建议")
    assert alike in found and framing_only not in found
