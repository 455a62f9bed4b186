"""The public list's filters: only what has disclosed proposals is offered; a value that is
not offered is an error next to its field and filters nothing."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.core.forms import PortalForm
from cppcc_portal.core.search import MAX_TERM


def _choice(label, options):
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All")), *options],
    )


class PublicFilterForm(PortalForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_TERM)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = _choice(_("Year"), [(y, str(y)) for y in choices["years"]])
        self.fields["session"] = _choice(
            pgettext_lazy("proposal", "Session"),
            [(s["id"], s["name"]) for s in choices["sessions"]],
        )
        self.fields["category"] = _choice(
            _("Category"), [(c["id"], c["name"]) for c in choices["categories"]]
        )
        self.fields["unit"] = _choice(
            _("Handling unit"), [(u["id"], u["name"]) for u in choices["units"]]
        )
        for name, f in self.fields.items():
            f.widget.attrs["class"] = (
                "form-select form-select-sm" if name != "q" else "form-control form-control-sm"
            )

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out, its error shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            name: data.get(name)
            for name in ("q", "year", "session", "category", "unit")
            if data.get(name) not in (None, "")
        }
