"""The search's matching (core.search.text_match) and its two-character index: the same rows
as a substring test whatever the term's length and case, read through the index."""

import pytest
from django.db import connection
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cppcc_portal.core.search import text_match
from opinions.models import REPORT_TEXTS
from proposals.models import PROPOSAL_TEXTS, Proposal
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    ("关于加强社区养老服务的建议", "老龄人口持续上升", "增加设施"),
    ("关于优化公交线路的建议", "5G基站建设滞后", "加快 AI 应用"),
    ("关于停车难问题的建议", "老旧小区停车位不足", "错时共享"),
]


@pytest.fixture
def proposals(db):
    return [
        ProposalFactory(title=t, analysis=a, suggestions=s, status="submitted") for t, a, s in TEXTS
    ]


def _expected(term):
    found = set()
    for i, texts in enumerate(TEXTS):
        for text in texts:
            if term.lower() != term.upper():
                hit = term.upper() in text.upper()
            else:
                hit = term in text
            if hit:
                found.add(i)
    return found


def _found(proposals, term):
    qs = Proposal.objects.filter(text_match(PROPOSAL_TEXTS[:3], term, index=PROPOSAL_TEXTS))
    ids = set(qs.values_list("pk", flat=True))
    return {i for i, p in enumerate(proposals) if p.pk in ids}


def _plan_without_scans(qs) -> str:
    """The plan of `qs` with sequential scans off: a few test rows would be scanned, but an
    index whose expression is not the query's cannot be used at all."""
    sql, params = qs.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_bigrams_function_pieces_lower_cases_and_skips_nulls():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cppcc_bigrams('养老AB', NULL, 'x')")
        assert sorted(cursor.fetchone()[0]) == sorted(["ab", "老a", "养老"])


@pytest.mark.parametrize(
    "term", ["养", "养老", "养老服务", "停车位", "5g", "5G", "ai 应", "无此词"]
)
def test_text_match_finds_what_a_substring_test_finds(proposals, term):
    assert _found(proposals, term) == _expected(term)


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from([t for texts in TEXTS for t in texts]), st.integers(0, 20), st.integers(1, 5)
)
@example("5G基站建设滞后", 0, 2)  # a term with case, cut from the middle of a field
def test_any_piece_of_a_text_finds_its_proposal(text, start, length):
    from django.db import transaction

    with transaction.atomic():
        proposals = [
            ProposalFactory(title=t, analysis=a, suggestions=s, status="submitted")
            for t, a, s in TEXTS
        ]
        term = text[start : start + length] or text[:1]
        assert _found(proposals, term) == _expected(term)
        transaction.set_rollback(True)


@pytest.mark.parametrize("model_fields", [("proposals_proposal", PROPOSAL_TEXTS)])
def test_a_two_character_search_is_answered_by_the_index(proposals, model_fields):
    """The expression Django writes is the index's: with sequential scans off the planner
    can still answer from it (were it another expression, it could not)."""
    qs = Proposal.objects.filter(text_match(PROPOSAL_TEXTS, "养老", index=PROPOSAL_TEXTS))
    assert "proposal_text_bigrams" in _plan_without_scans(qs)


def test_a_report_search_is_answered_by_its_index(db):
    from opinions.models import Report

    qs = Report.objects.filter(text_match(REPORT_TEXTS[:3], "停车", index=REPORT_TEXTS))
    assert "report_text_bigrams" in _plan_without_scans(qs)


def test_a_one_character_term_is_matched_without_the_index(proposals):
    sql = str(Proposal.objects.filter(text_match(PROPOSAL_TEXTS, "养", index=PROPOSAL_TEXTS)).query)
    assert "cppcc_bigrams" not in sql and "STRPOS" in sql
