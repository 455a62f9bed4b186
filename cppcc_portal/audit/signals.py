"""Cross-cutting security events (logins, permission changes, admin actions) reach the
audit log through signals: no part has to remember to call it for these."""

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Action
from .scrub import scrub
from .services import audit, audit_failed_login, build_entry

User = get_user_model()
WATCHED_FLAGS = ("is_active", "is_staff", "is_superuser")


@receiver(user_logged_in, dispatch_uid="audit.login")
def _logged_in(sender, request, user, **kwargs):
    audit(request=request, user=user, action=Action.LOGIN)


@receiver(user_logged_out, dispatch_uid="audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit(request=request, user=user, action=Action.LOGOUT)


@receiver(user_login_failed, dispatch_uid="audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    audit_failed_login(request=request, username=username, action=Action.LOGIN_FAILED)


@receiver(user_locked_out, dispatch_uid="audit.locked_out")
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    audit_failed_login(request=request, username=str(username or ""), action=Action.LOCKED_OUT)


def _names(model, pks):
    if model is Permission:
        rows = model.objects.filter(pk__in=pks).select_related("content_type")
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows)
    return sorted(str(o) for o in model.objects.filter(pk__in=pks))


def _m2m_audit(relation, instance, action, reverse, model, pk_set):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    sign = "+" if action == "post_add" else "-"
    if action == "pre_clear":
        # the rows are still there before a clear: name what is being removed
        if reverse:
            return  # clearing a group's users from the group side: rare; logged per user
        pk_set = set(getattr(instance, relation).values_list("pk", flat=True))
    if not pk_set:
        return
    if reverse:  # e.g. group.user_set.add(users): one entry per user changed
        for user in User.objects.filter(pk__in=pk_set):
            audit(
                action=Action.PERMISSION_CHANGED,
                target=user,
                detail=f"{relation} {sign}{instance}",
            )
        return
    names = "、".join(_names(model, pk_set))
    audit(action=Action.PERMISSION_CHANGED, target=instance, detail=f"{relation} {sign}{names}")


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit.user_groups")
def _groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    _m2m_audit("groups", instance, action, reverse, model, pk_set)


@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="audit.user_perms")
def _user_perms_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    _m2m_audit("user_permissions", instance, action, reverse, model, pk_set)


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="audit.group_perms")
def _group_perms_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    _m2m_audit("permissions", instance, action, reverse, model, pk_set)


@receiver(pre_save, sender=User, dispatch_uid="audit.user_flags_before")
def _user_flags_before(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._audit_flag_changes = []
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(WATCHED_FLAGS):
        return
    old = User.objects.filter(pk=instance.pk).values(*WATCHED_FLAGS).first()
    if old:
        instance._audit_flag_changes = [
            f"{flag}: {old[flag]} → {getattr(instance, flag)}"
            for flag in WATCHED_FLAGS
            if old[flag] != getattr(instance, flag)
        ]


@receiver(post_save, sender=User, dispatch_uid="audit.user_flags_after")
def _user_flags_after(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    changes = getattr(instance, "_audit_flag_changes", None)
    if created and (instance.is_staff or instance.is_superuser):
        changes = [f"{flag}: {getattr(instance, flag)}" for flag in WATCHED_FLAGS[1:]]
    if changes:
        audit(action=Action.PERMISSION_CHANGED, target=instance, detail="; ".join(changes))
    instance._audit_flag_changes = []


_ADMIN_VERBS = {ADDITION: "add", CHANGE: "change", DELETION: "delete"}


@receiver(post_save, sender=LogEntry, dispatch_uid="audit.admin_log")
def _admin_action(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    verb = _ADMIN_VERBS.get(instance.action_flag, "?")
    entry = build_entry(
        user=instance.user,
        action=Action.ADMIN_CHANGE,
        detail=f"{verb}: {instance.get_change_message()}",
    )
    # the admin's own record of the object: it may be gone already (a deletion)
    entry.target_type_id = instance.content_type_id
    entry.target_id = str(instance.object_id or "")[:64]
    entry.target_repr = scrub(instance.object_repr)[:200]
    entry.save(force_insert=True)


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="audit.totp_reset")
def _device_removed(sender, instance, **kwargs):
    if getattr(instance, "_audited", False):  # the service wrote the entry, with its reason
        return
    owner = User.objects.filter(pk=instance.user_id).first()
    audit(action=Action.TWO_FACTOR_RESET, target=owner, detail=str(instance.name))
