"""Thin views: check permission, parse the form, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cppcc_portal.accounts.roles import Role, has_role, is_staff_role
from cppcc_portal.core.files import file_response
from cppcc_portal.core.pagination import paginate

from . import exports, forms, selectors, services, throttle
from .models import Opinion
from .rules import can_act_on_station, can_manage_all_stations, can_view_all_stations
from .workflow import ACTION_LABELS, STATE_META, allowed_actions


def _require_station_pages(user):
    if not (can_view_all_stations(user) or has_role(user, Role.STATION_MANAGER)):
        raise PermissionDenied


def _get(fn, *args):
    try:
        return fn(*args)
    except ObjectDoesNotExist:
        raise Http404


def _visible_station(user, pk):
    _require_station_pages(user)
    return _get(selectors.station_detail, user, pk)


def _acting_station(user, pk):
    station = _visible_station(user, pk)
    if not can_act_on_station(user, station):
        raise PermissionDenied
    return station


def _year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _form_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# --- Stations -----------------------------------------------------------------------------------


@login_required
def station_list(request):
    _require_station_pages(request.user)
    form = forms.StationFilterForm(request.GET or None)
    page = paginate(request, selectors.station_list(request.user, **form.filters()), per_page=50)
    counts = selectors.station_counts([s.pk for s in page])
    rows = [(s, counts[s.pk]) for s in page]
    return render(
        request,
        "stations/station_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "may_assign": can_manage_all_stations(request.user),
        },
    )


@login_required
def station_detail(request, pk):
    station = _visible_station(request.user, pk)
    year = _year(request)
    stats = selectors.station_stats(station, year=year)
    return render(
        request,
        "stations/station_detail.html",
        {
            "station": station,
            "stats": stats,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "activities": selectors.recent_activities(station),
            "rounds": selectors.visit_rounds(station),
            "may_act": can_act_on_station(request.user, station),
            "round_form": forms.VisitRoundForm(),
        },
    )


@login_required
def station_export(request, pk):
    station = _visible_station(request.user, pk)
    return exports.station_workbook_response(station, year=_year(request))


@login_required
def station_report(request, pk):
    station = _visible_station(request.user, pk)
    return exports.station_report_response(station, year=_year(request))


# --- Activities ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, pk):
    station = _acting_station(request.user, pk)
    form = forms.ActivityForm(
        request.POST or None,
        request.FILES or None,
        station=station,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.record_activity(
                actor=request.user,
                station=station,
                kind=data["kind"],
                date=data["date"],
                title=data["title"],
                summary=data["summary"],
                participants=data["participants"],
                residents_reached=data["residents_reached"],
                services_given=data["services_given"],
                donation_amount=data["donation_amount"],
                visit_round=data["visit_round"],
                photos=data["photos"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The activity was recorded."))
            return redirect("stations:activity_detail", activity.pk)
    return render(request, "stations/activity_form.html", {"form": form, "station": station})


@login_required
@require_http_methods(["GET", "POST"])
def activity_detail(request, pk):
    _require_station_pages(request.user)
    activity = _get(selectors.activity_detail, request.user, pk)
    may_act = can_act_on_station(request.user, activity.station)
    form = forms.PhotoForm()
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied
        form = forms.PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.add_activity_photos(
                    actor=request.user, activity=activity, files=[form.cleaned_data["photo"]]
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The photo was added."))
                return redirect("stations:activity_detail", activity.pk)
    return render(
        request,
        "stations/activity_detail.html",
        {"activity": activity, "may_act": may_act, "form": form},
    )


@login_required
def photo(request, pk):
    """Photos are served only to those who may see the station."""
    _require_station_pages(request.user)
    item = _get(selectors.photo_for, request.user, pk)
    if request.GET.get("thumb") and item.thumbnail:
        return file_response(item.thumbnail, inline=True)
    return file_response(item.image, filename=item.original_name or None, inline=True)


@login_required
def round_create(request, pk):
    station = _acting_station(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.VisitRoundForm(request.POST)
    if form.is_valid():
        try:
            visit_round = services.plan_visit_round(
                actor=request.user, station=station, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The visiting round was planned."))
            return redirect("stations:round_detail", visit_round.pk)
    else:
        messages.error(request, _("Check the year and the quarter."))
    return redirect("stations:detail", station.pk)


@login_required
def round_detail(request, pk):
    _require_station_pages(request.user)
    visit_round = _get(selectors.visit_round_for, request.user, pk)
    rows = selectors.visit_round_completion(visit_round)
    return render(
        request,
        "stations/round_detail.html",
        {
            "round": visit_round,
            "rows": rows,
            "done": sum(1 for _m, ok in rows if ok),
            "may_act": can_act_on_station(request.user, visit_round.station),
        },
    )


# --- Residents' opinions --------------------------------------------------------------------------


@login_required
def opinion_list(request):
    _require_station_pages(request.user)
    stations = selectors.stations_visible_to(request.user)
    data = request.GET.copy()
    if not data and has_role(request.user, Role.STATION_MANAGER):
        data["state"] = "to_handle"
    form = forms.OpinionFilterForm(data or None, stations=stations)
    page = paginate(request, selectors.opinion_list(request.user, **form.filters()))
    return render(
        request,
        "stations/opinion_list.html",
        {"form": form, "page": page, "meta": STATE_META, "staff": is_staff_role(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def opinion_create(request, pk):
    station = _acting_station(request.user, pk)
    form = forms.OpinionRecordForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            opinion = services.record_opinion(
                actor=request.user, station=station, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("The opinion was recorded; its receipt code is %(code)s.")
                % {"code": opinion.receipt_code},
            )
            return redirect("stations:opinion_detail", opinion.pk)
    return render(request, "stations/opinion_form.html", {"form": form, "station": station})


ACTION_FORMS = {
    "start": forms.NoteForm,
    "resolve": forms.ResultForm,
    "refer": forms.ReferForm,
    "answer": forms.AnswerForm,
    "convert_report": forms.ConvertReportForm,
    "convert_proposal": forms.ConvertProposalForm,
    "close": forms.ResultForm,
}


def _initial_for(action, opinion):
    if action == "convert_report":
        return {"title": opinion.content[:40], "content": opinion.content}
    if action == "convert_proposal":
        return {"title": opinion.content[:40], "analysis": opinion.content}
    if action == "close" and opinion.department_answer:
        return {"result": opinion.department_answer}
    return {}


def _action_form(action, opinion, data=None):
    kwargs = {"prefix": action}
    if action in ("convert_report", "convert_proposal"):
        kwargs["station"] = opinion.station
    if data is None:
        kwargs["initial"] = _initial_for(action, opinion)
    return ACTION_FORMS[action](data, **kwargs)


def _permitted_actions(user) -> set[str]:
    """Every step this user may take on an opinion of a station they act on, less the
    conversions they may not make or that the other part does not offer (yet). Whether the
    opinion's state allows a step is checked by the service, under lock."""
    unavailable = {a for a, ok in services.conversions_available(user).items() if not ok}
    return set(ACTION_FORMS) - unavailable


