from django.conf import settings

from .roles import Role, user_roles


def portal(request):
    """Site title, the user's roles and the navigation they may use."""
    from cppcc_portal.core import navigation

    from . import twofactor

    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else frozenset()
    # before the login gates are passed (2FA enrolment, a password to change) no menu at all
    gated = twofactor.pending(request)
    items = navigation.navigation_for(request, roles) if roles and not gated else []
    sidebar = navigation.has_sidebar(roles) and not gated
    return {
        "SITE_TITLE": settings.SITE_TITLE,
        "login_gated": gated,
        "user_roles": roles,
        "Role": Role,
        "nav_items": items,
        "nav_groups": navigation.grouped(items) if sidebar else None,
        "nav_tabs": navigation.tabs(items) if Role.MEMBER in roles and not sidebar else [],
    }
