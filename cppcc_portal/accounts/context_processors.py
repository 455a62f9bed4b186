from django.conf import settings

from .roles import Role, user_roles


def portal(request):
    """Site title, the user's roles and the navigation they may use."""
    from cppcc_portal.core.navigation import navigation_for

    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else frozenset()
    return {
        "SITE_TITLE": settings.SITE_TITLE,
        "user_roles": roles,
        "Role": Role,
        "nav_items": navigation_for(request, roles) if roles else [],
    }