def _action_forms(user, opinion):
    permitted = _permitted_actions(user)
    actions = [a for a in _state_actions(opinion) if a in permitted]
    return [
        (
            action,
            ACTION_LABELS.get(action, _("Record the department's answer")),
            _action_form(action, opinion),
        )
        for action in actions
    ]


def _state_actions(opinion):
    actions = allowed_actions(opinion.state)
    if STATE_META[opinion.state].may_answer:
        actions.append("answer")
    return actions


@login_required
def opinion_detail(request, pk):
    _require_station_pages(request.user)
    opinion = _get(selectors.opinion_detail, request.user, pk)
    may_act = can_act_on_station(request.user, opinion.station)
    return render(
        request,
        "stations/opinion_detail.html",
        _opinion_context(
            request, opinion, may_act, _action_forms(request.user, opinion) if may_act else []
        ),
    )


def _opinion_context(request, opinion, may_act, action_forms):
    from cppcc_portal.notifications.services import deadlines_for

    return {
        "opinion": opinion,
        "meta": STATE_META[opinion.state],
        "may_act": may_act,
        "action_forms": action_forms,
        "staff": is_staff_role(request.user),
        "public": selectors.public_status(opinion),
        "deadlines": deadlines_for(opinion),
    }


def _run_action(user, opinion, action, data):
    if action == "start":
        return services.start_handling(actor=user, opinion=opinion, note=data["note"])
    if action == "resolve":
        return services.resolve_on_spot(actor=user, opinion=opinion, result=data["result"])
    if action == "refer":
        return services.refer_to_department(actor=user, opinion=opinion, **data)
    if action == "answer":
        return services.record_department_answer(actor=user, opinion=opinion, answer=data["answer"])
    if action == "convert_report":
        return services.convert_to_report(actor=user, opinion=opinion, **data)
    if action == "convert_proposal":
        return services.convert_to_proposal(actor=user, opinion=opinion, **data)
    return services.close_opinion(actor=user, opinion=opinion, result=data["result"])


