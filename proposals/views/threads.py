"""The proposal's thread beyond the generic views (cppcc_portal.notifications.threads): the
lead unit records a message as a 办前沟通 with the proposer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cppcc_portal.notifications.threads.selectors import message_for

from .. import selectors, services
from ..models import Proposal
from ..rules import leading
from ..threads import name


@login_required
@require_POST
def thread_communicate(request, pk):
    message = message_for(request.user, "proposals.proposal", pk)
    try:
        p = selectors.proposal_detail(request.user, message.target_id)
    except Proposal.DoesNotExist:
        raise Http404
    assignments = leading(request.user, p)
    if not assignments:
        raise PermissionDenied
    try:
        services.record_communication(
            actor=request.user,
            assignment=assignments[0],
            method="written",
            occurred_on=timezone.localdate(message.created_at),
            summary=_("In the thread, %(who)s: %(text)s")
            % {"who": name(message.author), "text": message.body},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Contact recorded."))
    return redirect(reverse("proposals:detail", args=[p.pk]) + "#thread")
