"""The downloadable files: a sheet's template (Chinese headers and an example row), its
records in the same shape (the round trip), and a job's report of every row."""

from django.utils import translation
from django.utils.translation import gettext as _

from ..exports import workbook_bytes

OUTCOMES = {
    "create": lambda: _("to create"),
    "update": lambda: _("to update"),
    "same": lambda: _("unchanged"),
    "refuse": lambda: _("refused"),
}


def outcome_label(code: str) -> str:
    return OUTCOMES[code]() if code in OUTCOMES else code


def template_bytes(spec) -> bytes:
    with translation.override("zh-hans"):
        return workbook_bytes([(spec.title, spec.headers(), [spec.example_row()])])


def export_bytes(spec, **filters) -> bytes:
    rows = ([r.get(c.key, "") for c in spec.columns] for r in spec.export_rows(**filters))
    with translation.override("zh-hans"):
        return workbook_bytes([(spec.title, spec.headers(), rows)])


def report_rows(job):
    for message in job.errors:
        yield ["", _("refused"), job.file_name, "", message]
    for r in job.rows:
        if r["errors"]:
            for column, reason in r["errors"]:
                yield [r["row"], outcome_label(r["outcome"]), r["label"], column, reason]
        else:
            yield [r["row"], outcome_label(r["outcome"]), r["label"], "", ""]


def report_bytes(job) -> bytes:
    headers = [_("Row"), _("Import outcome"), _("Record"), _("Column"), _("Reason")]
    return workbook_bytes([(_("Import report"), headers, report_rows(job))])
