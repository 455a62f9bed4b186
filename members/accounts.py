"""Linking a member record to a login account: the security administrator's act (三员分立).

Whoever is linked to a member record reads that member's proposals, reports and duty
archive, so no business role may do it (a proposal staff member once could link another
member's record to their own account). Each link or unlink gives a reason, is in the
security log with the account before and after, and is told to the account holders
concerned (the one unlinked and the one linked): a notification and an e-mail.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc_portal.accounts.forms import ReasonForm
from cppcc_portal.accounts.roles import is_security_admin
from cppcc_portal.accounts.security import describe_act, tell
from cppcc_portal.audit.models import Action
from cppcc_portal.audit.services import audit
from cppcc_portal.core.forms import PortalForm

from .models import Member

User = get_user_model()


# --- reads ----------------------------------------------------------------------------


def linkable_members(actor, *, query: str = ""):
    """Every member record with its account, for the security administrator only."""
    if not is_security_admin(actor):
        return Member.objects.none()
    qs = Member.objects.select_related("user", "sector").order_by("number")
    if query:
        qs = qs.filter(
            Q(name__contains=query) | Q(number__icontains=query) | Q(user__username__iexact=query)
        )
    return qs


def _label(user) -> str:
    if user is None:
        return _("no account")
    return f"{user.username}（{user.get_full_name() or '—'}）"


# --- the act --------------------------------------------------------------------------


@transaction.atomic
def link_account(*, actor, member: Member, account, reason: str, request=None) -> Member:
    """Link `member` to `account` (None: unlink)."""
    if not is_security_admin(actor):
        raise PermissionDenied
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = member.user
    if (before and before.pk) == (account and account.pk):
        raise ValidationError({"account": _("The record is linked to this account already.")})
    if account is not None:
        if account.pk == actor.pk or (before is not None and before.pk == actor.pk):
            raise ValidationError(
                {"account": _("Another security administrator must link your own account.")}
            )
        if not account.is_active:
            raise ValidationError({"account": _("This account is disabled.")})
        if account.is_superuser:
            raise ValidationError(
                {"account": _("The system administrator's account cannot be a member's.")}
            )
        other = Member.objects.filter(user=account).exclude(pk=member.pk).first()
        if other is not None:
            raise ValidationError(
                {
                    "account": _(
                        "This account is linked to %(member)s already: unlink it there first."
                    )
                    % {"member": f"{other.number} {other.name}"}
                }
            )
    elif before is not None and before.pk == actor.pk:
        raise ValidationError(_("Another security administrator must unlink your own account."))
    member.user = account
    member.save(update_fields=["user", "updated_at"])
    audit(
        request=request,
        user=actor,
        action=Action.MEMBER_LINKED,
        target=member,
        detail=describe_act(reason=reason, before=_label(before), after=_label(account)),
    )
    record = f"{member.number} {member.name}"
    if before is not None:
        tell(
            before,
            kind="security.member_unlinked",
            title=_("Your account is no longer linked to a member record"),
            body=_(
                "The security administrator unlinked your account from the member record "
                "%(record)s (reason: %(reason)s). If this is a mistake, tell the committee office."
            )
            % {"record": record, "reason": reason},
            url=reverse("profile"),
        )
    if account is not None:
        tell(
            account,
            kind="security.member_linked",
            title=_("Your account was linked to a member record"),
            body=_(
                "The security administrator linked your account to the member record "
                "%(record)s (reason: %(reason)s). If this is not you, tell the committee office "
                "at once."
            )
            % {"record": record, "reason": reason},
            url=reverse("profile"),
        )
    return member


# --- the form -------------------------------------------------------------------------


class MemberSearchForm(PortalForm):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=50)

    def query(self) -> str:
        return self.cleaned_data["q"].strip().replace("\x00", "") if self.is_valid() else ""


class LinkAccountForm(ReasonForm):
    account = forms.CharField(
        label=gettext_lazy("Account (user name)"),
        required=False,
        max_length=150,
        help_text=gettext_lazy("Leave empty to unlink the record from its account."),
    )
    field_order = ["account", "reason"]

    def clean_account(self):
        name = self.cleaned_data["account"].strip().replace("\x00", "")
        if not name:
            return None
        account = User.objects.filter(username__iexact=name).first()
        if account is None:
            raise forms.ValidationError(_("There is no account with this user name."))
        return account
