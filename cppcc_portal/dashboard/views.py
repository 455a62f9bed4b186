from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string

from cppcc_portal.accounts.roles import user_roles

from .navigation import HOME_MODULES, contributions, counts_for


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


@login_required
def nav_counts(request):
    """The menu's badges and the bell, swapped in by htmx after the page has loaded."""
    from cppcc_portal.notifications.selectors import unread_count

    return render(
        request,
        "dashboard/_nav_counts.html",
        {
            "counts": counts_for(request, user_roles(request.user)),
            "unread_notifications": unread_count(request.user),
        },
    )
