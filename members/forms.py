from django import forms
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.forms import PortalForm, ValidatedFileField

from .contributed_filters import contributed_filters
from .models import (
    DutyKind,
    EvaluationBand,
    Member,
    Post,
    ReadingGroup,
    Sector,
    SpecialCommittee,
    Street,
    StudyMaterial,
    Term,
)


class CompactFormMixin:
    """Bootstrap's small controls on every widget, so filter rows fit a 375 px screen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = (
                "form-select form-select-sm"
                if isinstance(widget, forms.Select)
                else ("form-control form-control-sm")
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class MemberFilterForm(CompactFormMixin, PortalForm):
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


class MemberImportForm(PortalForm):
    file = ValidatedFileField(
        label=_("Excel file (.xlsx)"), allowed={"xlsx"}, max_bytes=5 * 1024 * 1024
    )


# --- Duty ------------------------------------------------------------------------------------


def year_choices():
    from django.utils import timezone

    this = timezone.localdate().year
    return [(y, str(y)) for y in range(this, this - 10, -1)]


FIRST_YEAR = 2000


def plausible_date(value):
    """Dates typed by staff land in the ledger's years: refuse the year 1 or 6194."""
    from django.utils import timezone

    last = timezone.localdate().year + 1
    if not FIRST_YEAR <= value.year <= last:
        raise forms.ValidationError(
            _("Enter a date between the years %(first)d and %(last)d."),
            code="out_of_range",
            params={"first": FIRST_YEAR, "last": last},
        )


class ContributedFiltersMixin:
    """The filters other parts register (contributed_filters.py), placed after `post`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        added = []
        for contributed in contributed_filters():
            self.fields[contributed.name] = forms.ModelChoiceField(
                label=contributed.label, queryset=contributed.choices(), required=False
            )
            added.append(contributed.name)
        if added and "post" in self.fields:
            names = [n for n in self.fields if n not in added]
            at = names.index("post") + 1
            self.order_fields([*names[:at], *added, *names[at:]])

    def contributed_values(self):
        return {
            c.name: (self.cleaned_data[c.name].pk if self.cleaned_data.get(c.name) else None)
            for c in contributed_filters()
        }


class RankingFilterForm(CompactFormMixin, ContributedFiltersMixin, PortalForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices, required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), required=False
    )
    committee = forms.ModelChoiceField(
        label=_("Special committee"), queryset=SpecialCommittee.objects.all(), required=False
    )
    post = forms.ModelChoiceField(label=_("Post"), queryset=Post.objects.all(), required=False)
    band = forms.ModelChoiceField(
        label=_("Evaluation band"),
        queryset=EvaluationBand.objects.filter(term__isnull=True),
        required=False,
    )

    def filters(self, default_year):
        if not self.is_valid():
            return {"year": default_year}
        d = self.cleaned_data
        return {
            "year": d["year"] or default_year,
            "q": d["q"].strip(),
            "sector": d["sector"].pk if d["sector"] else None,
            "committee": d["committee"].pk if d["committee"] else None,
            "post": d["post"].pk if d["post"] else None,
            "band": d["band"].pk if d["band"] else None,
            **self.contributed_values(),
        }


class YearForm(CompactFormMixin, PortalForm):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices, required=False)


class ManualDutyForm(PortalForm):
    kind = forms.ChoiceField(label=_("Kind of duty"), choices=DutyKind.choices)
    occurred_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[plausible_date],
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    points = forms.DecimalField(
        label=_("Points"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Negative for a deduction or a correction."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class VoidForm(PortalForm):
    reason = forms.CharField(label=_("Reason"), max_length=250)


class SelfReportForm(PortalForm):
    body = forms.CharField(
        label=_("Self-report"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )


class NominationForm(PortalForm):
    member = forms.ModelChoiceField(queryset=Member.objects.all(), widget=forms.HiddenInput)
    # one of the ranking's years: a hand-made post cannot reach the year column's limits
    year = forms.TypedChoiceField(
        coerce=int,
        choices=year_choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Enter a valid year.")},
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ArchiveJobForm(CompactFormMixin, PortalForm):
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.all())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices, required=False)
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all(), required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("year")) == bool(data.get("term")):
            raise forms.ValidationError(_("Choose a year or a term."))
        return data


# --- Study -----------------------------------------------------------------------------------


class StudyMaterialForm(PortalForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    file = ValidatedFileField(label=_("File"), required=False)
    group = forms.ModelChoiceField(
        label=_("Reading group"),
        queryset=ReadingGroup.objects.all(),
        required=False,
        empty_label=_("Every member"),
    )


class ReflectionForm(PortalForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    material = forms.ModelChoiceField(
        label=_("Study material"), queryset=StudyMaterial.objects.none(), required=False
    )
    body = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, materials=None, **kwargs):
        super().__init__(*args, **kwargs)
        if materials is not None:
            self.fields["material"].queryset = materials


class ReviewForm(PortalForm):
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)


class TrainingForm(PortalForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[plausible_date],
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttendanceForm(PortalForm):
    numbers = forms.CharField(
        label=_("Member numbers"),
        help_text=_("Separated by spaces, commas or new lines."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_numbers(self):
        import re

        numbers = [n for n in re.split(r"[\s,，、;；]+", self.cleaned_data["numbers"]) if n]
        found = list(Member.objects.filter(number__in=numbers))
        unknown = sorted(set(numbers) - {m.number for m in found})
        if unknown:
            raise forms.ValidationError(
                _("Unknown member numbers: %(list)s") % {"list": "、".join(unknown)}
            )
        return found
