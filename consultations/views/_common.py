"""What the app's views share: the role gates, 404 for what one may not know, and one
service call for the views that answer with a redirect (a refusal becomes a message)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render

from cppcc_portal.core.redirects import redirect_back
from cppcc_portal.core.workflow.views import run_action
from members.selectors import member_for

from ..rules import can_manage, can_read_all, is_member


def readers_or_members(view):
    """Consultation staff, leaders and members (each sees what its selector allows)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not (can_read_all(request.user) or is_member(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def readers_only(view):
    """Consultation staff and leaders."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_read_all(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def staff_only(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_manage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def members_only(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_member(request.user) or member_for(request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _get(qs, **lookup):
    try:
        return qs.get(**lookup)
    except ObjectDoesNotExist:
        raise Http404 from None


def call_service(request, service, success, **kwargs):
    """Call one service with its keyword arguments for a view that answers with a redirect: a
    refusal (ValidationError) becomes a message on the page it leads to, not an error page;
    `success` (or None) is the message when done. Returns (done, the service's result)."""
    try:
        result = service(**kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False, None
    if success:
        messages.success(request, success)
    return True, result


def _back_to(request, fallback):
    """Return to the page the form was on (`next`), never to another site."""
    return redirect_back(request, request.POST.get("next", ""), fallback)


def _form_errors_as_messages(request, form):
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errs:
            messages.error(request, f"{label}：{e}" if label else e)


def _form_page(request, form, *, title, back, submit=None, multipart=False):
    return render(
        request,
        "consultations/form.html",
        {"form": form, "title": title, "back": back, "submit": submit, "multipart": multipart},
    )


def _bind_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def run_step(request, pk, step, actions, *, load, page):
    """A step on a record (consultations.actions) through the kernel's one action view:
    `load(request, pk)` reads the record as the user may see it (and again after a refusal),
    `page(request, obj, bound, status)` renders its page."""
    return run_action(
        request,
        load(request, pk),
        actions,
        step,
        render_page=page,
        reload=lambda old: load(request, pk),
    )
