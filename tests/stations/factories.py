import factory
from django.utils import timezone

from stations.models import Activity, Assignment, Opinion, Station, StationKind
from tests.factories import MemberFactory, StreetFactory


def home_kind():
    return StationKind.objects.get(code="street_station")


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试街{n}委员联络站")
    kind = factory.LazyFunction(home_kind)
    street = factory.SubFactory(StreetFactory)
    address = "测试路1号"
    opening_hours = "周一至周五"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    station = factory.SubFactory(StationFactory)
    member = factory.SubFactory(MemberFactory)
    station_kind = factory.LazyAttribute(lambda o: o.station.kind)
    since = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=1))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    station = factory.SubFactory(StationFactory)
    kind = "forum"
    date = factory.LazyFunction(timezone.localdate)
    title = factory.Sequence(lambda n: f"活动{n}")


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opinion

    station = factory.SubFactory(StationFactory)
    source = Opinion.Source.STATION
    category = Opinion.Category.URBAN
    content = "小区路灯坏了很久没人修。"
    resident_contact = "13700001111"
    receipt_code = factory.Sequence(lambda n: f"TST{n:07d}")
    received_at = factory.LazyFunction(timezone.now)
