"""`make bench` extra: the reminder scan over 3,000 open deadlines per demo scale
(3,000 at scale 1, 30,000 at scale 10)."""

from benchmarks import reminder_scan


def run(scale: int) -> list[dict]:
    return [reminder_scan.run(3000 * scale)]
