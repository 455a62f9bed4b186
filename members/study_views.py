"""Study pages: materials read on the phone (with read receipts), reflections, trainings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.files import file_response
from cppcc_portal.core.pagination import paginate

from . import selectors, services
from .forms import AttendanceForm, ReflectionForm, ReviewForm, StudyMaterialForm, TrainingForm
from .models import StudyMaterial, StudyReflection, Training


def _require_study(user):
    """Members, staff and leaders; not unit liaisons, station managers or the role-less."""
    if not (selectors.can_view_all_duty(user) or has_role(user, Role.MEMBER)):
        raise PermissionDenied


def _require_staff(user):
    if not selectors.can_manage_duty(user):
        raise PermissionDenied


@login_required
def study_home(request):
    _require_study(request.user)
    member = selectors.member_for(request.user)
    qs = (
        selectors.materials_visible_to(request.user)
        .annotate(n_reads=Count("reads"))
        .order_by("-published_on", "-id")
    )
    page = paginate(request, qs)
    read = set()
    if member is not None:
        read = set(
            member.study_reads.filter(material__in=list(page)).values_list("material_id", flat=True)
        )
    for material in page:
        material.is_read = material.pk in read
    groups = member.reading_groups.all() if member else []
    return render(
        request,
        "members/study/home.html",
        {
            "page": page,
            "groups": groups,
            "is_member": member is not None,
            "can_manage": selectors.can_manage_duty(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def material_new(request):
    _require_staff(request.user)
    form = StudyMaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            material = services.publish_material(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Study material published."))
            return redirect(material)
    return render(request, "members/study/material_form.html", {"form": form})


@login_required
def material_detail(request, pk):
    _require_study(request.user)
    try:
        material = selectors.materials_visible_to(request.user).get(pk=pk)
    except StudyMaterial.DoesNotExist:
        raise Http404
    member = selectors.member_for(request.user)
    if member is not None and has_role(request.user, Role.MEMBER):
        services.mark_read(member=member, material=material)
    reads = None
    if selectors.can_view_all_duty(request.user):
        reads = material.reads.select_related("member").order_by("-read_at")[:200]
    return render(
        request, "members/study/material_detail.html", {"material": material, "reads": reads}
    )


@login_required
def material_file(request, pk):
    _require_study(request.user)
    try:
        material = selectors.materials_visible_to(request.user).get(pk=pk)
    except StudyMaterial.DoesNotExist:
        raise Http404
    return file_response(material.file, filename=material.file_name or None, inline=True)


@login_required
@require_http_methods(["GET", "POST"])
def reflections(request):
    """Members: their reflections and the form to write one. Staff: the review queue."""
    _require_study(request.user)
    member = selectors.member_for(request.user)
    is_member = member is not None and has_role(request.user, Role.MEMBER)
    form = ReflectionForm(
        request.POST or None,
        materials=selectors.materials_visible_to(request.user),
        initial={"material": request.GET.get("material")},
    )
    if request.method == "POST":
        if not is_member:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.submit_reflection(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Study reflection submitted for review."))
                return redirect("members:reflections")
    qs = selectors.reflections_visible_to(request.user)
    state = request.GET.get("state", "")
    if state in StudyReflection.State.values:
        qs = qs.filter(state=state)
    page = paginate(request, qs)
    return render(
        request,
        "members/study/reflections.html",
        {
            "page": page,
            "form": form if is_member else None,
            "state": state,
            "states": StudyReflection.State.choices,
            "can_manage": selectors.can_manage_duty(request.user),
        },
    )


@login_required
def reflection_detail(request, pk):
    _require_study(request.user)
    try:
        reflection = selectors.reflections_visible_to(request.user).get(pk=pk)
    except StudyReflection.DoesNotExist:
        raise Http404
    can_review = (
        selectors.can_manage_duty(request.user)
        and reflection.state == StudyReflection.State.SUBMITTED
    )
    return render(
        request,
        "members/study/reflection_detail.html",
        {"reflection": reflection, "can_review": can_review, "review_form": ReviewForm()},
    )


@login_required
@require_POST
def reflection_review(request, pk):
    _require_staff(request.user)
    reflection = get_object_or_404(StudyReflection, pk=pk)
    form = ReviewForm(request.POST)
    accept = request.POST.get("decision") == "accept"
    if form.is_valid():
        try:
            services.review_reflection(
                actor=request.user,
                reflection=reflection,
                accept=accept,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Reflection accepted.") if accept else _("Reflection returned.")
            )
    return redirect(reflection)


@login_required
def trainings(request):
    _require_study(request.user)
    page = paginate(request, selectors.trainings_visible_to(request.user))
    return render(
        request,
        "members/study/trainings.html",
        {"page": page, "can_manage": selectors.can_manage_duty(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def training_new(request):
    _require_staff(request.user)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        training = services.create_training(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Training session created."))
        return redirect(training)
    return render(request, "members/study/training_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def training_detail(request, pk):
    _require_study(request.user)
    try:
        training = selectors.trainings_visible_to(request.user).get(pk=pk)
    except Training.DoesNotExist:
        raise Http404
    can_manage = selectors.can_manage_duty(request.user)
    form = AttendanceForm(request.POST or None)
    if request.method == "POST":
        _require_staff(request.user)
        if form.is_valid():
            try:
                n = services.record_training_attendance(
                    actor=request.user, training=training, members=form.cleaned_data["numbers"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(n)d attendance records added.") % {"n": n})
                return redirect(training)
    attendance = None
    member = selectors.member_for(request.user)
    attended = False
    if can_manage or selectors.can_view_all_duty(request.user):
        attendance = training.attendance.select_related("member__sector").order_by("member__number")
    elif member is not None:
        attended = training.attendance.filter(member=member).exists()
    return render(
        request,
        "members/study/training_detail.html",
        {
            "training": training,
            "attendance": attendance,
            "attended": attended,
            "form": form if can_manage else None,
        },
    )
