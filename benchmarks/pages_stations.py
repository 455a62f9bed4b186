"""Pages of the liaison stations: a station page for a leader and for liaison staff, the
station list, the opinions list of the demo station manager, and the public directory."""


def _station_id(name="杨村街委员联络站"):
    from stations.models import Station

    return Station.objects.filter(name=name).values_list("pk", flat=True).first()


def pages():
    pk = _station_id()
    return [
        {"name": "station page (leader)", "username": "leader", "path": f"/stations/{pk}/"},
        {
            "name": "station page (liaison staff)",
            "username": "liaison_staff",
            "path": f"/stations/{pk}/",
        },
        {"name": "station list", "username": "liaison_staff", "path": "/stations/"},
        {
            "name": "residents' opinions to handle",
            "username": "station_manager",
            "path": "/stations/opinions/",
        },
        {
            "name": "unassigned members",
            "username": "liaison_staff",
            "path": "/stations/unassigned/",
        },
        {"name": "public station directory", "username": None, "path": "/stations/public/"},
        {"name": "public station page", "username": None, "path": f"/stations/public/{pk}/"},
    ]
