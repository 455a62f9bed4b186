"""One search box over the parts of the work. Each part declares what can be found in it in
`<app>/search.py` (SOURCES, found by core.contributions); a source starts from the part's own
`visible_to` selector, so a result is never something the user could not open.

Matching is a Chinese substring match over the fields that matter (`text_match`); on the large
tables (proposals, reports) it is served by a GIN index of each row's two-character pieces
(`Bigrams`), so a term of two characters or more is an index read. It was chosen over
jieba-segmented full text because members search for fragments of titles and names
(「养老」「停车」「王」) that a segmenter splits differently from the text, and over pg_trgm because
trigrams cannot narrow the commonest term, two characters. Ranking: a hit in the title first, then
the newest.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.db.models import Case, IntegerField, Q, TextField, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .bigrams import Bigrams
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
    index: tuple = ()  # the fields of the model's Bigrams GIN index, if any (text_match)

    def search(self, user, term):
        qs = self.queryset(user)
        if qs is None:
            return None
        match = text_match((self.title_field, *self.fields), term, index=self.index)
        title_hit = Case(
            When(text_match((self.title_field,), term), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (
            qs.filter(match)
            .annotate(search_rank=title_hit)
            .order_by("search_rank", *self.order, "-pk")
        )


def _exact(name, term):
    if term.lower() != term.upper():  # letters with case: UPPER(field) LIKE UPPER(term)
        return Q(**{f"{name}__icontains": term})
    # No case (Chinese, digits): the same rows as a plain LIKE, from strpos, which no index
    # offers — a trigram index cannot narrow a term this short or a phrase, and the planner,
    # taking it for selective, would read the whole index.
    return Q(GreaterThan(StrIndex(name, Value(term)), 0))


def text_match(names, term: str, *, index=()) -> Q:
    """Rows where any of the fields `names` holds `term`.

    `index`: the fields of a GIN index on Bigrams(*index) the model carries (in its order).
    The names it covers are first narrowed by it to the rows holding every two-character
    piece of the term, then checked against the term itself — an index read for any term of
    two characters or more, whatever the table's size. Other names, and one-character terms,
    are checked on every row (so a list that searches a field outside the index scans)."""
    index = tuple(index)
    covered = [_exact(name, term) for name in names if name in index]
    rest = [_exact(name, term) for name in names if name not in index]
    if covered and len(term) >= 2:
        low = term.lower()
        pieces = sorted({low[i : i + 2] for i in range(len(low) - 1)})
        narrowed = Q(
            DataContains(Bigrams(*index), Value(pieces, output_field=ArrayField(TextField())))
        ) & reduce(or_, covered)
        return reduce(or_, rest, narrowed)
    return reduce(or_, covered + rest)


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
