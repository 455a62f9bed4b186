"""The original/edited comparison: whatever the text, each side reads back exactly as stored
(escaped), so the member's original is never altered by the display."""

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from opinions.diff import side_by_side

TAG = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    return html.unescape(TAG.sub("", fragment.replace("<br>", "\n")))


@given(st.text(max_size=200), st.text(max_size=200))
def test_each_side_reads_back_its_text(original, edited):
    left, right = side_by_side(original, edited)
    assert _plain(left) == original
    assert _plain(right) == edited


def test_changes_are_marked_and_markup_is_escaped():
    left, right = side_by_side("停车<b>难", "停车位不足")
    assert "<del" in left and "&lt;b&gt;" in left
    assert "<ins" in right and "<b>" not in right
