"""Hostile input into every form of the stations app, the residents' public pages included:
a form error or a refusal, never a 500, never markup echoed unescaped, nothing stored in a
wrong state (see tests/badinput.py).

Opinion steps get the opinion put back in its state after each request (`after=`), so every
hostile value reaches the form and the service, not only the "no longer possible" refusal."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cppcc_portal.accounts.roles import Role
from stations.models import Activity, ActivityPhoto, Assignment, Opinion, VisitRound
from stations.workflow import OpinionState
from tests.badinput import (
    SCRIPT,
    assert_safe,
    assert_survives_bad_input,
    follow_redirect,
    pages_are_safe,
    then,
)
from tests.factories import HandlingUnitFactory, MemberFactory

from .factories import ActivityFactory, OpinionFactory

pytestmark = pytest.mark.django_db
FEW = 10
PUBLIC_LIMITS = {"opinion": (100_000, 3600), "lookup": (100_000, 600)}


@pytest.fixture
def liaison(client_for, role_users):
    return client_for(role_users[Role.LIAISON_STAFF])


@pytest.fixture
def manager(client_for, role_users):
    """The station's instructor: acts on it, and may make both conversions."""
    return client_for(role_users[Role.STATION_MANAGER])


@pytest.fixture
def activity(station):
    return ActivityFactory(station=station, title=SCRIPT)


@pytest.fixture
def opinion(station):
    return OpinionFactory(station=station, content=SCRIPT, resident_name=SCRIPT)


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


# --- filter forms (GET) -------------------------------------------------------------------


def test_station_filter_form(liaison, station, activity, opinion):
    assert_survives_bad_input(
        liaison, reverse("stations:list"), ["kind", "street", "page"], method="get"
    )


def test_station_pages_with_hostile_years(liaison, station):
    for name in ("stations:detail", "stations:export", "stations:report"):
        assert_survives_bad_input(
            liaison, reverse(name, args=[station.pk]), ["year"], method="get", max_examples=5
        )


@pytest.mark.parametrize("role", [Role.LIAISON_STAFF, Role.STATION_MANAGER])
def test_opinion_filter_form(client_for, role_users, station, opinion, role):
    assert_survives_bad_input(
        client_for(role_users[role]),
        reverse("stations:opinion_list"),
        ["state", "station", "category", "q", "page"],
        method="get",
        max_examples=15,
    )


def test_unassigned_filter_form(liaison, station):
    MemberFactory(name=SCRIPT)
    assert_survives_bad_input(
        liaison, reverse("stations:unassigned"), ["street", "sector", "page"], method="get"
    )


# --- activities -----------------------------------------------------------------------------


def test_activity_form(manager, station):
    url = reverse("stations:activity_create", args=[station.pk])
    fields = [
        "kind",
        "date",
        "title",
        "summary",
        "participants",
        "residents_reached",
        "services_given",
        "donation_amount",
        "visit_round",
    ]
    assert_survives_bad_input(manager, url, fields, file_fields=["photos"], max_examples=FEW)
    assert not Activity.objects.exists()
    member = station.assignments.first().member
    assert_survives_bad_input(
        manager,
        url,
        ["title", "summary", "residents_reached", "donation_amount", "date"],
        extra={
            "kind": Activity.Kind.values[0],
            "date": "2026-03-01",
            "participants": [member.pk],
            "residents_reached": 5,
            "services_given": 0,
            "donation_amount": "0",
        },
        file_fields=["photos"],
        max_examples=15,
        after=follow_redirect(manager),
    )
    for activity in Activity.objects.all():
        assert activity.residents_reached >= 0 and activity.donation_amount >= 0
        assert activity.date <= timezone.localdate().replace(year=timezone.localdate().year + 2)
    assert Activity.objects.filter(title=SCRIPT).exists() or not Activity.objects.exists()
    for photo in ActivityPhoto.objects.all():
        assert photo.image.name.rsplit(".", 1)[-1].lower() in {"jpg", "jpeg", "png"}
    pages_are_safe(
        manager,
        reverse("stations:detail", args=[station.pk]),
        *[reverse("stations:activity_detail", args=[a.pk]) for a in Activity.objects.all()[:10]],
    )


