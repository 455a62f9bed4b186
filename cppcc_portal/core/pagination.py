from django.core.paginator import Paginator

DEFAULT_PER_PAGE = 20


def paginate(request, queryset, per_page: int = DEFAULT_PER_PAGE):
    """One page of a queryset; a bad or too-large page number gives the nearest page."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
