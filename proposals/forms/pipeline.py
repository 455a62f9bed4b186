"""Forms of the proposal pipeline's pages and actions; every write goes on to a service."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.forms import (
    PlausibleDateField,
    PortalForm,
    PortalModelForm,
    ValidatedFileField,
)
from members.models import HandlingUnit, Member, Session
from members.pickers import MemberChoiceField, unit_picker

from ..models import (
    BODY_MAX,
    TITLE_MAX,
    Evaluation,
    NotRegisteredGround,
    Proposal,
    ProposalCategory,
    Supervision,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORES = [(i, str(i)) for i in range(5, 0, -1)]
# a sub-score is chosen, never assumed: the empty choice first, so leaving it is an error
GIVEN_SCORES = [("", "—"), *SCORES]


def _units():
    return HandlingUnit.objects.filter(is_active=True)


class ProposalForm(PortalModelForm):
    class Meta:
        model = Proposal
        fields = [
            "title",
            "category",
            "kind",
            "organisation",
            "analysis",
            "suggestions",
            "suggested_units",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": TITLE_MAX, "autocomplete": "off"}),
            "analysis": forms.Textarea(attrs={"rows": 8, "maxlength": BODY_MAX}),
            "suggestions": forms.Textarea(attrs={"rows": 8, "maxlength": BODY_MAX}),
            "suggested_units": forms.SelectMultiple(attrs={"size": 6, "data-picker": ""}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProposalCategory.objects.filter(is_active=True)
        self.fields["suggested_units"].queryset = _units()
        for f in self.fields.values():
            css = (
                "form-select"
                if isinstance(f.widget, forms.Select | forms.SelectMultiple)
                else "form-control"
            )
            f.widget.attrs.setdefault("class", css)


class FilterForm(PortalForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    session = forms.ModelChoiceField(
        Session.objects.all(), label=pgettext_lazy("proposal", "Session"), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *Proposal.Status.choices]
    )
    category = forms.ModelChoiceField(
        ProposalCategory.objects.all(), label=_("Category"), required=False
    )
    unit = forms.ModelChoiceField(
        HandlingUnit.objects.all(), label=_("Handling unit"), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "—"), *Proposal.Kind.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    key = forms.BooleanField(label=_("Key proposals"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            if isinstance(f.widget, forms.CheckboxInput):
                f.widget.attrs["class"] = "form-check-input"
            elif isinstance(f.widget, forms.Select):
                f.widget.attrs["class"] = "form-select form-select-sm"
            else:
                f.widget.attrs["class"] = "form-control form-control-sm"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "q": d["q"].strip(),
            "session": d["session"].pk if d["session"] else None,
            "status": d["status"] or None,
            "category": d["category"].pk if d["category"] else None,
            "unit": d["unit"].pk if d["unit"] else None,
            "kind": d["kind"] or None,
            "overdue": d["overdue"],
            "key": d["key"],
        }


class SimilarForm(PortalForm):
    """The htmx look-up while a title is typed: junk (a NUL, a bogus id) finds nothing."""

    title = forms.CharField(required=False)
    exclude = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class _Base(PortalForm):
    def __init__(self, *args, proposal=None, user=None, **kwargs):
        self.proposal, self.user = proposal, user
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            w = f.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.RadioSelect | forms.HiddenInput):
                pass
            elif isinstance(w, forms.Select | forms.SelectMultiple):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")


class EmptyForm(_Base):
    pass


class CommentForm(_Base):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(_Base):
    comment = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class InviteForm(_Base):
    member = MemberChoiceField(label=_("Co-signer"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Member.objects.filter(status=Member.Status.SITTING).order_by("name", "number")
        if self.proposal is not None:  # the first proposer and those already invited: not again
            qs = qs.exclude(pk=self.proposal.first_proposer_id).exclude(
                cosignatures__proposal=self.proposal
            )
        self.fields["member"].queryset = qs


class CosignerForm(_Base):
    cosigner = forms.IntegerField(widget=forms.HiddenInput)


class AttachForm(_Base):
    file = ValidatedFileField(label=_("Attachment"), max_length=200)  # the stored name's length


class AttachmentIdForm(_Base):
    attachment = forms.IntegerField(widget=forms.HiddenInput)


class RegisterForm(_Base):
    category = forms.ModelChoiceField(
        ProposalCategory.objects.filter(is_active=True), label=_("Category"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.proposal is not None:
            self.fields["category"].initial = self.proposal.category_id


class NotRegisterForm(_Base):
    ground = forms.ModelChoiceField(
        NotRegisteredGround.objects.filter(is_active=True), label=_("Ground")
    )
    comment = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class _ProposalByNumber(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number_display} {obj.title}"


class MergeForm(_Base):
    """The proposal to merge into, named by its number: the registered, open proposals of the
    same session (the service refuses any other)."""

    into = _ProposalByNumber(
        Proposal.objects.none(),
        label=_("Merge into"),
        widget=forms.Select(attrs={"data-picker": ""}),
        error_messages={"invalid_choice": _("Choose a registered, open proposal of this session.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..workflow import REGISTERED_STATES

        qs = Proposal.objects.filter(status__in=REGISTERED_STATES).exclude(
            status=Proposal.Status.CLOSED
        )
        if self.proposal is not None:
            qs = qs.filter(session_id=self.proposal.session_id).exclude(pk=self.proposal.pk)
        self.fields["into"].queryset = qs.order_by("number")


class AssignForm(_Base):
    lead = forms.ModelChoiceField(_units(), label=_("Lead unit"), required=False)
    co_units = forms.ModelMultipleChoiceField(
        _units(),
        label=_("Co-units"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    split_units = forms.ModelMultipleChoiceField(
        _units(),
        label=_("Split handling units"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead", "co_units", "split_units"):
            self.fields[name].queryset = _units()
            unit_picker(self.fields[name])
        if self.proposal is not None and not self.is_bound:
            suggested = list(self.proposal.suggested_units.all())
            if suggested:
                self.fields["lead"].initial = suggested[0].pk

    def history_suggestion(self):
        """Units that handled similar past proposals (proposal staff only; never applied)."""
        from ..selectors.suggestion import suggest_units

        if self.proposal is None or self.user is None:
            return None
        return suggest_units(self.user, self.proposal)


class DecisionForm(_Base):
    request = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", pgettext_lazy("proposal", "Refuse"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class KeyForm(_Base):
    is_key = forms.BooleanField(label=_("Key proposal"), required=False)
    leaders = forms.ModelMultipleChoiceField(
        get_user_model().objects.none(), label=_("Supervising leaders"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.LEADER, is_active=True)
            .order_by("username")
        )
        self.fields["leaders"].label_from_instance = lambda u: u.get_full_name() or u.username
        if self.proposal is not None and not self.is_bound:
            self.fields["is_key"].initial = self.proposal.is_key


class ExcellenceForm(_Base):
    excellence = forms.ChoiceField(
        label=_("Excellent"), choices=Proposal.Excellence.choices, required=False
    )


def _score(label):
    return forms.TypedChoiceField(label=label, choices=GIVEN_SCORES, coerce=int)


class EvaluateForm(_Base):
    """The proposer's evaluation: every sub-score chosen, and 不满意 with its reason."""

    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Evaluation.Satisfaction.choices, widget=forms.RadioSelect
    )
    score_before = _score(_("Consultation before handling"))
    score_during = _score(_("Consultation during handling"))
    score_reply = _score(_("The reply"))
    comment = forms.CharField(
        label=_("Comment (the reason, if not satisfied)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("satisfaction") == Evaluation.Satisfaction.UNSATISFIED
            and not (data.get("comment") or "").strip()
        ):
            self.add_error(
                "comment", _("Say why the proposer is not satisfied: the unit reads the reason.")
            )
        return data


class SupervisionForm(_Base):
    kind = forms.ChoiceField(label=_("Kind"), choices=Supervision.Kind.choices)
    occurred_on = PlausibleDateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class InstructionForm(_Base):
    text = forms.CharField(
        label=_("Instruction"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BulkForm(PortalForm):
    action = forms.ChoiceField(choices=[("register", _("Register")), ("assign", _("Assign"))])
    ids = forms.ModelMultipleChoiceField(Proposal.objects.all())
    lead = forms.ModelChoiceField(HandlingUnit.objects.filter(is_active=True), required=False)
    co_units = forms.ModelMultipleChoiceField(
        HandlingUnit.objects.filter(is_active=True), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "assign" and not data.get("lead"):
            raise forms.ValidationError(_("Choose a lead unit."))
        return data


class CompilationForm(PortalForm):
    session = forms.ModelChoiceField(
        Session.objects.all(), label=pgettext_lazy("proposal", "Session")
    )


class AskInstructionForm(_Base):
    """呈请领导批示: staff choose a leader and say what they ask."""

    leader = forms.ModelChoiceField(get_user_model().objects.none(), label=_("Leader"))
    note = forms.CharField(
        label=_("What is asked of the leader"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.LEADER, is_active=True)
            .order_by("username")
        )
        self.fields["leader"].label_from_instance = lambda u: u.get_full_name() or u.username
