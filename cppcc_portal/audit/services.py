"""Writing the security audit log. Other parts call `audit(...)`."""

from django.contrib.contenttypes.models import ContentType

from cppcc_portal.core.client import client_address

from .context import current_request
from .models import AuditEntry
from .scrub import scrub

DETAIL_MAX = 2000


def client_ip(request) -> str | None:
    """The client's address (see cppcc_portal.core.client: one rule for the whole portal)."""
    return client_address(request)


def _actor(request, user):
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if getattr(candidate, "is_authenticated", False):
            user = candidate
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return user


def build_entry(*, request=None, user=None, action: str, detail: str = "") -> AuditEntry:
    """An unsaved entry with who/where/what filled in (see `audit`)."""
    if request is None:
        request = current_request()
    user = _actor(request, user)
    entry = AuditEntry(action=action, detail=scrub(detail)[:DETAIL_MAX])
    if user is not None:
        entry.user_id = user.pk
        entry.username = scrub(user.get_username())[:150]
    if request is not None:
        entry.ip_address = client_ip(request)
        entry.user_agent = scrub(request.META.get("HTTP_USER_AGENT", ""))[:255]
    return entry


def audit(*, request=None, user=None, action: str, target=None, detail: str = "") -> AuditEntry:
    """Append one entry. `request` defaults to the request being served; `user` to its
    user; `target` is any model instance (or None). Phones and ID numbers in `detail` are
    masked; passwords must never be passed."""
    entry = build_entry(request=request, user=user, action=action, detail=detail)
    if target is not None and getattr(target, "pk", None) is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)[:64]
        entry.target_repr = scrub(str(target))[:200]
    entry.save(force_insert=True)
    return entry


def audit_failed_login(*, request=None, username: str, action: str, detail: str = ""):
    """A failed or locked-out login: no user object, only the name that was typed."""
    entry = build_entry(request=request, action=action, detail=detail)
    entry.user_id = None
    entry.username = scrub(username)[:150]
    entry.save(force_insert=True)
    return entry
