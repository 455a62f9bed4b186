"""The news part of the home page: notices addressed to me and the newest articles."""

from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import user_roles
from cppcc_portal.core.navigation import HomeSection

from .selectors import feed


def news_section(user):
    if not user_roles(user):
        return None
    return HomeSection(_("Notices and news"), "news/home/feed.html", feed(user), order=5)


SECTIONS = [news_section]
