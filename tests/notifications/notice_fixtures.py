"""A 2027 notice table as staff would paste it (hypothetical days; the real notice is not out)."""

from datetime import date, timedelta


def _span(first: date, last: date, mark: str, note: str):
    day = first
    while day <= last:
        yield f"{day.isoformat()}\t{mark}\t{note}"
        day += timedelta(days=1)


TABLE_2027 = "\n".join(
    [
        "日期\t休/班\t备注",
        *_span(date(2027, 1, 1), date(2027, 1, 3), "休", "元旦"),
        *_span(date(2027, 2, 5), date(2027, 2, 12), "休", "春节"),
        "2027-02-20\t班\t春节调休",
        *_span(date(2027, 10, 1), date(2027, 10, 7), "休", "国庆节、中秋节"),
        "2027/9/26\t班\t国庆节调休",
        "10月9日 班 国庆节调休",
    ]
)
ROWS_2027 = 3 + 8 + 1 + 7 + 2
