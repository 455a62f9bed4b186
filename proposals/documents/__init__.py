"""The proposal office's official documents, each built once as a block tree
(cppcc_portal.core.documents) and served as Word or PDF: the 提案表, the 立案 / 不予立案
notices, the 交办通知 to a unit, the unit's 答复函, and the session's 提案汇编."""

from .compilation import build_compilation, compilation_document, start_compilation
from .form import proposal_form
from .notices import assignment_notice, registration_notice
from .reply import reply_letter, reply_number

__all__ = [
    "assignment_notice",
    "build_compilation",
    "compilation_document",
    "proposal_form",
    "registration_notice",
    "reply_letter",
    "reply_number",
    "start_compilation",
]
