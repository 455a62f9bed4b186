"""Permission matrix declarations for social-opinion reports."""

from tests.matrix.registry import Case

from .factories import DraftFactory, ReportFactory

READ_ALL = {"opinion_staff", "leader", "superuser"}


def _report_detail(users):
    own_draft = DraftFactory(member=users["member"].member)
    others = ReportFactory()
    return [
        Case({"pk": own_draft.pk}, READ_ALL | {"member"}, "the member's own draft"),
        Case({"pk": others.pk}, READ_ALL, "another member's submitted report"),
    ]


PROVIDERS = {"opinions:detail": _report_detail}
