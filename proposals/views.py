"""Thin views: check permission, parse the form, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.exports import attachment_response, xlsx_response
from cppcc_portal.core.files import file_response
from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.redirects import local_url
from cppcc_portal.notifications.services import deadlines_for

from . import forms, selectors, services, workflow
from .models import (
    Assignment,
    Attachment,
    CompilationJob,
    CoSigner,
    ExtensionRequest,
    InstructionRequest,
    Proposal,
    ProposalSettings,
    Reply,
    ReturnRequest,
)
from .rules import is_first_proposer, is_leader, is_staff, member_id

S = Proposal.Status


def _require(ok):
    if not ok:
        raise PermissionDenied


def _number(value):
    """A whole number posted by the page (an id, a version), or None for anything forged."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if 0 <= n < 2**63 else None


def _errors(exc) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or _("You may not do this.")


# --- lists -----------------------------------------------------------------------------------


def _can_list(user):
    return has_role(user, Role.PROPOSAL_STAFF, Role.LEADER, Role.UNIT_LIAISON)


@login_required
def proposal_list(request):
    _require(_can_list(request.user))
    form = forms.FilterForm(request.GET or None)
    qs = selectors.proposal_list(request.user, **form.filters())
    page = paginate(request, qs)
    context = {"form": form, "page": page, "today": timezone.localdate()}
    if is_staff(request.user):
        context["bulk_form"] = forms.BulkForm()
        context["units"] = services.handling_units()
    return render(request, "proposals/list.html", context)


@login_required
def proposal_export(request):
    _require(_can_list(request.user))
    form = forms.FilterForm(request.GET or None)
    qs = selectors.proposal_list(request.user, **form.filters())
    headers = [
        _("Number"),
        _("Title"),
        _("First proposer"),
        _("Kind"),
        _("Category"),
        _("Status"),
        _("Lead unit"),
        _("Co-units"),
        _("Reply due"),
        _("Key proposal"),
        _("Session"),
    ]

    def rows():
        for p in qs:
            units = list(p.assignments.all())
            yield [
                p.number_display,
                p.title,
                p.first_proposer.name,
                p.get_kind_display(),
                p.category.name if p.category else "",
                p.get_status_display(),
                "、".join(a.unit.name for a in units if a.role != "co"),
                "、".join(a.unit.name for a in units if a.role == "co"),
                p.reply_due_on or "",
                _("Yes") if p.is_key else "",
                p.session.name,
            ]

    name = _("proposals") + timezone.localdate().strftime("-%Y%m%d") + ".xlsx"
    return xlsx_response(name, headers, rows(), title=_("Proposals"))


@login_required
def mine(request):
    _require(member_id(request.user) is not None)
    page = paginate(request, selectors.member_proposals(request.user))
    return render(
        request,
        "proposals/mine.html",
        {"page": page, "invitations": selectors.pending_invitations(request.user)},
    )


@login_required
def home_member(request):
    """htmx: the member's home box (invitations to co-sign, latest proposals)."""
    _require(has_role(request.user, Role.MEMBER))
    invitations, recent = selectors.home_for_member(request.user)
    return render(
        request,
        "proposals/home/_member_box.html",
        {"invitations": invitations, "recent": recent, "next_url": reverse("home")},
    )


@login_required
def review_queue(request):
    _require(is_staff(request.user))
    returns, extensions = selectors.staff_requests(request.user)
    return render(
        request,
        "proposals/review.html",
        {
            "page": paginate(request, selectors.review_queue(request.user)),
            "returns": returns,
            "extensions": extensions,
            "registered": selectors.proposal_list(request.user, status=S.REGISTERED)[:50],
        },
    )


@login_required
def overdue_list(request):
    _require(has_role(request.user, Role.PROPOSAL_STAFF, Role.LEADER))
    page = paginate(request, selectors.overdue(request.user))
    return render(request, "proposals/overdue.html", {"page": page, "today": timezone.localdate()})


@login_required
def unit_queue(request):
    _require(has_role(request.user, Role.UNIT_LIAISON))
    page = paginate(request, selectors.unit_queue(request.user))
    return render(
        request, "proposals/unit_queue.html", {"page": page, "today": timezone.localdate()}
    )


