"""Thin views: reading (public and members), and the staff's writing and tracking pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.core.files import file_response
from cppcc_portal.core.pagination import paginate

from . import selectors, services, workflow
from .forms import (
    ArticleFilterForm,
    ArticleForm,
    ArticleManageFilterForm,
    ImageUploadForm,
    NoticeFilterForm,
    NoticeForm,
    NoticeManageFilterForm,
    PublishForm,
)
from .models import Article, ArticleImage, Notice


def _require_manager(user):
    if not selectors.can_manage(user):
        raise PermissionDenied


def _require_overseer(user):
    if not selectors.can_oversee(user):
        raise PermissionDenied


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _article_or_404(user, pk):
    try:
        return selectors.article_detail(user, pk)
    except Article.DoesNotExist:
        raise Http404


def _notice_or_404(user, pk, **kwargs):
    try:
        return selectors.notice_detail(user, pk, **kwargs)
    except Notice.DoesNotExist:
        raise Http404


# --- Reading articles (no login needed for public ones) ---------------------------------


def article_list(request):
    form = ArticleFilterForm(request.GET or None)
    page = paginate(request, selectors.article_list(request.user, **form.filters()), per_page=12)
    return render(
        request,
        "news/article_list.html",
        {"form": form, "page": page, "can_manage": selectors.can_manage(request.user)},
    )


def article_detail(request, pk):
    article = _article_or_404(request.user, pk)
    state_meta = workflow.article_meta(article)
    if state_meta.readers_see:
        services.mark_article_read(user=request.user, article=article)
    return render(
        request,
        "news/article_detail.html",
        {
            "article": article,
            "state_meta": state_meta,
            "can_manage": selectors.can_manage(request.user),
        },
    )


def article_cover(request, pk):
    article = _article_or_404(request.user, pk)
    return file_response(article.cover, inline=True)


def article_image(request, pk):
    try:
        image = selectors.image_for(request.user, pk)
    except ArticleImage.DoesNotExist:
        raise Http404
    return file_response(image.image, inline=True)


# --- Writing articles (staff) ----------------------------------------------------------


@login_required
def article_manage(request):
    _require_manager(request.user)
    form = ArticleManageFilterForm(request.GET or None)
    qs = selectors.article_manage_list(request.user, **form.filters())
    return render(
        request,
        "news/article_manage.html",
        {"form": form, "page": paginate(request, qs)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request, pk=None):
    _require_manager(request.user)
    article = _article_or_404(request.user, pk) if pk else None
    form = ArticleForm(request.POST or None, request.FILES or None, instance=article)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.save_article(
                actor=request.user,
                article=article,
                data=form.cleaned_data,
                cover=form.cleaned_data.get("cover_upload"),
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The article was saved."))
            return redirect("news:article_edit", article.pk)
    context = {"form": form, "article": article}
    if article is not None:
        context.update(
            images=list(article.images.all()),
            image_form=ImageUploadForm(),
            publish_form=PublishForm(),
            state_meta=workflow.article_meta(article),
        )
    return render(request, "news/article_form.html", context)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def article_image_upload(request, pk):
    """The picture button of the editor (JSON: the picture's address, or the error in words)
    and the upload form beside it (without scripts) both post here."""
    _require_manager(request.user)
    article = _article_or_404(request.user, pk)
    form = ImageUploadForm(request.POST, request.FILES)
    if form.is_valid():
        image = services.add_article_image(
            actor=request.user, article=article, upload=form.cleaned_data["image"]
        )
        if _wants_json(request):
            return JsonResponse({"id": image.pk, "url": image.get_absolute_url()})
        messages.success(request, _("Picture uploaded; put it in the body with its Insert button."))
    else:
        errors = [str(e) for e in form.errors.get("image", [])] or [_("Choose a picture.")]
        if _wants_json(request):
            return JsonResponse({"error": " ".join(errors)}, status=400)
        for error in errors:
            messages.error(request, error)
    return redirect("news:article_edit", article.pk)


@login_required
@require_POST
def article_publish(request, pk):
    _require_manager(request.user)
    article = _article_or_404(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid publish time."))
        return redirect("news:article_edit", article.pk)
    try:
        article = services.publish_article(
            actor=request.user, article=article, at=form.cleaned_data["publish_at"]
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        if workflow.article_meta(article).scheduled:
            messages.success(request, _("The article is scheduled."))
        else:
            messages.success(request, _("The article is published."))
    return redirect("news:article_edit", article.pk)


@login_required
@require_POST
def article_unpublish(request, pk):
    _require_manager(request.user)
    article = _article_or_404(request.user, pk)
    try:
        services.unpublish_article(actor=request.user, article=article)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The article is back to draft."))
    return redirect("news:article_edit", article.pk)


# --- Reading notices (addressees, leaders, staff) -----------------------------------------


@login_required
def notice_list(request):
    form = NoticeFilterForm(request.GET or None)
    page = paginate(request, selectors.notice_list(request.user, **form.filters()))
    return render(
        request,
        "news/notice_list.html",
        {"form": form, "page": page, "can_oversee": selectors.can_oversee(request.user)},
    )


@login_required
def notice_detail(request, pk):
    notice = _notice_or_404(request.user, pk)
    services.mark_notice_read(user=request.user, notice=notice)
    return render(
        request,
        "news/notice_detail.html",
        {
            "notice": notice,
            "receipt": selectors.my_receipt(request.user, notice),
            "can_oversee": selectors.can_oversee(request.user),
        },
    )


@login_required
@require_POST
def notice_confirm(request, pk):
    notice = _notice_or_404(request.user, pk)
    try:
        services.confirm_notice(user=request.user, notice=notice)
    except ValidationError as exc:
        _errors(request, exc)
    except PermissionDenied:
        raise Http404
    else:
        messages.success(request, _("Thank you; your reply is recorded."))
    return redirect("news:notice", notice.pk)


@login_required
def notice_attachment(request, pk):
    notice = _notice_or_404(request.user, pk, include_drafts=True)
    if not selectors.may_download_attachment(request.user, notice):
        raise Http404
    return file_response(notice.attachment, filename=notice.attachment_name or None)


# --- Managing notices (staff; leaders may look) ------------------------------------------


@login_required
def notice_manage(request):
    _require_overseer(request.user)
    form = NoticeManageFilterForm(request.GET or None)
    qs = selectors.notice_manage_list(request.user, **form.filters())
    return render(
        request,
        "news/notice_manage.html",
        {
            "form": form,
            "page": paginate(request, qs),
            "can_manage": selectors.can_manage(request.user),
        },
    )


@login_required
def notice_track(request, pk):
    _require_overseer(request.user)
    notice = _notice_or_404(request.user, pk, include_drafts=True)
    show = request.GET.get("show") or None
    rows, counts = selectors.notice_tracking(notice, show=show)
    return render(
        request,
        "news/notice_track.html",
        {
            "notice": notice,
            "page": paginate(request, rows, per_page=50),
            "counts": counts,
            "show": show,
            "state_meta": workflow.notice_meta(notice),
            "can_manage": selectors.can_manage(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_edit(request, pk=None):
    _require_manager(request.user)
    notice = _notice_or_404(request.user, pk, include_drafts=True) if pk else None
    if notice is not None and not workflow.notice_meta(notice).editable:
        messages.error(request, _("A published notice can no longer be changed."))
        return redirect("news:notice_track", notice.pk)
    form = NoticeForm(request.POST or None, request.FILES or None, instance=notice)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.save_notice(
                actor=request.user,
                notice=notice,
                data=form.cleaned_data,
                attachment=form.cleaned_data.get("attachment_upload"),
                chosen=form.cleaned_data["chosen"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                _errors(request, exc)
        else:
            messages.success(request, _("The notice was saved as a draft."))
            return redirect("news:notice_track", notice.pk)
    return render(request, "news/notice_form.html", {"form": form, "notice": notice})


@login_required
@require_POST
def notice_publish(request, pk):
    _require_manager(request.user)
    notice = _notice_or_404(request.user, pk, include_drafts=True)
    try:
        notice = services.publish_notice(actor=request.user, notice=notice)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The notice is published and its recipients are notified."))
    return redirect("news:notice_track", notice.pk)


@login_required
@require_POST
def notice_remind(request, pk):
    _require_manager(request.user)
    notice = _notice_or_404(request.user, pk, include_drafts=True)
    try:
        n = services.remind_notice(actor=request.user, notice=notice)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Reminder sent to %(n)d members.") % {"n": n})
    return redirect("news:notice_track", notice.pk)
