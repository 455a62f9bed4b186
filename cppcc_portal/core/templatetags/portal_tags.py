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
