"""One search box over the parts of the work. Each part declares what can be found in it in
`<app>/search.py` (SOURCES, found by core.contributions); a source starts from the part's own
`visible_to` selector, so a result is never something the user could not open.

Matching is a Chinese substring match (`icontains`) over the fields that matter, served by the
pg_trgm GIN indexes the models carry (three characters or more; shorter terms scan). It was
chosen over jieba-segmented full text because members search for fragments of titles and names
(「养老」「停车」「王」) that a segmenter splits differently from the text, and because the trigram
indexes are already kept for the similar-title lookup. Ranking: a hit in the title first, then
the newest.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .contributions import contributions

MAX_TERM = 50  # longer input is cut: a search box, not a document


@dataclass(frozen=True)
class Source:
    key: str  # the tab's name in the URL (?in=…)
    label: str
    queryset: object  # (user) -> the part's visible_to queryset, or None when the user has none
    title_field: str
    fields: tuple = ()  # the other fields searched, after the title
    order: tuple = ("-pk",)  # among equal hits (the newest first, say)
    url: object = None  # (obj) -> its page
    meta: object = None  # (obj) -> a short line under the title (number, state, date)
    snippet_field: str = ""  # the text a hit's excerpt is cut from

    def search(self, user, term):
        qs = self.queryset(user)
        if qs is None:
            return None
        names = (self.title_field, *self.fields)
        match = reduce(or_, (Q(**{f"{name}__icontains": term}) for name in names))
        title_hit = Case(
            When(**{f"{self.title_field}__icontains": term}, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (
            qs.filter(match)
            .annotate(search_rank=title_hit)
            .order_by("search_rank", *self.order, "-pk")
        )


def sources():
    return contributions("search", "SOURCES")


def clean_term(raw) -> str:
    """The term as searched: stripped, control characters out, at most MAX_TERM characters."""
    text = "".join(ch if ch.isprintable() else " " * ch.isspace() for ch in str(raw or ""))
    return " ".join(text.split())[:MAX_TERM]


def highlight(text, term, width=0):
    """`text` escaped, every occurrence of `term` in <mark>; with `width`, an excerpt of about
    that many characters around the first occurrence."""
    text = str(text or "")
    if width and len(text) > width:
        at = text.lower().find(term.lower()) if term else -1
        start = max(0, at - width // 3) if at >= 0 else 0
        excerpt = text[start : start + width]
        text = ("…" if start else "") + excerpt + ("…" if start + width < len(text) else "")
    if not term:
        return escape(text)
    out, lower, needle, i = [], text.lower(), term.lower(), 0
    while True:
        j = lower.find(needle, i)
        if j < 0:
            out.append(escape(text[i:]))
            break
        out.append(escape(text[i:j]))
        out.append(mark_safe(f"<mark>{escape(text[j : j + len(term)])}</mark>"))
        i = j + len(term)
    return mark_safe("".join(str(part) for part in out))
