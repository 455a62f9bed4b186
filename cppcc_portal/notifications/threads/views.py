"""The thread's views, generic: each part wires them into its own URLs with its model label
(`policy=`), so its permission matrix covers them. Who sees and who posts is the part's
policy (its visible_to selector and rules); nothing is decided here."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cppcc_portal.core.files import file_response

from . import selectors, services
from .forms import EditForm, MessageForm
from .policy import policy_for


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def thread_context(user, target, *, form=None, editing=None, edit_form=None) -> dict:
    """What the thread partial needs; the detail pages include it with this context."""
    policy = policy_for(target)
    may_post = policy.may_post(user, target)
    messages = selectors.thread_of(user, target)
    names = {}  # one look-up per person, not per message

    def name_of(person):
        if person.pk not in names:
            names[person.pk] = policy.name(person)
        return names[person.pk]

    for m in messages:
        m.author_name = name_of(m.author)
        m.editable = services.may_edit(user, m)
    people = {u.pk: u for u in policy.participants(target) if u is not None}
    people.update({m.author_id: m.author for m in messages})
    return {
        "thread_target": target,
        "thread_ns": policy.namespace,
        "thread_messages": messages,
        "thread_may_post": may_post,
        "thread_form": form or (MessageForm() if may_post else None),
        "thread_people": sorted(
            ((name_of(u), u.get_username()) for u in people.values() if u.pk != user.pk),
        ),
        "thread_message_actions": policy.message_actions(user, target),
        "thread_editing": editing,
        "thread_edit_form": edit_form,
    }


def _render(request, target, status=200, **kwargs):
    context = thread_context(request.user, target, **kwargs)
    return render(request, "notifications/threads/_thread.html", context, status=status)


def _form_errors(form, exc: ValidationError, field="body"):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, exc)


@login_required
@require_GET
def thread(request, pk, policy):
    return _render(request, selectors.visible_target(request.user, policy, pk))


@login_required
@require_POST
def thread_post(request, pk, policy):
    target = selectors.visible_target(request.user, policy, pk)
    if not policy_for(policy).may_post(request.user, target):
        raise PermissionDenied
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.post_message(
                actor=request.user,
                target=target,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            field = "files" if getattr(exc, "code", "") in {"too_many"} else "body"
            _form_errors(form, exc, field)
        else:
            if not _is_htmx(request):
                return redirect(policy_for(policy).url(target) + "#thread")
            return _render(request, target)
    return _render(request, target, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def thread_edit(request, pk, policy):
    message = selectors.message_for(request.user, policy, pk)
    target = selectors.visible_target(request.user, policy, message.target_id)
    if not services.may_edit(request.user, message):
        raise PermissionDenied
    if request.method == "GET":
        form = EditForm(initial={"body": message.body})
        return _render(request, target, editing=message.pk, edit_form=form)
    form = EditForm(request.POST)
    if form.is_valid():
        try:
            services.edit_message(
                actor=request.user, message=message, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            if not _is_htmx(request):
                return redirect(policy_for(policy).url(target) + "#thread")
            return _render(request, target)
    return _render(request, target, editing=message.pk, edit_form=form)


@login_required
@require_GET
def thread_file(request, pk, policy):
    att = selectors.attachment_for(request.user, policy, pk)
    return file_response(att.file, filename=att.name)
