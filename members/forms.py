from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import ValidatedFileField

from .models import Member, Sector, SpecialCommittee, Street, Term


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all(), required=False)
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), required=False
    )
    committee = forms.ModelChoiceField(
        label=_("Special committee"), queryset=SpecialCommittee.objects.all(), required=False
    )
    street = forms.ModelChoiceField(
        label=_("Town or street"), queryset=Street.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(Member.Status.choices), required=False
    )

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "term": data["term"].pk if data["term"] else None,
            "sector": data["sector"].pk if data["sector"] else None,
            "committee": data["committee"].pk if data["committee"] else None,
            "street": data["street"].pk if data["street"] else None,
            "status": data["status"] or None,
        }


class MemberImportForm(forms.Form):
    file = ValidatedFileField(
        label=_("Excel file (.xlsx)"), allowed={"xlsx"}, max_bytes=5 * 1024 * 1024
    )
