from django.conf import settings

from .roles import Role, user_roles


def portal(request):
    """Site title, the user's roles and the navigation they may use."""
    from cppcc_portal.core import navigation

    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else frozenset()
    items = navigation.navigation_for(request, roles) if roles else []
    sidebar = navigation.has_sidebar(roles)
    return {
        "SITE_TITLE": settings.SITE_TITLE,
        "user_roles": roles,
        "Role": Role,
        "nav_items": items,
        "nav_groups": navigation.grouped(items) if sidebar else None,
        "nav_tabs": navigation.tabs(items) if Role.MEMBER in roles and not sidebar else [],
    }
