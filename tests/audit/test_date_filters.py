"""Hostile filter values (issue 21, item 5): the security log's own filter and every date
filter of every list use the plausible-date field, so 9999-12-31 is an error next to the
field, never a 500."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse

from cppcc_portal.core.forms import PlausibleDateField, PlausibleDateTimeField

HOSTILE_DATES = ["9999-12-31", "0001-01-01", "10000-01-01", "2026-02-30", "-1"]


def _form_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith(("cppcc_portal", *_local_apps())):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        yield module
        if hasattr(module, "__path__"):  # a package: forms/office.py, forms/units.py …
            for info in pkgutil.iter_modules(module.__path__):
                yield importlib.import_module(f"{module.__name__}.{info.name}")


def _local_apps():
    return (
        "members",
        "proposals",
        "opinions",
        "consultations",
        "stations",
        "news",
        "dashboard",
    )


def _filter_forms():
    seen = {}
    for module in _form_modules():
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and "Filter" in name
                and cls.__module__ == module.__name__
            ):
                seen[f"{cls.__module__}.{name}"] = cls
    return seen


FILTER_FORMS = _filter_forms()


def test_the_filter_forms_are_found():
    assert "cppcc_portal.audit.forms.AuditFilterForm" in FILTER_FORMS
    assert len(FILTER_FORMS) >= 10


@pytest.mark.parametrize("name", sorted(FILTER_FORMS))
def test_every_date_filter_is_plausible(name, db):
    form_class = FILTER_FORMS[name]
    fields = form_class.base_fields
    for field_name, field in fields.items():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            assert isinstance(field, PlausibleDateField | PlausibleDateTimeField), (
                f"{name}.{field_name} takes any date: use core.forms.PlausibleDateField"
            )


@pytest.mark.parametrize("value", HOSTILE_DATES)
@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_audit_log_filter_refuses_implausible_dates(client_for, make_user, field, value):
    client = client_for(make_user("security_auditor"))
    page = client.get(reverse("audit:list"), {field: value})
    assert page.status_code == 200
    assert page.context["form"].errors[field]
    export = client.get(reverse("audit:export"), {field: value})
    assert export.status_code == 400 and export.context["form"].errors[field]


def test_audit_log_filter_end_of_the_calendar_in_the_selector(make_user):
    from datetime import date

    from cppcc_portal.audit import selectors

    user = make_user("security_auditor")
    assert list(selectors.entries(user, date_to=date.max)) is not None
    assert (
        selectors.entries(user, date_from=date(2000, 1, 1), date_to=date(2100, 12, 31)) is not None
    )


def _declared_date_fields():
    """Every date field a form declares itself (a model form's fields from the model aside)."""
    found = {}
    for module in _form_modules():
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                for field_name, field in getattr(cls, "declared_fields", {}).items():
                    if isinstance(field, forms.DateField | forms.DateTimeField):
                        found[f"{cls.__module__}.{name}.{field_name}"] = field
    return found


def test_every_declared_date_field_is_plausible():
    """Entry forms too (a reply date, a hand-in date …): a date typed as 9999-12-31 is an error
    next to the field, not a deadline computed past the end of the calendar."""
    fields = _declared_date_fields()
    assert len(fields) >= 10
    loose = [
        name
        for name, f in fields.items()
        if not isinstance(f, PlausibleDateField | PlausibleDateTimeField)
        # or a tighter range of its own (the duty ledger's years: members.forms.plausible_date)
        and not any(getattr(v, "__name__", "").startswith("plausible") for v in f.validators)
    ]
    assert not loose, f"use core.forms.PlausibleDateField: {loose}"
