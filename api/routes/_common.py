from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import has_role
from proposals.rules import member_id


def fail_on(queryset, pk, field):
    """The object `pk` names in `queryset`, or a 422 on `field` (an id in the body that
    names nothing the caller may use)."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("Choose a valid option.")})
    return found


def require(ok: bool):
    """The same role gate as the page (e.g. the unit queue is for unit liaisons)."""
    if not ok:
        raise PermissionDenied(_("You may not do this."))


def require_member(request):
    """As the member's own pages: an account linked to a member."""
    require(member_id(request.user) is not None)


def require_role(request, *roles):
    require(has_role(request.user, *roles))
