"""Thin views of the topic catalogue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.workflow.views import errors_onto

from ..models import Topic
from ..rules import is_staff, member_id
from . import selectors, services
from .forms import TopicFilterForm, TopicForm


def _may_write(user):
    return has_role(user, Role.MEMBER) and member_id(user) is not None


@login_required
def topic_list(request):
    """Members browse the published topics (and start a draft); staff see every topic and
    which drew proposals."""
    staff = is_staff(request.user)
    if not (staff or _may_write(request.user)):
        raise PermissionDenied
    form = TopicFilterForm(request.GET or None)
    page = paginate(request, selectors.topics_for(request.user, **form.values()))
    context = {"page": page, "form": form, "staff": staff, "can_write": _may_write(request.user)}
    return render(request, "proposals/topics/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def topic_create(request):
    if not is_staff(request.user):
        raise PermissionDenied
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.publish_topic(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, _("The topic was published."))
                return redirect("proposals:topics")
        status = 400
    return render(request, "proposals/topics/form.html", {"form": form}, status=status)


@login_required
@require_POST
def topic_publish(request, pk):
    if not is_staff(request.user):
        raise PermissionDenied
    topic = get_object_or_404(Topic, pk=pk)
    services.set_published(
        actor=request.user, topic=topic, published=request.POST.get("published") == "1"
    )
    return redirect("proposals:topics")


@login_required
@require_POST
def topic_start(request, pk):
    if not _may_write(request.user):
        raise PermissionDenied
    topic = selectors.published_topic(pk)
    if topic is None:
        raise Http404
    try:
        proposal = services.start_draft_from_topic(actor=request.user, topic=topic)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("proposals:topics")
    messages.success(request, _("A draft was started from the topic: write it up."))
    return redirect("proposals:edit", proposal.pk)
