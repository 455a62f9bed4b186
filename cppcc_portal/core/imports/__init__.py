"""The one import pipeline for past records (issue 18): each part declares its sheets in
`<app>/imports.py` (`SHEETS = [SheetSpec subclass instances]`), this package reads, checks,
previews and writes them.

Why openpyxl behind a small pipeline of our own, not django-import-export: a row here is not
one model row — a proposal row makes a proposal, its co-signers, assignments, reply,
evaluation, timeline and duty records, through the part's own service — and proposers must be
matched (number, or name + sector) with ambiguous ones listed, not guessed. django-import-export
maps a row onto one model's fields and reads the whole file through tablib into memory;
openpyxl's read-only mode streams the rows, so memory stays flat for a 5,000-row sheet, and
the checks the portal needs (merged cells, formula cells, extra sheets, the upload sniffing of
core.uploads) are a few lines each.

- cells.py     the converters of a cell (text, whole number, date, choice, list), errors in Chinese
- reader.py    opens a workbook and refuses what cannot be read row by row
- spec.py      Column and SheetSpec, what a part declares
- pipeline.py  preview (dry run) and write: per-row outcome, idempotent by natural key,
               all-or-nothing or good-rows-only, progress, audit
- report.py    the template and the downloadable report
"""
