from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .home import home_sections


@login_required
def home(request):
    """Every user starts here: one section per role they hold."""
    return render(request, "dashboard/home.html", {"sections": home_sections(request.user)})