def test_activity_with_a_valid_photo_and_hostile_text_is_stored_and_shown_escaped(manager, station):
    response = manager.post(
        reverse("stations:activity_create", args=[station.pk]),
        {
            "kind": Activity.Kind.values[0],
            "date": "2026-03-01",
            "title": SCRIPT,
            "summary": '"><img src=x onerror=alert(1)>',
            "residents_reached": 0,
            "services_given": 0,
            "donation_amount": "0",
            "photos": SimpleUploadedFile(SCRIPT + ".png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title=SCRIPT)
    pages_are_safe(
        manager,
        response["Location"],
        reverse("stations:detail", args=[station.pk]),
        reverse("stations:export", args=[station.pk]),
        reverse("stations:report", args=[station.pk]),
    )
    photo = activity.photos.get()
    assert "<" not in photo.image.name
    assert_safe(manager.get(reverse("stations:photo", args=[photo.pk])))


def test_photo_form(manager, activity):
    url = reverse("stations:activity_detail", args=[activity.pk])
    assert_survives_bad_input(manager, url, [], file_fields=["photo"], max_examples=15)
    assert_survives_bad_input(manager, url, ["photo"], max_examples=5)  # text, not a file
    for photo in activity.photos.all():
        assert photo.image.name.rsplit(".", 1)[-1].lower() in {"jpg", "jpeg", "png"}


def test_visit_round_form(manager, station):
    url = reverse("stations:round_create", args=[station.pk])
    assert_survives_bad_input(
        manager, url, ["year", "quarter", "theme"], max_examples=FEW, after=follow_redirect(manager)
    )
    assert_survives_bad_input(
        manager,
        url,
        ["theme"],
        extra={"year": 2030, "quarter": 2},
        max_examples=FEW,
        after=follow_redirect(manager),
    )
    assert all(2000 <= r.year <= 2100 and 1 <= r.quarter <= 4 for r in VisitRound.objects.all())
    for visit_round in VisitRound.objects.all():
        pages_are_safe(manager, reverse("stations:round_detail", args=[visit_round.pk]))


# --- residents' opinions --------------------------------------------------------------------


def test_opinion_record_form(manager, station, activity):
    url = reverse("stations:opinion_create", args=[station.pk])
    fields = ["category", "content", "resident_name", "resident_contact", "activity"]
    assert_survives_bad_input(manager, url, fields, max_examples=FEW)
    assert_survives_bad_input(
        manager,
        url,
        ["content", "resident_name", "resident_contact"],
        extra={"category": Opinion.Category.values[0], "activity": activity.pk},
        max_examples=FEW,
        after=follow_redirect(manager),
    )
    assert Opinion.objects.filter(content=SCRIPT).exists()
    for opinion in Opinion.objects.all():
        assert 5 <= len(opinion.content) <= 2000 and "\x00" not in opinion.content
        assert len(opinion.resident_name) <= 40 and len(opinion.resident_contact) <= 40
    pages_are_safe(manager, reverse("stations:opinion_list"))


def test_public_opinion_form(client, station, settings):
    settings.RATE_LIMITS = PUBLIC_LIMITS
    url = reverse("stations:public_station", args=[station.pk])
    fields = ["category", "content", "resident_name", "resident_contact", "website"]
    assert_survives_bad_input(client, url, fields, max_examples=FEW)
    assert_survives_bad_input(
        client,
        url,
        ["content", "resident_contact"],
        extra={"category": Opinion.Category.values[0], "resident_name": "李居民"},
        max_examples=15,
    )
    opinions = Opinion.objects.filter(station=station)
    assert opinions.filter(content=SCRIPT).exists()
    for opinion in opinions:
        assert opinion.source == Opinion.Source.PUBLIC and opinion.state == OpinionState.RECEIVED
        assert 5 <= len(opinion.content) <= 1000 and len(opinion.resident_name) <= 20
        assert len(opinion.resident_contact) <= 30
    # the honeypot: whatever else is sent, nothing is stored
    before = opinions.count()
    assert_survives_bad_input(
        client,
        url,
        ["website"],
        extra={"category": Opinion.Category.values[0], "content": "路灯坏了很久了"},
        max_examples=5,
    )
    stored = opinions.count() - before
    assert stored <= 1  # only the empty "" website value is a real submission


def test_an_opinion_heard_at_an_activity_is_linked_to_it(manager, station, activity):
    """The activity field's queryset was sliced, so every choice was refused as invalid."""
    other = ActivityFactory()
    url = reverse("stations:opinion_create", args=[station.pk])
    data = {"category": Opinion.Category.values[0], "content": "活动中听到的意见"}
    response = manager.post(url, {**data, "activity": activity.pk})
    assert response.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.activity == activity and opinion.source == Opinion.Source.ACTIVITY
    response = manager.post(url, {**data, "activity": other.pk})
    assert response.status_code == 200 and response.context["form"].errors["activity"]
    assert Opinion.objects.count() == 1


def test_hostile_public_opinions_are_shown_escaped_to_staff(
    client, client_for, role_users, station
):
    url = reverse("stations:public_station", args=[station.pk])
    response = client.post(
        url, {"category": "other", "content": SCRIPT, "resident_name": "<img src=x>"}
    )
    assert response.status_code == 200
    assert_safe(response)
    code = response.context["code"]
    opinion = Opinion.objects.get(receipt_code=code)
    staff = client_for(role_users[Role.LIAISON_STAFF])
    pages_are_safe(
        staff,
        reverse("stations:opinion_list"),
        reverse("stations:opinion_detail", args=[opinion.pk]),
    )
    manager = client_for(role_users[Role.STATION_MANAGER])  # notified of the new opinion
    pages_are_safe(manager, reverse("notifications:list"), reverse("home"))
    client.logout()
    pages_are_safe(client, reverse("stations:public_lookup") + f"?code={code}")


def test_public_opinion_throttle_answers_429_whatever_is_posted(client, station, settings):
    settings.RATE_LIMITS = {"opinion": (3, 3600), "lookup": (3, 600)}
    url = reverse("stations:public_station", args=[station.pk])
    codes = []

    def record(response):
        codes.append(response.status_code)

    assert_survives_bad_input(
        client, url, ["category", "content", "website"], max_examples=5, after=record
    )
    assert set(codes[3:]) == {429}
    assert Opinion.objects.count() <= 3
    lookups = []
    assert_survives_bad_input(
        client,
        reverse("stations:public_lookup"),
        ["code"],
        method="get",
        max_examples=5,
        after=lambda r: lookups.append(r.status_code),
    )
    assert 429 in lookups and set(lookups) <= {200, 429}


def test_receipt_lookup_form(client, station, settings):
    settings.RATE_LIMITS = PUBLIC_LIMITS
    OpinionFactory(station=station, content=SCRIPT, result=SCRIPT, receipt_code="ABCDEFGHJK")
    assert_survives_bad_input(
        client, reverse("stations:public_lookup"), ["code"], method="get", max_examples=15
    )
    response = client.get(reverse("stations:public_lookup"), {"code": " abcdefghjk "})
    assert response.context["opinion"] is not None
    assert_safe(response)


# --- opinion steps ----------------------------------------------------------------------------


def _reset(opinion, state, **fields):
    def after(response):
        Opinion.objects.filter(pk=opinion.pk).update(state=state, **fields)

    return after


@pytest.mark.parametrize(
    "action,state,fields",
    [
        ("start", OpinionState.RECEIVED, ["note"]),
        ("resolve", OpinionState.RECEIVED, ["result"]),
        ("close", OpinionState.RESOLVED, ["result"]),
        ("answer", OpinionState.REFERRED, ["answer"]),
    ],
)
def test_opinion_text_steps(manager, opinion, action, state, fields):
    Opinion.objects.filter(pk=opinion.pk).update(state=state)
    url = reverse("stations:opinion_action", args=[opinion.pk, action])
    reset = _reset(opinion, state, result="", handling_note="", department_answer="")
    assert_survives_bad_input(
        manager,
        url,
        [f"{action}-{f}" for f in fields],
        max_examples=FEW,
        after=then(follow_redirect(manager), reset),
    )
    response = manager.post(url, {f"{action}-{f}": SCRIPT for f in fields})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert SCRIPT in (opinion.result, opinion.handling_note, opinion.department_answer)
    pages_are_safe(manager, reverse("stations:opinion_detail", args=[opinion.pk]))


def test_refer_form(manager, opinion):
    unit = HandlingUnitFactory()
    url = reverse("stations:opinion_action", args=[opinion.pk, "refer"])
    reset = _reset(opinion, OpinionState.RECEIVED, department=None, referral_due_on=None)
    fields = ["refer-department", "refer-due_on", "refer-note"]
    assert_survives_bad_input(
        manager, url, fields, max_examples=FEW, after=then(follow_redirect(manager), reset)
    )
    assert_survives_bad_input(
        manager,
        url,
        ["refer-due_on", "refer-note"],
        extra={"refer-department": unit.pk},
        max_examples=FEW,
        after=then(follow_redirect(manager), reset),
    )
    # a referral that went through has a deadline that is not in the past
    response = manager.post(url, {"refer-department": unit.pk, "refer-note": SCRIPT})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.referral_due_on >= timezone.localdate()
    pages_are_safe(manager, reverse("stations:opinion_detail", args=[opinion.pk]))


@pytest.mark.parametrize(
    "action,texts",
    [
        ("convert_report", ["title", "content"]),
        ("convert_proposal", ["title", "analysis", "suggestions"]),
    ],
)
def test_conversion_forms(manager, station, opinion, action, texts):
    member = station.assignments.first().member
    outsider = MemberFactory()
    url = reverse("stations:opinion_action", args=[opinion.pk, action])
    reset = _reset(opinion, OpinionState.RECEIVED, taken_up_by=None)
    assert_survives_bad_input(
        manager,
        url,
        [f"{action}-{f}" for f in ["member", *texts]],
        max_examples=FEW,
        after=then(follow_redirect(manager), reset),
    )
    assert_survives_bad_input(
        manager,
        url,
        [f"{action}-{f}" for f in texts],
        extra={f"{action}-member": member.pk},
        max_examples=FEW,
        after=then(follow_redirect(manager), reset),
    )
    response = manager.post(
        url,
        {f"{action}-member": outsider.pk, **{f"{action}-{f}": "正文内容" for f in texts}},
    )
    assert response.status_code == 400
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.RECEIVED and opinion.taken_up_by_id in (None, member.pk)
    pages_are_safe(manager, reverse("stations:opinion_detail", args=[opinion.pk]))


# --- assignment -----------------------------------------------------------------------------


def test_bulk_assign_form(liaison, station):
    newcomer = MemberFactory(name=SCRIPT)
    before = set(Assignment.objects.values_list("pk", flat=True))
    url = reverse("stations:unassigned")
    assert_survives_bad_input(
        liaison,
        url,
        ["station", "members", "since"],
        max_examples=FEW,
        after=follow_redirect(liaison),
    )
    assert set(Assignment.objects.values_list("pk", flat=True)) == before
    assert_survives_bad_input(
        liaison,
        url,
        ["since"],
        extra={"station": station.pk, "members": [newcomer.pk]},
        max_examples=FEW,
        after=then(follow_redirect(liaison), lambda r: newcomer.station_assignments.all().delete()),
    )
    pages_are_safe(liaison, url)


@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31"])
def test_an_assignment_from_the_ends_of_the_calendar_is_refused(liaison, station, since):
    """Such a date was stored as the start of the member's assignment."""
    newcomer = MemberFactory(name="新委员")
    response = liaison.post(
        reverse("stations:unassigned"),
        {"station": station.pk, "members": [newcomer.pk], "since": since},
        follow=True,
    )
    assert response.status_code == 200
    assert "请输入2000年至2100年之间的日期" in response.content.decode()
    assert not newcomer.station_assignments.exists()


def test_a_referral_due_in_9999_is_refused(manager, opinion):
    response = manager.post(
        reverse("stations:opinion_action", args=[opinion.pk, "refer"]),
        {"refer-department": HandlingUnitFactory().pk, "refer-due_on": "9999-12-31"},
    )
    assert response.status_code == 400
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.RECEIVED and opinion.referral_due_on is None
