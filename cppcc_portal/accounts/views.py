from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .roles import Role, user_roles


@login_required
def profile(request):
    roles = [Role(r).label for r in Role.values if r in user_roles(request.user)]
    return render(request, "accounts/profile.html", {"roles": roles})
