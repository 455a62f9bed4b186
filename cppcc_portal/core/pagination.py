from django.core.paginator import Paginator
from django.utils.functional import cached_property

DEFAULT_PER_PAGE = 20


def paginate(request, queryset, per_page: int = DEFAULT_PER_PAGE, *, ids_first: bool = False):
    """One page of a queryset; a bad or too-large page number gives the nearest page.

    `ids_first`: the page's keys are found first (a narrow query the planner can answer from
    an index, without reading the rows it sorts past), then its rows are read by key with the
    queryset's joins and prefetches. For long lists sorted on a joined column, where sorting
    whole rows costs more than one more query."""
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    if ids_first and paginator.count:
        bottom = (page.number - 1) * per_page
        ids = list(queryset.values_list("pk", flat=True)[bottom : bottom + per_page])
        rows = {obj.pk: obj for obj in queryset.filter(pk__in=ids).order_by()}
        page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


class CappedCountPaginator(Paginator):
    """Counts at most `cap` rows: past them the exact number of a table of millions (the
    ledger: 280 ms for COUNT(*) at scale 30) tells staff nothing a filter would not, and the
    pages beyond are never read. `capped` says the count stopped there (the admin's
    pagination then reads 'more than 10,000')."""

    cap = 10_000
    capped = False

    @cached_property
    def count(self):
        n = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = n > self.cap
        return min(n, self.cap)
