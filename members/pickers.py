"""Fields that pick members and handling units from long lists: each renders a select that
the page turns into a searchable picker (assets/pickers.js, Tom Select), and names a member
with sector and number so that namesakes can be told apart."""

from django import forms

from .models import Member

PICKER = "data-picker"


def _as_picker(field):
    field.widget.attrs.setdefault(PICKER, "")
    return field


def member_label(member) -> str:
    sector = member.sector.name if member.sector_id else "—"
    return f"{member.name}（{sector} · {member.number}）"


class _MemberLabels:
    def _set_queryset(self, queryset):
        super()._set_queryset(queryset.select_related("sector") if queryset is not None else None)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return member_label(obj)


class MemberChoiceField(_MemberLabels, forms.ModelChoiceField):
    def __init__(self, queryset=None, **kwargs):
        super().__init__(Member.objects.none() if queryset is None else queryset, **kwargs)
        _as_picker(self)


class MemberMultipleChoiceField(_MemberLabels, forms.ModelMultipleChoiceField):
    def __init__(self, queryset=None, **kwargs):
        super().__init__(Member.objects.none() if queryset is None else queryset, **kwargs)
        _as_picker(self)


def unit_picker(field):
    """A handling-unit field, searchable."""
    return _as_picker(field)
