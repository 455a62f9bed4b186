"""Roles are Django groups (DESIGN.md); object-level checks are `rules` predicates.

Each app declares, in its rules.py, which admin model permissions a role gets
(`grant(...)`); after every migrate the groups are brought in line with that.
"""

from collections import defaultdict

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    PROPOSAL_STAFF = "proposal_staff", _("Proposal staff")
    OPINION_STAFF = "opinion_staff", _("Information staff")
    CONSULTATION_STAFF = "consultation_staff", _("Consultation staff")
    LIAISON_STAFF = "liaison_staff", _("Liaison staff")
    UNIT_LIAISON = "unit_liaison", _("Handling unit liaison")
    STATION_MANAGER = "station_manager", _("Station head / instructor")
    LEADER = "leader", _("Leader")
    # the security duties (三员分立) besides the system administrator (a superuser):
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    SECURITY_AUDITOR = "security_auditor", _("Security auditor")


STAFF_ROLES = frozenset(
    {Role.PROPOSAL_STAFF, Role.OPINION_STAFF, Role.CONSULTATION_STAFF, Role.LIAISON_STAFF}
)
# Held by no superuser, and never both by one person (see security_duties).
SECURITY_ROLES = frozenset({Role.SECURITY_ADMIN, Role.SECURITY_AUDITOR})
BUSINESS_ROLES = frozenset(set(Role.values) - SECURITY_ROLES)

ROLE_PERMISSIONS: dict[str, set[str]] = defaultdict(set)


def grant(role: str, *perms: str):
    """Declare admin permissions ("app_label.codename") a role's group carries."""
    ROLE_PERMISSIONS[role].update(perms)


def conflicting_duties(*, is_superuser: bool, roles) -> bool:
    """The three security duties (system administrator = superuser, security administrator,
    security auditor) stay with three different people: True when one account holds two."""
    return int(bool(is_superuser)) + len(set(roles) & SECURITY_ROLES) > 1


def user_roles(user) -> frozenset[str]:
    """The user's role names, cached on the user object. Superusers (the system
    administrator) hold every business role but neither security duty; an account holding
    two of the three duties (a configuration error the user admin refuses) holds neither
    security role: it fails closed."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        groups = frozenset(user.groups.values_list("name", flat=True)) & set(Role.values)
        if user.is_superuser:
            cached = BUSINESS_ROLES
        elif conflicting_duties(is_superuser=False, roles=groups):
            cached = groups - SECURITY_ROLES
        else:
            cached = groups
        user._portal_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def is_security_admin(user) -> bool:
    return has_role(user, Role.SECURITY_ADMIN)


def is_security_auditor(user) -> bool:
    return has_role(user, Role.SECURITY_AUDITOR)


def is_staff_role(user) -> bool:
    """Committee staff: may see personal data unmasked."""
    return bool(user_roles(user) & STAFF_ROLES)


def sync_role_permissions(sender=None, using="default", **kwargs):
    """Create every role group and set its admin permissions to what the apps declare."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    # Run once, after the last app: by then every app's permissions exist.
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is not None and sender is not with_models[-1]:
        return

    # every app's rules.py (which calls grant) is imported by rules' autodiscovery
    all_perms = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    for role in Role.values:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = [
            all_perms[name] for name in sorted(ROLE_PERMISSIONS.get(role, ())) if name in all_perms
        ]
        group.permissions.set(wanted)
