"""Thin views: check permission, parse the form, call one service or selector, render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Report


def _require_access(user):
    if not selectors.can_use_reports(user):
        raise PermissionDenied


def _get(user, pk) -> Report:
    try:
        return selectors.report_detail(user, pk)
    except Report.DoesNotExist:
        raise Http404


@login_required
def report_detail(request, pk):
    _require_access(request.user)
    report = _get(request.user, pk)
    return render(request, "opinions/report_detail.html", {"report": report})
