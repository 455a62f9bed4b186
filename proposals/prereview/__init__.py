"""Pre-review while writing (预审, issue 22): rule-based, explained, never blocking. Each rule
reads the draft's text and answers findings that say what, why and where; the member sees them
on the edit page, staff the same ones in the review queue and on the proposal's page. Nothing
here refuses or saves anything: the review itself (立案审查) stays with proposal staff.

    review = prereview(title=…, analysis=…, suggestions=…)  # text rules, no query but settings
    review.findings                                       # [Finding]
    similar_with_replies(text=…, session=…)               # this and the last session's
"""

from .rules import RULES, Finding, Review, prereview
from .similar import similar_with_replies

__all__ = ["RULES", "Finding", "Review", "prereview", "similar_with_replies"]
