import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.core.forms import (
    PlausibleDateTimeField,
    PortalForm,
    PortalModelForm,
    ValidatedFileField,
    ValidatedImageField,
)
from members.models import Member
from stations.models import Station

from .models import Article, Category, Notice
from .sanitize import as_html
from .workflow import ArticleState


def _editor_words():
    """What the editor's buttons and messages say (translated with the page)."""
    return {
        "heading": _("Paragraph style"),
        "normal": _("Body text"),
        "h2": _("Heading"),
        "h3": _("Subheading"),
        "bold": _("Bold"),
        "italic": _("Italic"),
        "underline": _("Underline"),
        "ordered": _("Numbered list"),
        "bullet": _("Bulleted list"),
        "blockquote": _("Quotation"),
        "link": _("Link"),
        "image": _("Insert a picture"),
        "clean": _("Clear formatting"),
        "uploading": _("Uploading the picture…"),
        "uploadFailed": _("The picture could not be uploaded; try again."),
        "saveFirst": _("Save the draft first; then pictures can be uploaded into the body."),
        "linkPrompt": _("Link address:"),
        "linkEdit": _("Edit"),
        "linkRemove": _("Remove"),
        "linkSave": _("Save"),
        "linkVisit": _("Open:"),
    }


class RichTextEditor(forms.Textarea):
    """A textarea that static/vendor/quill/editor.js turns into a rich-text editor (Quill);
    without scripts it stays a textarea and plain text keeps its paragraphs (sanitize.as_html).
    `upload_url`: where the editor's picture button uploads to (None: no picture button)."""

    def __init__(self, *args, upload_url=None, pictures=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_url = upload_url
        self.pictures = pictures

    def format_value(self, value):
        return as_html(super().format_value(value) or "")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-rich-editor"] = ""
        widget_attrs["data-editor-words"] = json.dumps(
            {k: str(v) for k, v in _editor_words().items()}, ensure_ascii=False
        )
        if self.pictures:
            widget_attrs["data-upload-url"] = self.upload_url or ""
        return context


class _FilterStyle:
    """Bootstrap classes on every filter field, so the shared filter bar lays out on a phone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


class ArticleFilterForm(_FilterStyle, PortalForm):
    q = forms.CharField(label=_("Search titles"), required=False, max_length=50)
    category = forms.ModelChoiceField(
        label=pgettext_lazy("news", "Category"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("All"),
    )

    def filters(self):
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "category": data["category"].pk if data["category"] else None,
        }


class ArticleManageFilterForm(ArticleFilterForm):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), *ArticleState.choices],
    )

    def filters(self):
        result = super().filters()
        if result:
            result["state"] = self.cleaned_data["state"] or None
        return result


class ArticleForm(PortalModelForm):
    cover_upload = ValidatedImageField(
        label=_("Cover image"), required=False, max_bytes=5 * 1024 * 1024
    )
    cover_clear = forms.BooleanField(label=_("Remove the cover image"), required=False)

    class Meta:
        model = Article
        fields = ["title", "summary", "category", "visibility", "byline", "body"]
        widgets = {"body": RichTextEditor(attrs={"rows": 18, "class": "news-body-input"})}
        help_texts = {
            "body": _(
                "Paragraphs, headings, lists, links and pictures (the picture button uploads "
                "one). Enter starts a new paragraph. Scripts, styles and outside "
                "embeds are removed."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["body"].widget.upload_url = reverse(
                "news:image_upload", args=[self.instance.pk]
            )


class PublishForm(PortalForm):
    publish_at = PlausibleDateTimeField(
        label=_("Publish at (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class ImageUploadForm(PortalForm):
    image = ValidatedImageField(label=_("Picture"), max_bytes=5 * 1024 * 1024)


class NoticeFilterForm(_FilterStyle, PortalForm):
    q = forms.CharField(label=_("Search titles"), required=False, max_length=50)
    pending = forms.BooleanField(label=_("Only those waiting for me"), required=False)

    def filters(self):
        if not self.is_valid():
            return {}
        return {"q": self.cleaned_data["q"].strip(), "pending": self.cleaned_data["pending"]}


class NoticeManageFilterForm(_FilterStyle, PortalForm):
    q = forms.CharField(label=_("Search titles"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Notice.Status.choices]
    )

    def filters(self):
        if not self.is_valid():
            return {}
        return {"q": self.cleaned_data["q"].strip(), "status": self.cleaned_data["status"] or None}


class NoticeForm(PortalModelForm):
    chosen = forms.CharField(
        label=_("Chosen members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Member numbers or names, separated by commas or new lines."),
    )
    attachment_upload = ValidatedFileField(label=_("Attachment"), required=False)
    attachment_clear = forms.BooleanField(label=_("Remove the attachment"), required=False)

    class Meta:
        model = Notice
        fields = [
            "title",
            "body",
            "audience",
            "sector",
            "committee",
            "station",
            "reply_by",
            "receipt_label",
        ]
        widgets = {
            "body": RichTextEditor(attrs={"rows": 8}, pictures=False),
            "reply_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = Station.objects.filter(is_active=True).order_by(
            "kind__order", "order", "id"
        )
        if self.instance.pk and not self.is_bound:
            self.initial["chosen"] = ", ".join(
                m.number for m in self.instance.chosen_members.order_by("number")
            )

    def clean_chosen(self):
        tokens = [t for t in re.split(r"[\s,，、;；]+", self.cleaned_data["chosen"]) if t]
        if not tokens:
            return []
        found = list(
            Member.objects.filter(
                Q(number__in=tokens) | Q(name__in=tokens), status=Member.Status.SITTING
            ).only("pk", "number", "name")
        )
        by_number = {m.number: m for m in found}
        by_name: dict[str, list] = {}
        for m in found:
            by_name.setdefault(m.name, []).append(m)
        chosen, unknown, ambiguous = {}, [], []
        for token in tokens:
            if token in by_number:
                chosen[by_number[token].pk] = by_number[token]
            elif len(by_name.get(token, ())) == 1:
                chosen[by_name[token][0].pk] = by_name[token][0]
            elif by_name.get(token):
                ambiguous.append(token)
            else:
                unknown.append(token)
        errors = []
        if unknown:
            errors.append(_("Not found: %(names)s.") % {"names": "、".join(unknown)})
        if ambiguous:
            errors.append(
                _("Several members have this name; use the member number: %(names)s.")
                % {"names": "、".join(ambiguous)}
            )
        if errors:
            raise ValidationError(errors)
        return list(chosen.values())

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == Notice.Audience.CHOSEN and not data.get("chosen"):
            self.add_error("chosen", _("Choose at least one member."))
        if audience == Notice.Audience.SECTOR and not data.get("sector"):
            self.add_error("sector", _("Choose the sector."))
        if audience == Notice.Audience.COMMITTEE and not data.get("committee"):
            self.add_error("committee", _("Choose the special committee."))
        if audience == Notice.Audience.STATION and not data.get("station"):
            self.add_error("station", _("Choose the liaison station."))
        if audience != Notice.Audience.SECTOR:
            data["sector"] = None
            self.instance.sector = None
        if audience != Notice.Audience.COMMITTEE:
            data["committee"] = None
            self.instance.committee = None
        if audience != Notice.Audience.STATION:
            data["station"] = None
            self.instance.station = None
        return data
