"""The trend chart spans the term's session years (up to the chosen year, or the last with
proposals); a year without proposals is drawn as 0, not left out. The table keeps the
selector's rows (tests/dashboard/test_figures.py)."""

from types import SimpleNamespace

from dashboard.figures import _trend_chart


def _row(year, submitted, registered=0, closed=0):
    return {
        "session__year": year,
        "submitted": submitted,
        "registered": registered,
        "closed": closed,
    }


def _series(chart):  # submitted, registered, closed (their names are translated)
    submitted, registered, closed = (s["data"] for s in chart["series"])
    return {"Submitted": submitted, "Registered": registered, "Closed": closed}


def test_years_without_proposals_are_zero_up_to_the_chosen_year():
    sc = SimpleNamespace(years=[2022, 2023, 2024, 2025, 2026], year=2025)
    chart = _trend_chart(sc, [_row(2023, 40, 35, 30), _row(2025, 12, 10, 2)])
    assert chart["years"] == ["2022", "2023", "2024", "2025"]
    series = _series(chart)
    assert series["Submitted"] == [0, 40, 0, 12]
    assert series["Registered"] == [0, 35, 0, 10]
    assert series["Closed"] == [0, 30, 0, 2]


def test_a_later_year_with_proposals_is_kept():
    sc = SimpleNamespace(years=[2022, 2023, 2024], year=2022)
    chart = _trend_chart(sc, [_row(2024, 5)])
    assert chart["years"] == ["2022", "2023", "2024"]
    assert _series(chart)["Submitted"] == [0, 0, 5]


def test_no_proposals_at_all():
    sc = SimpleNamespace(years=[2025, 2026], year=2025)
    assert _series(_trend_chart(sc, []))["Submitted"] == [0]
