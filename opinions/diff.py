"""Character-level comparison of the member's original text with the edited text (Chinese has
no word breaks, so characters are the unit)."""

from difflib import SequenceMatcher

from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe


def side_by_side(original: str, edited: str) -> tuple[str, str]:
    """Two HTML fragments: the original with deletions marked, the edit with insertions marked."""
    original, edited = original or "", edited or ""
    left, right = [], []
    matcher = SequenceMatcher(None, original or "", edited or "", autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        a, b = original[a1:a2], edited[b1:b2]
        if op == "equal":
            left.append(("span", a, ""))
            right.append(("span", b, ""))
            continue
        if a:
            left.append(("del", a, "bg-danger-subtle"))
        if b:
            right.append(("ins", b, "bg-success-subtle text-decoration-none"))
    return _render(left), _render(right)


def _render(parts) -> str:
    def lines(text):
        return mark_safe(escape(text).replace("\n", "<br>"))  # noqa: S308 - escaped first

    return format_html_join(
        "", '<{0} class="{2}">{1}</{0}>', ((tag, lines(text), css) for tag, text, css in parts)
    )


def compare(report) -> list[dict]:
    """Rows for the template: field label, original HTML, edited HTML, changed flag."""
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    rows = []
    for label, a, b in (
        (_("Title"), report.original_title, report.title),
        (_("Situation and problem"), report.original_problem, report.problem),
        (pgettext("report", "Suggestions"), report.original_suggestion, report.suggestion),
    ):
        left, right = side_by_side(a, b)
        rows.append({"label": label, "original": left, "edited": right, "changed": a != b})
    return rows
