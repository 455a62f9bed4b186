from django import forms, template

register = template.Library()


@register.filter
def bootstrap(field):
    """Render a bound field with Bootstrap's small control classes, so shared partials such as
    the filter form fit a 375 px screen whatever the form declared."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    existing = widget.attrs.get("class", "")
    if "form-" in existing:
        return field.as_widget()
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter(name="read_only")
def read_only_record(record) -> bool:
    """Whether the workflow kernel's write guards refuse every write to `record` (a closed
    term's record): the answer found while its actions were offered, else asked now."""
    from cppcc_portal.core.workflow import read_only

    if record is None or getattr(record, "pk", None) is None:
        return False
    return read_only(record, fresh=False)
