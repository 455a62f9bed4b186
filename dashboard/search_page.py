"""The one search box: every part's sources (core.search) for the user, a few hits each, or
one part's hits page by page. A constant number of queries: one per source."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.search import clean_term, highlight, sources

PER_SOURCE = 5  # hits shown per part on the overview


def _hit(source, obj, term):
    snippet = getattr(obj, source.snippet_field, "") if source.snippet_field else ""
    return {
        "title": highlight(getattr(obj, source.title_field), term),
        "url": source.url(obj),
        "meta": source.meta(obj) if source.meta else "",
        "snippet": highlight(_plain(snippet), term, width=90) if snippet else "",
    }


def _plain(text):
    from django.utils.html import strip_tags

    return " ".join(strip_tags(str(text)).split())


@login_required
def search(request):
    term = clean_term(request.GET.get("q"))
    mine = [s for s in sources() if s.queryset(request.user) is not None]
    only = next((s for s in mine if s.key == request.GET.get("in")), None)
    groups, page = [], None
    if term and only is not None:
        page = paginate(request, only.search(request.user, term))
        groups.append({"source": only, "hits": [_hit(only, o, term) for o in page], "more": False})
    elif term:
        for source in mine:
            found = list(source.search(request.user, term)[: PER_SOURCE + 1])
            if found:
                groups.append(
                    {
                        "source": source,
                        "hits": [_hit(source, o, term) for o in found[:PER_SOURCE]],
                        "more": len(found) > PER_SOURCE,
                    }
                )
    return render(
        request,
        "dashboard/search.html",
        {"term": term, "sources": mine, "only": only, "groups": groups, "page": page},
    )
