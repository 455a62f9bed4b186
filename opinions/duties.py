"""Deadline names of social-opinion reports: any `opinion.` duty (a reminder policy row for
`opinion.*` sets their schedule)."""

from django.utils.translation import gettext_lazy

DUTIES = {"opinion.*": gettext_lazy("Social-opinion report")}
