"""Permission matrix declarations for the liaison stations."""

from cppcc_portal.accounts.roles import Role
from stations.services import plan_visit_round
from tests.factories import MemberFactory
from tests.matrix.registry import STAFF, Case

from .factories import ActivityFactory, OpinionFactory, StationFactory

READERS = STAFF | {"leader"}
PAGES = READERS | {"station_manager"}
ACTORS = {"liaison_staff", "superuser", "station_manager"}

EXPECT = {
    "stations:list": PAGES,
    "stations:opinion_list": PAGES,
    "stations:unassigned": {"liaison_staff", "superuser"},
    "stations:assign_by_street": {"liaison_staff", "superuser"},  # POST only: 405 to a GET
}


def _stations(users):
    """The manager's own station, and another one they must not even learn exists."""
    own = StationFactory(name="矩阵自己的站", instructor=users[Role.STATION_MANAGER])
    other = StationFactory(name="矩阵别人的站", head=MemberFactory(name="别站站长"))
    return own, other


def _station_cases(readers, actors=None):
    def provider(users):
        own, other = _stations(users)
        admitted = actors if actors is not None else readers
        return [
            Case({"pk": own.pk}, admitted, "own station"),
            Case({"pk": other.pk}, admitted - {"station_manager"}, "another station"),
        ]

    return provider


def _activity(users):
    own, other = _stations(users)
    return [
        Case({"pk": ActivityFactory(station=own).pk}, PAGES, "own station's activity"),
        Case({"pk": ActivityFactory(station=other).pk}, READERS, "another station's activity"),
    ]


def _photo(users):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from stations.services import add_activity_photos

    own, other = _stations(users)
    cases = []
    for station, admitted in ((own, PAGES), (other, READERS)):
        buffer = io.BytesIO()
        Image.new("RGB", (20, 20)).save(buffer, format="PNG")
        photo = add_activity_photos(
            actor=users["liaison_staff"],
            activity=ActivityFactory(station=station),
            files=[SimpleUploadedFile("m.png", buffer.getvalue())],
        )[0]
        cases.append(Case({"pk": photo.pk}, admitted, station.name))
    return cases


def _round(users):
    own, other = _stations(users)
    return [
        Case(
            {
                "pk": plan_visit_round(
                    actor=users["liaison_staff"], station=s, year=2026, quarter=1
                ).pk
            },
            admitted,
            s.name,
        )
        for s, admitted in ((own, PAGES), (other, READERS))
    ]


def _opinion(users):
    own, other = _stations(users)
    return [
        Case({"pk": OpinionFactory(station=own).pk}, PAGES, "own station's opinion"),
        Case({"pk": OpinionFactory(station=other).pk}, READERS, "another station's opinion"),
    ]


def _opinion_action(users):
    own, other = _stations(users)
    return [
        Case(
            {"pk": OpinionFactory(station=own).pk, "action": "start"},
            ACTORS,
            "start handling, own station",
            method="post",
            ok={302, 400},  # the first admitted role starts it; later ones find it started
        ),
        Case(
            {"pk": OpinionFactory(station=other).pk, "action": "start"},
            ACTORS - {"station_manager"},
            "start handling, another station",
            method="post",
            ok={302, 400},
        ),
    ]


def _round_create(users):
    own, other = _stations(users)
    return [
        Case({"pk": own.pk}, ACTORS, "own station", method="post", ok={302}),
        Case({"pk": other.pk}, ACTORS - {"station_manager"}, "another", method="post", ok={302}),
    ]


PROVIDERS = {
    "stations:detail": _station_cases(PAGES),
    "stations:export": _station_cases(PAGES),
    "stations:report": _station_cases(PAGES),
    "stations:poster": _station_cases(PAGES),
    "stations:activity_create": _station_cases(PAGES, ACTORS),
    "stations:opinion_create": _station_cases(PAGES, ACTORS),
    "stations:round_create": _round_create,
    "stations:activity_detail": _activity,
    "stations:photo": _photo,
    "stations:round_detail": _round,
    "stations:opinion_detail": _opinion,
    "stations:opinion_action": _opinion_action,
}
