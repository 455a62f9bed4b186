"""core.pagination: a page's keys first (ids_first) gives the same page as slicing the
queryset; the capped count stops at its cap."""

import pytest
from django.test import RequestFactory

from cppcc_portal.core.pagination import CappedCountPaginator, paginate
from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(db):
    return [MemberFactory() for _ in range(7)]


@pytest.mark.parametrize("page", ["1", "2", "3", "99", "x"])
def test_ids_first_gives_the_page_slicing_gives(members, page):
    request = RequestFactory().get("/", {"page": page})
    qs = Member.objects.select_related("sector").order_by("-name", "-id")
    plain = paginate(request, qs, per_page=3)
    first = paginate(request, qs, per_page=3, ids_first=True)
    assert [m.pk for m in first.object_list] == [m.pk for m in plain.object_list]
    assert first.number == plain.number and first.paginator.count == 7


def test_ids_first_on_an_empty_list(db):
    request = RequestFactory().get("/")
    page = paginate(request, Member.objects.none(), ids_first=True)
    assert list(page.object_list) == [] and page.paginator.count == 0


def test_the_capped_count_stops_at_its_cap(members, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 5)
    capped = CappedCountPaginator(Member.objects.order_by("id"), 2)
    assert capped.count == 5 and capped.capped and capped.num_pages == 3
    monkeypatch.setattr(CappedCountPaginator, "cap", 10)
    exact = CappedCountPaginator(Member.objects.order_by("id"), 2)
    assert exact.count == len(Member.objects.all()) and not exact.capped
