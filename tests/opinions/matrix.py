"""Permission matrix declarations for social-opinion reports."""

from django.core.files.base import ContentFile

from opinions import services
from opinions.models import ReportAttachment
from tests.matrix.registry import Case

from .factories import DraftFactory, EditedFactory, ReportFactory

READ_ALL = {"opinion_staff", "leader", "superuser"}
STAFF = {"opinion_staff", "superuser"}
DONE = {302}  # a POST answers with a redirect (and a message) when admitted
INVALID = {400}  # an action posted without its form: the page again, errors by the fields

EXPECT = {
    "opinions:list": READ_ALL | {"member"},
    "opinions:create": {"member"},
    "opinions:desk": STAFF,
    "opinions:merge": STAFF,
    "opinions:enter": STAFF,  # 代录入 of a paper report
    "opinions:issues": READ_ALL,
}


def _report_detail(users):
    own_draft = DraftFactory(member=users["member"].member)
    others = ReportFactory()
    return [
        Case({"pk": own_draft.pk}, READ_ALL | {"member"}, "the member's own draft"),
        Case({"pk": others.pk}, READ_ALL, "another member's submitted report"),
        Case({"pk": _adopted(users).pk}, READ_ALL, "another member's adopted report"),
    ]


def _adopted(users):
    return services.adopt_report(
        actor=users["opinion_staff"], report=EditedFactory(), signed_off_by="张"
    )


def _with_attachment(users):
    draft = DraftFactory(member=users["member"].member)
    item = ReportAttachment(report=draft, name="附件.pdf")
    item.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return draft, item


def _own_draft(method, ok):
    def provide(users):
        draft = DraftFactory(member=users["member"].member)
        other = DraftFactory()
        return [
            Case({"pk": draft.pk}, {"member"}, "own draft", method, ok),
            Case({"pk": other.pk}, set(), "another member's draft", method, ok),
        ]

    return provide


def _attachment(users):
    draft, item = _with_attachment(users)
    return [
        Case({"pk": draft.pk, "attachment_id": item.pk}, READ_ALL | {"member"}, "own draft file")
    ]


def _attachment_delete(users):
    draft, item = _with_attachment(users)
    kwargs = {"pk": draft.pk, "attachment_id": item.pk}
    return [Case(kwargs, {"member"}, "own draft file", "post", DONE)]


def _queued(method, ok):
    def provide(users):
        return [Case({"pk": ReportFactory().pk}, STAFF, "a submitted report", method, ok)]

    return provide


def _act(users):
    """The action table (opinions.actions), each action posted without its form."""
    draft = DraftFactory(member=users["member"].member)
    other = DraftFactory()
    queued, edited, adopted = ReportFactory(), EditedFactory(), _adopted(users)
    return [
        Case({"pk": draft.pk, "action": "submit"}, {"member"}, "own draft", "post", DONE),
        Case({"pk": other.pk, "action": "submit"}, set(), "another member's draft", "post", DONE),
        Case({"pk": queued.pk, "action": "archive"}, STAFF, "a submitted report", "post", INVALID),
        # the first admitted post takes it onto the desk; the roles posting after it
        # (superuser, sorted later) find it being edited already: no longer offered (403)
        Case(
            {"pk": ReportFactory().pk, "action": "start_editing"},
            {"opinion_staff"},
            "a submitted report, started once",
            "post",
            DONE,
        ),
        *[
            Case({"pk": edited.pk, "action": a}, STAFF, "an edited report", "post", INVALID)
            for a in ("adopt", "archive")
        ],
        *[
            Case({"pk": adopted.pk, "action": a}, STAFF, "an adopted report", "post", INVALID)
            for a in ("forward", "use", "instruction")
        ],
    ]


def _issue(users):
    return [Case({"pk": _adopted(users).issue_id}, READ_ALL, "an issue")]


def _issue_document(users):
    issue_id = _adopted(users).issue_id
    return [Case({"pk": issue_id, "fmt": f}, READ_ALL, "an issue") for f in ("docx", "pdf")]


def _year(users):
    return [Case({"year": _adopted(users).issue.year}, READ_ALL, "a year")]


def _thread_cases(post):
    method = "post" if post else "get"

    def provide(users):
        own = ReportFactory(member=users["member"].member)
        others = ReportFactory()
        return [
            Case({"pk": own.pk}, (STAFF if post else READ_ALL) | {"member"}, "own", method),
            Case({"pk": others.pk}, STAFF if post else READ_ALL, "another's", method),
        ]

    return provide


def _thread_message(users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cppcc_portal.notifications.threads.services import post_message

    own = ReportFactory(member=users["member"].member)
    upload = SimpleUploadedFile("图.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    return post_message(actor=users["member"], target=own, body="矩阵留言", files=[upload])


def _thread_edit(users):
    return [Case({"pk": _thread_message(users).pk}, {"member"}, "own message, just written")]


def _thread_file(users):
    att = _thread_message(users).attachments.get()
    return [Case({"pk": att.pk}, READ_ALL | {"member"}, "a file in the thread")]


PROVIDERS = {
    "opinions:thread": _thread_cases(post=False),
    "opinions:thread_post": _thread_cases(post=True),
    "opinions:thread_edit": _thread_edit,
    "opinions:thread_file": _thread_file,
    "opinions:detail": _report_detail,
    "opinions:edit": _own_draft("get", {200}),
    "opinions:delete": _own_draft("post", DONE),
    "opinions:attachment": _attachment,
    "opinions:attachment_delete": _attachment_delete,
    "opinions:review": _queued("get", {200}),
    "opinions:act": _act,
    "opinions:issue": _issue,
    "opinions:issue_docx": _issue,
    "opinions:issue_document": _issue_document,
    "opinions:year_xlsx": _year,
}
