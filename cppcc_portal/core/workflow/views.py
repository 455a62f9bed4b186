"""The one action view: a POST to `<record>/<pk>/act/<action>/`.

Unknown action → 404; not available to this user now (the rule's predicate) → 403; an invalid
form or a refusal by the service → the record's page again with the errors next to the
fields (400) and nothing lost; success → the message and back to the record.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .records import STALE, parse_version


def errors_onto(form, exc):
    """A service's refusal shown where it belongs: on the field it names, else on top."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("You may not do this."))
        return
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def run_action(request, obj, actions, name, *, render_page, reload=None, success_url=None):
    """Run action `name` of `actions` on `obj` for this request.

    render_page(request, obj, bound_form, status) renders the record's page; reload(obj)
    re-reads it after a refused service call (default: the same object); success_url defaults
    to the object's own page.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if name not in actions:
        raise Http404
    action = actions[name]
    allowed = action.allowed(request.user, obj)
    if not allowed:
        if _stale(request, obj):
            # the page was built before someone else moved the record: say so, not 403
            form = action.make_form(request, obj, True, request.POST, request.FILES)
            form.is_valid()
            form.add_error(None, str(STALE))
            messages.error(request, str(STALE))
            return render_page(request, obj, form, 400)
        raise PermissionDenied
    form = action.make_form(request, obj, allowed, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return render_page(request, obj, form, 400)
    if hasattr(obj, "version") and "version" in request.POST:
        # the page's version: a forged one can never match (stale)
        version = parse_version(request.POST.get("version"))
        obj.version = -1 if version is None else version
    try:
        result = action.execute(request, obj, form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        errors_onto(form, exc)
        messages.error(request, "；".join(_messages_of(exc)))
        fresh = reload(obj) if reload is not None else obj
        return render_page(request, fresh, form, 400)
    messages.success(request, action.success_message(result))
    return redirect(success_url or obj)


def _stale(request, obj) -> bool:
    """The page posted a version and the record has moved on since."""
    if "version" not in request.POST or not hasattr(obj, "version"):
        return False
    return parse_version(request.POST.get("version")) != obj.version


def _messages_of(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or _("You may not do this.")]
