from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string

from .navigation import HOME_MODULES, contributions


@login_required
def home(request):
    """Every user starts here: the sections of each part that concern their roles."""
    sections = [
        s for s in (make(request.user) for make in contributions(HOME_MODULES, "SECTIONS")) if s
    ]
    sections.sort(key=lambda s: s.order)
    rendered = [
        {"title": s.title, "html": render_to_string(s.template, s.context, request=request)}
        for s in sections
    ]
    return render(request, "dashboard/home.html", {"sections": rendered})