@login_required
def opinion_action(request, pk, action):
    _require_station_pages(request.user)
    if action not in ACTION_FORMS:
        raise Http404
    opinion = _get(selectors.opinion_detail, request.user, pk)
    if not can_act_on_station(request.user, opinion.station):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if action not in _permitted_actions(request.user):
        raise PermissionDenied
    form = _action_form(action, opinion, request.POST)
    if form.is_valid():
        try:
            _run_action(request.user, opinion, action, form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("stations:opinion_detail", opinion.pk)
    action_forms = [
        (a, label, form if a == action else f)
        for a, label, f in _action_forms(request.user, opinion)
    ]
    if action not in [a for a, _l, _f in action_forms]:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return render(
        request,
        "stations/opinion_detail.html",
        _opinion_context(request, opinion, True, action_forms),
        status=400,
    )


# --- Assignment ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def unassigned(request):
    """Sitting members who belong to no street/town station, with bulk assignment."""
    if not can_manage_all_stations(request.user):
        raise PermissionDenied
    assign_form = forms.BulkAssignForm(request.POST or None)
    if request.method == "POST":
        if assign_form.is_valid():
            data = assign_form.cleaned_data
            try:
                n = services.assign_members(
                    actor=request.user,
                    station=data["station"],
                    members=data["members"],
                    since=data["since"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("%(n)d members assigned.") % {"n": n})
                return redirect(request.get_full_path())
        elif "since" in assign_form.errors:
            messages.error(request, " ".join(assign_form.errors["since"]))
        else:
            messages.error(request, _("Choose a station and at least one member."))
    filter_form = forms.UnassignedFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    qs = selectors.unassigned_members(street=filters.get("street"), sector=filters.get("sector"))
    page = paginate(request, qs, per_page=100)
    return render(
        request,
        "stations/unassigned.html",
        {"form": filter_form, "assign_form": assign_form, "page": page},
    )


@login_required
def assign_by_street(request):
    if not can_manage_all_stations(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        n = services.assign_unassigned_by_street(actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(n)d members assigned by the street they live or work in.") % {"n": n}
        )
    return redirect("stations:unassigned")


# --- Public pages (no login; marked so a login-required middleware would let them pass) -------------------------------------------------------------------------


@login_not_required
def public_directory(request):
    return render(
        request, "stations/public/directory.html", {"groups": selectors.public_directory()}
    )


def _throttled(request):
    return render(request, "stations/public/throttled.html", status=429)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def public_station(request, pk):
    station = _get(selectors.public_station, pk)
    form = forms.PublicOpinionForm(request.POST or None)
    if request.method == "POST":
        if not throttle.hit(request, "opinion"):
            return _throttled(request)
        if form.is_bot():  # a honeypot hit: thank the bot, store nothing
            return render(request, "stations/public/thanks.html", {"station": station})
        if form.is_valid():
            data = form.cleaned_data
            try:
                opinion = services.submit_public_opinion(
                    station=station,
                    category=data["category"],
                    content=data["content"],
                    resident_name=data["resident_name"],
                    resident_contact=data["resident_contact"],
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                return render(
                    request,
                    "stations/public/thanks.html",
                    {"station": station, "code": opinion.receipt_code},
                )
    return render(request, "stations/public/station.html", {"station": station, "form": form})


@login_not_required
@never_cache
def public_lookup(request):
    form = forms.ReceiptLookupForm(request.GET or None)
    opinion = status = None
    searched = False
    if request.GET.get("code"):
        if not throttle.hit(request, "lookup"):
            return _throttled(request)
        searched = True
        if form.is_valid():
            opinion = (
                Opinion.objects.select_related("station")
                .only(
                    "id",
                    "state",
                    "category",
                    "receipt_code",
                    "received_at",
                    "resolved_at",
                    "closed_at",
                    "result",
                    "station__name",
                )
                .filter(receipt_code=form.cleaned_data["code"])
                .first()
            )
            if opinion is not None:
                status = selectors.public_status(opinion)
    return render(
        request,
        "stations/public/lookup.html",
        {"form": form, "opinion": opinion, "status": status, "searched": searched},
    )
