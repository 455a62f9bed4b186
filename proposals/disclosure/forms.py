"""The disclosure actions' forms; every write goes on to proposals.services.disclosure."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms.office import DraftChoiceField
from ..forms.pipeline import _Base

AGREE_LABEL = _(
    "I agree that this proposal and its reply may be published on the portal's public pages "
    "(with my name and sector only) once proposal staff approve"
)


def _reason(label, required=True):
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SubmitForm(_Base):
    """Submitting asks for the agreement to disclosure (its current answer ticked)."""

    disclose = forms.BooleanField(label=AGREE_LABEL, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.proposal is not None:
            self.fields["disclose"].initial = self.proposal.is_public


class ConsentForm(SubmitForm):
    """Change the agreement before registration."""


class ReviewDisclosureForm(_Base):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve publication")), ("refuse", _("Refuse publication"))],
        widget=forms.RadioSelect,
        initial="approve",
    )
    reason = _reason(_("Reason (required when refusing; not shown to the public)"), False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason the proposal is not to be published."))
        return data


def _reply_label(r):
    return f"{r.unit.name} · {r.get_result_display()}"


class ObjectForm(_Base):
    """The unit objects to publishing its reply."""

    draft = DraftChoiceField(label=_("Reply"))
    reason = _reason(_("Reason for not publishing the reply"))

    def __init__(self, *args, replies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["draft"].set_drafts(list(replies), _reply_label)


class DecideObjectionForm(_Base):
    """Proposal staff decide a unit's objection to publishing its reply."""

    draft = DraftChoiceField(label=_("Reply"))
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("withhold", _("Uphold the objection: the reply is not published")),
            ("publish", _("Overrule the objection: the reply is published")),
        ],
        widget=forms.RadioSelect,
        initial="withhold",
    )
    reason = _reason(_("Reason for the decision"))

    def __init__(self, *args, replies=(), **kwargs):
        super().__init__(*args, **kwargs)
        replies = list(replies)
        self.fields["draft"].set_drafts(
            replies,
            lambda r: f"{_reply_label(r)} — {r.disclosure_objection or '—'}",
        )
        if len(replies) == 1:
            self.fields["decision"].help_text = _("The unit's objection: %(text)s") % {
                "text": replies[0].disclosure_objection or "—"
            }
