"""The home page part of the security duties: what waits for the security administrator
(locked accounts) and the security auditor (today's refused logins and codes)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.navigation import HomeSection

from .roles import is_security_admin, is_security_auditor


def security_admin(user):
    if not is_security_admin(user):
        return None
    from . import security

    locked = security.accounts(user, only_locked=True).count()
    return HomeSection(
        _("Account security"), "accounts/home/security_admin.html", {"locked": locked}, order=4
    )


def security_auditor(user):
    if not is_security_auditor(user):
        return None
    from cppcc_portal.audit.models import Action, AuditEntry

    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    refused = AuditEntry.objects.filter(
        created_at__gte=start,
        action__in=[Action.LOGIN_FAILED, Action.LOCKED_OUT, Action.TWO_FACTOR_FAILED],
    ).count()
    return HomeSection(
        _("Security log"), "accounts/home/security_auditor.html", {"refused": refused}, order=4
    )


SECTIONS = [security_admin, security_auditor]
