"""What leaders may do: supervise key proposals, record instructions."""

from django.utils.translation import gettext_lazy as _

from .. import forms, rules, services
from ._base import _act

LEADERS = (
    # 督 — leaders
    _act(
        "supervise",
        _("Record supervision"),
        forms.SupervisionForm,
        service=services.record_supervision,
        params=(
            "kind",
            "occurred_on",
            "note",
        ),
        success=_("Supervision recorded."),
        allowed=rules.may_supervise,
    ),
    _act(
        "instruct",
        _("Record an instruction"),
        forms.InstructionForm,
        service=services.record_instruction,
        params=("text",),
        success=_("Instruction recorded."),
        allowed=rules.may_instruct,
    ),
)
