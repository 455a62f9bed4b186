"""The station kinds every district starts with [L] (editable in the admin afterwards)."""

KINDS = [
    ("street_station", "镇街联络站", True),
    ("community_point", "社区联络点", False),
    ("activity_station", "委员活动站", False),
    ("sector_studio", "界别协商工作室", False),
]


def ensure_station_kinds(sender=None, using="default", **kwargs):
    from .models import StationKind

    if sender is not None and sender.label != "stations":
        return
    if StationKind.objects.using(using).exists():
        return
    for order, (code, name, is_home) in enumerate(KINDS):
        StationKind.objects.using(using).get_or_create(
            code=code, defaults={"name": name, "is_home": is_home, "order": order}
        )