@login_required
def leader_page(request):
    _require(is_leader(request.user))
    page = paginate(request, selectors.leader_proposals(request.user))
    return render(request, "proposals/leader.html", {"page": page, "today": timezone.localdate()})


@login_required
@require_GET
def similar(request):
    """htmx: up to five similar existing proposals for the title being written."""
    _require(has_role(request.user, Role.MEMBER, Role.PROPOSAL_STAFF))
    form = forms.SimilarForm(request.GET)
    items = []
    if form.is_valid():
        items = selectors.similar_proposals(
            request.user, form.cleaned_data["title"], exclude_pk=form.cleaned_data["exclude"]
        )
    return render(request, "proposals/_similar.html", {"items": items})


# --- writing ----------------------------------------------------------------------------------


def _own_editable(request, pk):
    p = get_object_or_404(selectors.visible_to(request.user), pk=pk)
    if not is_first_proposer(request.user, p):
        raise Http404
    return p


@login_required
def create(request):
    _require(has_role(request.user, Role.MEMBER) and member_id(request.user) is not None)
    form = forms.ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            p = services.create_draft(
                actor=request.user,
                title=d["title"],
                analysis=d["analysis"],
                suggestions=d["suggestions"],
                category=d["category"],
                kind=d["kind"],
                organisation=d["organisation"],
                suggested_units=d["suggested_units"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Draft saved."))
            return redirect("proposals:edit", p.pk)
    return render(request, "proposals/form.html", {"form": form, "proposal": None})


@login_required
def edit(request, pk):
    p = _own_editable(request, pk)
    if not workflow.meta(p).proposer_edits:
        return redirect(p)
    form = forms.ProposalForm(request.POST or None, instance=p)
    if request.method == "POST" and form.is_valid():
        saved = _save_draft(request, p, form)
        if saved is True:
            messages.success(request, _("Draft saved."))
            return redirect(p)
        form.add_error(None, saved)
    p = selectors.proposal_detail(request.user, p.pk)
    return render(request, "proposals/form.html", _detail_context(request, p, form=form))


def _save_draft(request, p, form):
    d = form.cleaned_data
    version = _number(request.POST.get("version", p.version))
    if version is None:
        return str(workflow.STALE_MESSAGE)
    p.version = version
    try:
        services.update_draft(
            actor=request.user,
            proposal=p,
            suggested_units=d["suggested_units"],
            **{k: d[k] for k in services.EDITABLE_FIELDS},
        )
    except (ValidationError, PermissionDenied) as exc:
        return _errors(exc)
    return True


@login_required
@require_POST
def autosave(request, pk):
    """htmx: save the draft as the member types; answers a one-line status."""
    p = _own_editable(request, pk)
    form = forms.ProposalForm(request.POST, instance=p)
    if not form.is_valid():
        msg = "；".join(
            f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()
        )
        return HttpResponse(
            format_html('<span class="text-danger">{}: {}</span>', _("Not saved"), msg)
        )
    result = _save_draft(request, p, form)
    if result is not True:
        return HttpResponse(
            format_html('<span class="text-danger">{}: {}</span>', _("Not saved"), result)
        )
    stamp = timezone.localtime().strftime("%H:%M:%S")
    return HttpResponse(
        format_html(
            '<span class="text-success">{}</span>', _("Saved at %(time)s") % {"time": stamp}
        )
    )


# --- detail and actions ---------------------------------------------------------------------


def available_actions(user, p) -> dict:
    """The actions this user may take on this proposal now, with their assignments."""
    acts: dict = {}
    m = workflow.meta(p)
    first = is_first_proposer(user, p)
    mid = member_id(user) if has_role(user, Role.MEMBER) else None
    if first:
        if m.proposer_edits:
            for a in ("submit", "invite", "uninvite", "attach", "unattach"):
                acts[a] = None
        if workflow.can(p, "withdraw"):
            acts["withdraw"] = None
        if p.status == S.NOT_REGISTERED and not p.conversion_consent_at:
            acts["consent"] = None
    if mid is not None and m.proposer_evaluates:
        round_ = p.rehandling_rounds + 1
        is_proposer = first or any(
            c.member_id == mid and c.state == CoSigner.State.CONFIRMED for c in p.cosigners.all()
        )
        done = any(e.member_id == mid and e.round == round_ for e in p.evaluations.all())
        if is_proposer and not done:
            acts["evaluate"] = None
    if is_staff(user):
        if m.staff_reviews:
            for a in ("register", "return", "not_register", "merge"):
                acts[a] = None
        if p.status == S.NOT_REGISTERED and p.conversion_consent_at and not p.converted_id:
            acts["convert"] = None
        if p.status == S.REGISTERED:
            acts["merge"] = None
            acts["assign"] = None
        if m.registered:
            acts["key"] = None
            acts["excellence"] = None
        pending_returns = [
            r for a in p.assignments.all() for r in a.return_requests.all() if r.state == "pending"
        ]
        pending_ext = [
            r for a in p.assignments.all() for r in a.extensions.all() if r.state == "pending"
        ]
        if pending_returns:
            acts["decide_return"] = pending_returns
        if pending_ext:
            acts["decide_extension"] = pending_ext
    mine = selectors.user_assignments(user, p)
    if mine and m.units_act:
        active = [a for a in mine if a.state == Assignment.State.ACTIVE]
        unsigned = [a for a in active if not a.signed_at]
        if unsigned:
            acts["sign_for"] = unsigned
            late = timezone.localdate()
            returnable = [a for a in unsigned if a.return_due_on >= late]
            if returnable:
                acts["request_return"] = returnable
        signed = [a for a in active if a.signed_at and a.role != Assignment.Role.CO]
        if signed:
            acts["communicate"] = signed
            if p.status in {S.HANDLING, S.REHANDLING}:
                round_ = p.rehandling_rounds + 1
                replied_units = {r.unit_id for r in p.replies.all() if r.round == round_}
                pending = [a for a in signed if a.unit_id not in replied_units]
                if pending:
                    acts["reply"] = pending
            if p.status in {S.ASSIGNED, S.HANDLING}:
                acts["extension"] = signed
        co = [a for a in active if a.role == Assignment.Role.CO and not a.views_at]
        if co:
            acts["views"] = co
    if mine:
        rated = {q.unit_id for q in p.quality_ratings.all()}
        replied_units = {r.unit_id for r in p.replies.all()}
        ratable = [
            a for a in mine if a.unit_id not in rated and (a.unit_id in replied_units or a.views_at)
        ]
        if ratable:
            acts["rate"] = ratable
    if is_leader(user):
        if p.is_key and any(u.pk == user.pk for u in p.supervising_leaders.all()):
            acts["supervise"] = None
        if m.registered:
            acts["instruct"] = None
    return acts


ACTIONS = {
    # name: (form class, handler(request, proposal, cleaned) -> message)
    "submit": (
        forms.EmptyForm,
        lambda r, p, d: (services.submit(actor=r.user, proposal=p), _("Proposal submitted."))[1],
    ),
    "withdraw": (
        forms.CommentForm,
        lambda r, p, d: (
            services.withdraw(actor=r.user, proposal=p, comment=d["comment"]),
            _("Proposal withdrawn."),
        )[1],
    ),
    "invite": (
        forms.InviteForm,
        lambda r, p, d: (
            services.invite_cosigner(actor=r.user, proposal=p, member=d["member"]),
            _("Invitation sent."),
        )[1],
    ),
    "uninvite": (
        forms.CosignerForm,
        lambda r, p, d: (
            services.remove_cosigner(
                actor=r.user, cosigner=get_object_or_404(CoSigner, pk=d["cosigner"], proposal=p)
            ),
            _("Co-signer removed."),
        )[1],
    ),
    "attach": (
        forms.AttachForm,
        lambda r, p, d: (
            services.add_attachment(actor=r.user, proposal=p, file=d["file"]),
            _("Attachment added."),
        )[1],
    ),
    "unattach": (
        forms.AttachmentIdForm,
        lambda r, p, d: (
            services.remove_attachment(
                actor=r.user,
                attachment=get_object_or_404(Attachment, pk=d["attachment"], proposal=p),
            ),
            _("Attachment removed."),
        )[1],
    ),
    "consent": (
        forms.EmptyForm,
        lambda r, p, d: (
            services.consent_to_conversion(actor=r.user, proposal=p),
            _("Your consent has been recorded."),
        )[1],
    ),
    "evaluate": (
        forms.EvaluateForm,
        lambda r, p, d: (
            services.evaluate(actor=r.user, proposal=p, **d),
            _("Thank you for your evaluation."),
        )[1],
    ),
    "register": (
        forms.RegisterForm,
        lambda r, p, d: (
            services.register(actor=r.user, proposal=p, category=d["category"]),
            _("Registered."),
        )[1],
    ),
    "return": (
        forms.ReasonForm,
        lambda r, p, d: (
            services.return_for_revision(actor=r.user, proposal=p, comment=d["comment"]),
            _("Returned to the proposer."),
        )[1],
    ),
    "not_register": (
        forms.NotRegisterForm,
        lambda r, p, d: (
            services.not_register(
                actor=r.user, proposal=p, ground=d["ground"], comment=d["comment"]
            ),
            _("Marked as not registered."),
        )[1],
    ),
    "merge": (
        forms.MergeForm,
        lambda r, p, d: (services.merge(actor=r.user, proposal=p, into=d["into"]), _("Merged."))[1],
    ),
    "assign": (
        forms.AssignForm,
        lambda r, p, d: (
            services.assign(
                actor=r.user,
                proposal=p,
                lead=d["lead"],
                co_units=d["co_units"],
                split_units=d["split_units"],
            ),
            _("Assigned."),
        )[1],
    ),
    "decide_return": (
        forms.DecisionForm,
        lambda r, p, d: (
            services.decide_return(
                actor=r.user,
                request=get_object_or_404(ReturnRequest, pk=d["request"], assignment__proposal=p),
                approve=d["approve"],
                note=d["note"],
            ),
            _("Decision recorded."),
        )[1],
    ),
    "decide_extension": (
        forms.DecisionForm,
        lambda r, p, d: (
            services.decide_extension(
                actor=r.user,
                request=get_object_or_404(
                    ExtensionRequest, pk=d["request"], assignment__proposal=p
                ),
                approve=d["approve"],
            ),
            _("Decision recorded."),
        )[1],
    ),
    "key": (
        forms.KeyForm,
        lambda r, p, d: (
            services.set_key(actor=r.user, proposal=p, is_key=d["is_key"], leaders=d["leaders"]),
            _("Saved."),
        )[1],
    ),
    "excellence": (
        forms.ExcellenceForm,
        lambda r, p, d: (
            services.set_excellence(actor=r.user, proposal=p, excellence=d["excellence"]),
            _("Saved."),
        )[1],
    ),
    "sign_for": (
        forms.AssignmentForm,
        lambda r, p, d: (
            services.sign_for(actor=r.user, assignment=d["assignment"]),
            _("Signed for."),
        )[1],
    ),
    "request_return": (
        forms.ReturnRequestForm,
        lambda r, p, d: (
            services.request_return(actor=r.user, assignment=d["assignment"], reason=d["reason"]),
            _("Your request has been sent to proposal staff."),
        )[1],
    ),
    "communicate": (
        forms.CommunicationForm,
        lambda r, p, d: (
            services.record_communication(
                actor=r.user,
                assignment=d["assignment"],
                method=d["method"],
                occurred_on=d["occurred_on"],
                summary=d["summary"],
            ),
            _("Contact recorded."),
        )[1],
    ),
    "views": (
        forms.ViewsForm,
        lambda r, p, d: (
            services.send_views(actor=r.user, assignment=d["assignment"], views=d["views"]),
            _("Views sent to the lead unit."),
        )[1],
    ),
    "reply": (
        forms.ReplyForm,
        lambda r, p, d: (
            services.reply(
                actor=r.user,
                assignment=d["assignment"],
                result=d["result"],
                text=d["text"],
                signer=d["signer"],
                document=d["document"],
                is_public=d["is_public"],
            ),
            _("Reply sent."),
        )[1],
    ),
    "rate": (
        forms.RateForm,
        lambda r, p, d: (
            services.rate_quality(
                actor=r.user,
                assignment=d["assignment"],
                topic=d["topic"],
                analysis=d["analysis"],
                feasibility=d["feasibility"],
                comment=d["comment"],
            ),
            _("Rating saved."),
        )[1],
    ),
    "extension": (
        forms.ExtensionForm,
        lambda r, p, d: (
            services.request_extension(
                actor=r.user, assignment=d["assignment"], until=d["until"], reason=d["reason"]
            ),
            _("Your request has been sent to proposal staff."),
        )[1],
    ),
    "supervise": (
        forms.SupervisionForm,
        lambda r, p, d: (
            services.record_supervision(
                actor=r.user,
                proposal=p,
                kind=d["kind"],
                occurred_on=d["occurred_on"],
                note=d["note"],
            ),
            _("Supervision recorded."),
        )[1],
    ),
    "instruct": (
        forms.InstructionForm,
        lambda r, p, d: (
            services.record_instruction(actor=r.user, proposal=p, text=d["text"]),
            _("Instruction recorded."),
        )[1],
    ),
}


def _make_form(name, p, user, acts, data=None, files=None):
    form_class = ACTIONS[name][0]
    kwargs = {"proposal": p, "user": user, "prefix": name}
    if issubclass(form_class, forms.AssignmentForm):
        kwargs["assignments"] = acts.get(name) or ()
    return form_class(data, files, **kwargs)


def _detail_context(request, p, form=None, bound=None):
    acts = available_actions(request.user, p)
    action_forms = {
        name: (
            bound
            if bound is not None and bound.prefix == name
            else _make_form(name, p, request.user, acts)
        )
        for name in acts
        if name in ACTIONS
    }
    context = {
        "p": p,
        "proposal": p,
        "acts": acts,
        "af": action_forms,
        "meta": workflow.meta(p),
        "config": ProposalSettings.get(),
        "is_first": is_first_proposer(request.user, p),
        "can_see_deadlines": is_staff(request.user) or is_leader(request.user),
        "today": timezone.localdate(),
    }
    if form is not None:
        context["form"] = form
    if "merge" in acts:
        context["merge_candidates"] = selectors.merge_candidates(p)
    if context["can_see_deadlines"]:
        context["deadlines"] = list(deadlines_for(p))
    context.update(_instruction_request_context(request.user, p))
    return context


def _get_visible(request, pk):
    try:
        return selectors.proposal_detail(request.user, pk)
    except Proposal.DoesNotExist:
        raise Http404


@login_required
def detail(request, pk):
    p = _get_visible(request, pk)
    return render(request, "proposals/detail.html", _detail_context(request, p))


@login_required
@require_POST
def act(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    p = _get_visible(request, pk)
    acts = available_actions(request.user, p)
    if action not in acts:
        raise PermissionDenied
    form = _make_form(action, p, request.user, acts, request.POST, request.FILES)
    if form.is_valid():
        try:
            version = _number(request.POST.get("version"))
            if version is not None:
                p.version = version
            message = ACTIONS[action][1](request, p, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, message)
            return redirect(p)
    else:
        messages.error(request, _("Please correct the errors below."))
    p = _get_visible(request, pk)
    return render(
        request, "proposals/detail.html", _detail_context(request, p, bound=form), status=400
    )


@login_required
@require_POST
def cosign(request, pk, answer):
    cosigner = get_object_or_404(CoSigner, pk=pk, member_id=member_id(request.user))
    try:
        services.respond_cosign(actor=request.user, cosigner=cosigner, accept=answer == "confirm")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("You confirmed co-signing.") if answer == "confirm" else _("You declined.")
        )
    return redirect(local_url(request, request.POST.get("next", "")) or reverse("proposals:mine"))


def _back(request):
    """Back to the list the staff member came from (same host only)."""
    return local_url(request, request.META.get("HTTP_REFERER", "")) or reverse("proposals:list")


# --- bulk -------------------------------------------------------------------------------------


@login_required
def bulk(request):
    _require(is_staff(request.user))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(_back(request))
    d = form.cleaned_data
    proposals = list(d["ids"].order_by("submitted_at", "id"))
    if d["action"] == "register":
        results = services.bulk_register(actor=request.user, proposals=proposals)
    else:
        results = services.bulk_assign(
            actor=request.user, proposals=proposals, lead=d["lead"], co_units=d["co_units"]
        )
    done = sum(1 for _p, ok, _m in results if ok)
    messages.success(request, _("%(n)d proposals done.") % {"n": done})
    for p, ok, msg in results:
        if not ok:
            messages.error(request, f"{p.number_display or p.title}: {msg}")
    return redirect(_back(request))


# --- files and documents --------------------------------------------------------------------


@login_required
def attachment(request, pk):
    att = get_object_or_404(Attachment, pk=pk)
    if not selectors.visible_to(request.user).filter(pk=att.proposal_id).exists():
        raise Http404
    return file_response(att.file, filename=att.name)


@login_required
def reply_document(request, pk):
    r = get_object_or_404(Reply, pk=pk)
    if not selectors.visible_to(request.user).filter(pk=r.proposal_id).exists():
        raise Http404
    return file_response(r.document, filename=r.document_name or None)


@login_required
def word(request, pk):
    from .documents import DOCX_TYPE, proposal_docx

    p = _get_visible(request, pk)
    name = f"{p.number_display or p.title[:20]}.docx"
    return attachment_response(proposal_docx(p), name, DOCX_TYPE)


@login_required
def compilation(request):
    _require(is_staff(request.user) or is_leader(request.user))
    form = forms.CompilationForm(request.POST or None)
    if request.method == "POST":
        _require(is_staff(request.user))
        if form.is_valid():
            from .documents import start_compilation

            job = start_compilation(actor=request.user, session=form.cleaned_data["session"])
            return redirect(f"{reverse('proposals:compilation')}?job={job.pk}")
    jobs = CompilationJob.objects.select_related("session")[:10]
    job = None
    job_id = _number(request.GET.get("job"))
    if job_id is not None:
        job = CompilationJob.objects.filter(pk=job_id).first()
    return render(request, "proposals/compilation.html", {"form": form, "jobs": jobs, "job": job})


@login_required
def compilation_status(request, pk):
    _require(is_staff(request.user) or is_leader(request.user))
    job = get_object_or_404(CompilationJob, pk=pk)
    return render(request, "proposals/_compilation_status.html", {"job": job})


@login_required
def compilation_download(request, pk):
    _require(is_staff(request.user) or is_leader(request.user))
    job = get_object_or_404(CompilationJob, pk=pk, state=CompilationJob.State.DONE)
    return file_response(job.file, filename=f"{job.session.name}提案汇编.docx")


# --- instruction requests (呈请领导批示) -------------------------------------------------------


def _instruction_request_context(user, p) -> dict:
    """Staff: every request on the proposal and the form to ask a leader; a leader: the open
    request addressed to them; anyone else: nothing."""
    staff = is_staff(user)
    context = {
        "instruction_requests": selectors.proposal_instruction_requests(user, p),
        "instruction_staff": staff,
    }
    if staff and p.status in workflow.REGISTERED_STATES:
        context["ask_form"] = forms.AskInstructionForm(proposal=p, user=user, prefix="ask")
    return context


@login_required
@require_POST
def instruction_request_ask(request, pk):
    _require(is_staff(request.user))
    p = _get_visible(request, pk)
    form = forms.AskInstructionForm(request.POST, proposal=p, user=request.user, prefix="ask")
    if form.is_valid():
        try:
            services.ask_for_instruction(
                actor=request.user,
                proposal=p,
                leader=form.cleaned_data["leader"],
                note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("The leader has been asked for an instruction."))
            return redirect(f"{p.get_absolute_url()}#instruction-requests")
    messages.error(request, _("Please correct the errors below."))
    context = _detail_context(request, p)
    context["ask_form"] = form
    return render(request, "proposals/detail.html", context, status=400)


@login_required
@require_POST
def instruction_request_withdraw(request, pk):
    _require(is_staff(request.user))
    req = get_object_or_404(InstructionRequest, pk=pk)
    try:
        services.withdraw_instruction_request(actor=request.user, request=req)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("The request for an instruction was withdrawn."))
    return redirect(reverse("proposals:detail", args=[req.proposal_id]) + "#instruction-requests")


@login_required
def instruction_requests(request):
    """The leader's list of instructions asked of them (open ones by default)."""
    _require(is_leader(request.user))
    state = request.GET.get("state")
    if state not in selectors.INSTRUCTION_REQUEST_STATES:
        state = "open"
    page = paginate(request, selectors.instruction_requests_for_leader(request.user, state=state))
    return render(
        request,
        "proposals/instruction_requests.html",
        {
            "page": page,
            "state": state,
            "states": [
                ("open", _("Awaiting my instruction")),
                ("answered", _("Answered")),
                ("withdrawn", _("Withdrawn")),
                ("all", _("All")),
            ],
        },
    )
