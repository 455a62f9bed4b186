from django.conf import settings
from django.utils.translation import get_language

from .roles import Role, user_roles


def site_titles():
    """The portal's name, full and short (the bar on a phone), in the page's language."""
    if (get_language() or "").startswith("en"):
        return {
            "SITE_TITLE": settings.SITE_TITLE_EN,
            "SITE_SHORT_TITLE": settings.SITE_SHORT_TITLE_EN,
        }
    return {"SITE_TITLE": settings.SITE_TITLE, "SITE_SHORT_TITLE": settings.SITE_SHORT_TITLE}


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
        **site_titles(),
        "login_gated": gated,
        "user_roles": roles,
        "Role": Role,
        "nav_items": items,
        "nav_groups": navigation.grouped(items) if sidebar else None,
        "nav_tabs": navigation.tabs(items) if Role.MEMBER in roles and not sidebar else [],
    }
