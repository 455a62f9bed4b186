"""Permission matrix declarations for the import pages (core.imports): each sheet to its staff
(proposals and units: proposal staff; reports: information staff; consultations: consultation
staff) and administrators; a job only to whoever started it (and administrators)."""

from cppcc_portal.core.models import ImportJob
from tests.matrix.registry import Case

IMPORTERS = {"proposal_staff", "superuser"}

REPORTS = {"opinion_staff", "superuser"}

CONSULTATIONS = {"consultation_staff", "superuser"}

EXPECT = {"imports:index": IMPORTERS | REPORTS | CONSULTATIONS}


def _sheets(users):
    cases = [Case({"sheet": s}, IMPORTERS, s) for s in ("proposals", "units")]
    return [
        *cases,
        Case({"sheet": "reports"}, REPORTS, "reports"),
        Case({"sheet": "consultations"}, CONSULTATIONS, "consultations"),
    ]


def _job(users, **extra):
    return ImportJob.objects.create(
        sheet="proposals",
        file_name="往届提案.xlsx",
        state=ImportJob.State.DONE,
        counts={"create": 1, "update": 0, "same": 0, "refuse": 0},
        rows=[{"row": 2, "outcome": "create", "label": "第0001号", "errors": []}],
        created_by=users["proposal_staff"],
        **extra,
    )


def _jobs(users):
    return [Case({"pk": _job(users).pk}, IMPORTERS, "a preview")]


def _progress(users):
    return [Case({"pk": _job(users).pk}, IMPORTERS, "a finished job", ok={204})]


def _confirm(users):
    return [Case({"pk": _job(users).pk}, IMPORTERS, "no mode chosen", method="post", ok={302})]


PROVIDERS = {
    "imports:template": _sheets,
    "imports:export": _sheets,
    "imports:upload": _sheets,
    "imports:job": _jobs,
    "imports:report": _jobs,
    "imports:progress": _progress,
    "imports:confirm": _confirm,
}
