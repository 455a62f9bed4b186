from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import PortalForm
from members.models import Session

from ..models import ProposalCategory, Topic


class TopicForm(PortalForm):
    session = forms.ModelChoiceField(Session.objects.all(), label=_("Session"))
    title = forms.CharField(label=_("Topic"), max_length=100)
    description = forms.CharField(
        label=_("What to look into"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    category = forms.ModelChoiceField(
        ProposalCategory.objects.filter(is_active=True), label=_("Category"), required=False
    )
    source = forms.ChoiceField(label=_("Source"), choices=Topic.Source.choices)
    source_label = forms.CharField(label=_("Source document"), required=False, max_length=120)
    source_url = forms.URLField(
        label=_("Link to the source"), required=False, max_length=300, assume_scheme="https"
    )


class TopicFilterForm(PortalForm):
    session = forms.ModelChoiceField(Session.objects.all(), label=_("Session"), required=False)
    drew = forms.ChoiceField(
        label=_("Proposals"),
        required=False,
        choices=[("", _("All")), ("some", _("Drew proposals")), ("none", _("Drew none"))],
    )

    def values(self):
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {"session": d["session"].pk if d["session"] else None, "drew": d["drew"]}
