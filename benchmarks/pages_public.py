"""The public pages of disclosed proposals (no login): the list (plain, searched, filtered
by unit), one proposal with its reply, the yearly figures. Target: the list under 50 ms at
scale 10 (issue 19). The pages are read through the disclosure-stamped cache, as a visitor
would read them; benchmarks/extra_public.py times the same reads uncached."""


def _ids():
    from proposals.models import Assignment
    from proposals.public.selectors import disclosed

    pk = disclosed().filter(replies__status="released").values_list("pk", flat=True).first()
    unit = (
        Assignment.objects.filter(proposal__in=disclosed(), role="lead")
        .values_list("unit_id", flat=True)
        .first()
    )
    return pk, unit


def pages():
    pk, unit = _ids()
    return [
        {"name": "public proposal list", "username": None, "path": "/public/proposals/"},
        {
            "name": "public proposal list, searched",
            "username": None,
            "path": "/public/proposals/?q=%E5%85%BB%E8%80%81",  # 养老
        },
        {
            "name": "public proposal list, by unit, page 2",
            "username": None,
            "path": f"/public/proposals/?unit={unit}&page=2",
        },
        {"name": "public proposal page", "username": None, "path": f"/public/proposals/{pk}/"},
        {"name": "public yearly figures", "username": None, "path": "/public/figures/"},
    ]
