"""factory-boy factories for the foundation's models; apps add theirs beside their tests."""

from datetime import date

import factory
from django.contrib.auth.models import Group, User

from members.models import (
    CommitteeMembership,
    HandlingUnit,
    Member,
    MemberPost,
    Post,
    Sector,
    Session,
    SpecialCommittee,
    Street,
    Term,
)

PASSWORD = "test-Pass-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get_or_create(name=role)[0])
        if create:
            self.save()


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("number",)

    number = 2
    name = "第二届"
    start_date = date(2022, 1, 1)
    end_date = date(2026, 12, 31)
    is_current = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        django_get_or_create = ("term", "number")

    term = factory.SubFactory(TermFactory)
    number = 5
    name = "二届五次会议"
    year = 2026
    start_date = date(2026, 1, 8)
    end_date = date(2026, 1, 12)
    proposal_window_start = date(2025, 12, 9)
    proposal_window_end = date(2026, 1, 11)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("name",)

    name = factory.Iterator(["经济界", "教育界", "医药卫生界", "科技界", "民盟"])


class SpecialCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialCommittee
        django_get_or_create = ("name",)

    name = factory.Iterator(["提案委员会", "经济委员会", "科技教育委员会"])


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street
        django_get_or_create = ("name",)

    name = factory.Iterator(["杨村街", "下朱庄街", "河西务镇"])


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    number = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"委员{n}")
    gender = "M"
    affiliation = Member.Affiliation.NON_PARTY
    sector = factory.SubFactory(SectorFactory)
    street = factory.SubFactory(StreetFactory)
    work_unit = "区人民医院"
    phone = "13812345678"
    id_number = "12022219800101123X"


class CommitteeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMembership

    member = factory.SubFactory(MemberFactory)
    committee = factory.SubFactory(SpecialCommitteeFactory)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        django_get_or_create = ("code",)

    code = "standing_member"
    name = "常委"


class MemberPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberPost

    member = factory.SubFactory(MemberFactory)
    post = factory.SubFactory(PostFactory)
    term = factory.SubFactory(TermFactory)


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"区第{n}局")
