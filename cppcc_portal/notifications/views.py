from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.redirects import redirect_back

from . import selectors, services
from .forms import DeadlineFilterForm, DeliveryFilterForm, PreferenceForm
from .models import Delivery, Notification, NotificationPreference
from .reminders import duty_label
from .rules import can_manage_deliveries, can_view_deadlines


@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, selectors.notification_list(request.user, unread_only=unread_only))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread_only": unread_only},
    )


def _own(request, pk) -> Notification:
    try:
        return selectors.notifications_visible_to(request.user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404


@login_required
def notification_open(request, pk):
    """Follow a notification's link, marking it read on the way."""
    note = _own(request, pk)
    services.mark_read(user=request.user, notification_id=note.pk)
    if note.url and url_has_allowed_host_and_scheme(
        note.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(note.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request, pk):
    note = _own(request, pk)
    note = services.mark_read(user=request.user, notification_id=note.pk)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "notifications/_row_read.html",
            {"note": note, "unread_notifications": selectors.unread_count(request.user)},
        )
    return redirect_back(request, request.POST.get("next", ""), "notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("%(n)d notifications marked as read.") % {"n": count})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    pref = NotificationPreference.objects.filter(user=request.user).first()
    initial = (
        {"email": pref.email, "sms": pref.sms, "phone": pref.phone}
        if pref
        else {"email": True, "sms": False, "phone": ""}
    )
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_preferences(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
def deadline_list(request):
    if not can_view_deadlines(request.user):
        raise PermissionDenied
    form = DeadlineFilterForm(request.GET or None, units=selectors.unit_choices(request.user))
    page = paginate(request, selectors.deadline_list(request.user, **form.filters()))
    today = timezone.localdate()
    page.object_list = selectors.with_people(page.object_list)
    for deadline in page:
        deadline.duty_label = duty_label(deadline.duty)
        deadline.days_left = (deadline.due_on - today).days
        deadline.days_late = -deadline.days_left
    return render(
        request,
        "notifications/deadlines.html",
        {
            "form": form,
            "page": page,
            "unit_counts": selectors.unit_overdue_counts(request.user)[:30],
        },
    )


@login_required
def delivery_list(request):
    if not can_manage_deliveries(request.user):
        raise PermissionDenied
    form = DeliveryFilterForm(request.GET or None)
    page = paginate(request, selectors.delivery_list(request.user, **form.filters()))
    return render(request, "notifications/deliveries.html", {"form": form, "page": page})


@login_required
@require_POST
def delivery_retry(request, pk):
    if not can_manage_deliveries(request.user):
        raise PermissionDenied
    delivery = get_object_or_404(Delivery, pk=pk)
    try:
        services.retry_delivery(actor=request.user, delivery_id=delivery.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The delivery will be tried again shortly."))
    return redirect(reverse("notifications:deliveries") + "?" + request.GET.urlencode())
