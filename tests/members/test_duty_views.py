"""Every duty and study view × every role: who may (200/302) and who may not (403/404)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from members import services
from members.models import ArchiveJob, DutyKind, DutyRecord, Nomination, PointRule
from tests.factories import (
    CommitteeMembershipFactory,
    MemberFactory,
    MemberPostFactory,
)

from .factories import add_record

pytestmark = pytest.mark.django_db

STAFF = {
    Role.PROPOSAL_STAFF,
    Role.OPINION_STAFF,
    Role.CONSULTATION_STAFF,
    Role.LIAISON_STAFF,
    "superuser",
}
VIEWERS = STAFF | {Role.LEADER}
STUDY = VIEWERS | {Role.MEMBER}
ALL = [*Role.values, "none", "superuser"]


@pytest.fixture
def other(term):
    member = MemberFactory(name="李另一位")
    add_record(member, DutyKind.SPEECH)
    return member


@pytest.fixture
def study(role_users):
    staff = role_users[Role.LIAISON_STAFF]
    material = services.publish_material(actor=staff, title="政协章程", body="第一条……")
    training = services.create_training(
        actor=staff, title="履职培训", held_on=timezone.localdate() - timedelta(days=1)
    )
    reflection = services.submit_reflection(
        actor=role_users[Role.MEMBER],
        title="我的心得",
        body="学习政协章程的体会和收获很多，要把学习成果转化为履职能力。",
    )
    return {"material": material, "training": training, "reflection": reflection}


def expect(role, allowed, ok=200, denied=403):
    return ok if role in allowed else denied


@pytest.mark.parametrize("role", ALL)
def test_my_duty(client_for, role_users, role):
    response = client_for(role_users[role]).get(reverse("members:my_duty"))
    if role == Role.MEMBER:
        assert response.status_code == 200
        assert "王委员" in response.content.decode()
    elif role in VIEWERS:
        assert response.status_code == 302  # no member record of their own: to the ranking
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize("name", ["member_duty", "archive_docx", "archive_pdf"])
def test_member_duty_and_archives_of_another(client_for, role_users, role, other, name):
    response = client_for(role_users[role]).get(reverse(f"members:{name}", args=[other.pk]))
    denied = 404 if role == Role.MEMBER else 403  # a member cannot learn others exist
    assert response.status_code == expect(role, VIEWERS, denied=denied)


@pytest.mark.parametrize("name", ["member_duty", "archive_docx", "archive_pdf"])
def test_member_sees_own_duty_and_archive(client_for, member_user, name):
    member = member_user.member
    response = client_for(member_user).get(reverse(f"members:{name}", args=[member.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ALL)
def test_manual_duty(client_for, role_users, role, other):
    client = client_for(role_users[role])
    url = reverse("members:manual_duty", args=[other.pk])
    assert client.get(url).status_code == expect(role, STAFF)
    response = client.post(
        url,
        {
            "kind": DutyKind.HONOUR,
            "occurred_on": "2026-03-01",
            "title": "获评优秀委员",
            "points": "5",
            "reason": "区政协表彰",
        },
    )
    assert response.status_code == expect(role, STAFF, ok=302)
    assert DutyRecord.objects.filter(kind=DutyKind.HONOUR).exists() == (role in STAFF)


@pytest.mark.parametrize("role", ALL)
def test_void_record(client_for, role_users, role, other):
    record = DutyRecord.objects.get(member=other)
    response = client_for(role_users[role]).post(
        reverse("members:void_record", args=[record.pk]), {"reason": "重复"}
    )
    assert response.status_code == expect(role, STAFF, ok=302)
    record.refresh_from_db()
    assert (record.voided_at is not None) == (role in STAFF)


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize(
    "name",
    [
        "duty_ranking",
        "duty_inactive",
        "duty_five_ones",
        "duty_nominations",
        "duty_recompute",
        "duty_ranking_export",
    ],
)
def test_leader_and_staff_views(client_for, role_users, role, name, other):
    response = client_for(role_users[role]).get(reverse(f"members:{name}"))
    assert response.status_code == expect(role, VIEWERS)
    if name == "duty_ranking" and response.status_code == 200:
        assert "李另一位" in response.content.decode()


@pytest.mark.parametrize("role", ALL)
def test_nominate_and_withdraw(client_for, role_users, role, other):
    client = client_for(role_users[role])
    response = client.post(reverse("members:duty_nominate"), {"member": other.pk, "year": 2026})
    assert response.status_code == expect(role, STAFF, ok=302)
    assert Nomination.objects.exists() == (role in STAFF)
    nomination = Nomination.objects.create(
        member=MemberFactory(), year=2026, points=Decimal(1), nominated_by=role_users["superuser"]
    )
    response = client.post(reverse("members:duty_nomination_withdraw", args=[nomination.pk]))
    assert response.status_code == expect(role, STAFF, ok=302)


@pytest.mark.parametrize("role", ALL)
def test_recompute_post(client_for, role_users, role, monkeypatch):
    from members import tasks

    monkeypatch.setattr(tasks.recompute_points, "delay", lambda pk: None)
    response = client_for(role_users[role]).post(reverse("members:duty_recompute"), {"year": 2026})
    assert response.status_code == expect(role, STAFF, ok=302, denied=403)


@pytest.mark.parametrize("role", ALL)
def test_sector_archives(client_for, role_users, role, other, monkeypatch, media):
    from members import tasks

    monkeypatch.setattr(tasks.build_sector_archive, "delay", lambda pk: None)
    client = client_for(role_users[role])
    assert client.get(reverse("members:duty_archives")).status_code == expect(role, STAFF)
    response = client.post(
        reverse("members:duty_archives"), {"sector": other.sector_id, "year": 2026}
    )
    assert response.status_code == expect(role, STAFF, ok=302)
    job = ArchiveJob.objects.create(
        sector=other.sector, year=2026, requested_by=role_users["superuser"]
    )
    progress = client.get(reverse("members:duty_archive_progress", args=[job.pk]))
    # only the one who asked for a job sees it
    assert progress.status_code == (200 if role == "superuser" else 404 if role in STAFF else 403)
    download = client.get(reverse("members:duty_archive_download", args=[job.pk]))
    assert download.status_code == (404 if role in STAFF else 403)  # not built yet


def test_archive_progress_polls_then_offers_download(client_for, staff, other, media):
    from members.tasks import build_sector_archive

    job = ArchiveJob.objects.create(sector=other.sector, year=2026, requested_by=staff)
    client = client_for(staff)
    html = client.get(reverse("members:duty_archive_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" in html
    build_sector_archive(job.pk)
    html = client.get(reverse("members:duty_archive_progress", args=[job.pk])).content.decode()
    assert (
        "hx-trigger" not in html and reverse("members:duty_archive_download", args=[job.pk]) in html
    )
    response = client.get(reverse("members:duty_archive_download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


@pytest.mark.parametrize("role", ALL)
def test_self_report_post(client_for, role_users, role):
    response = client_for(role_users[role]).post(
        reverse("members:self_report"), {"body": "本年度履职情况：参加协商三次，提案两件。"}
    )
    assert response.status_code == (302 if role == Role.MEMBER else 403)


@pytest.mark.parametrize("role", ALL)
def test_study_pages(client_for, role_users, role, study):
    client = client_for(role_users[role])
    pages = [
        reverse("members:study"),
        reverse("members:study_material", args=[study["material"].pk]),
        reverse("members:reflections"),
        reverse("members:reflection", args=[study["reflection"].pk]),
        reverse("members:trainings"),
        reverse("members:training", args=[study["training"].pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == expect(role, STUDY), url
    for url in [reverse("members:study_material_new"), reverse("members:training_new")]:
        assert client.get(url).status_code == expect(role, STAFF), url


def test_another_member_cannot_see_a_reflection(client_for, study, make_user):
    user = make_user(Role.MEMBER)
    MemberFactory(user=user)
    url = reverse("members:reflection", args=[study["reflection"].pk])
    assert client_for(user).get(url).status_code == 404


def test_group_material_hidden_from_non_members_of_the_group(client_for, role_users, staff):
    from members.models import ReadingGroup

    group = ReadingGroup.objects.create(name="读书群")
    material = services.publish_material(actor=staff, title="群内", body="x", group=group)
    url = reverse("members:study_material", args=[material.pk])
    member_user = role_users[Role.MEMBER]
    assert client_for(member_user).get(url).status_code == 404
    group.members.add(member_user.member)
    assert client_for(member_user).get(url).status_code == 200
    assert material.reads.count() == 1  # the read receipt


@pytest.mark.parametrize("role", ALL)
def test_reflection_review_post(client_for, role_users, role, study):
    url = reverse("members:reflection_review", args=[study["reflection"].pk])
    response = client_for(role_users[role]).post(url, {"decision": "accept"})
    assert response.status_code == expect(role, STAFF, ok=302)
    study["reflection"].refresh_from_db()
    assert (study["reflection"].state == "accepted") == (role in STAFF)


def test_training_attendance_form(client_for, staff, study, other):
    url = reverse("members:training", args=[study["training"].pk])
    client = client_for(staff)
    assert client.post(url, {"numbers": f"{other.number}, NOPE"}).status_code == 200
    assert not DutyRecord.objects.filter(kind=DutyKind.TRAINING).exists()
    assert client.post(url, {"numbers": f"{other.number}\n{other.number}"}).status_code == 302
    assert client.post(url, {"numbers": other.number}).status_code == 302
    assert DutyRecord.objects.filter(kind=DutyKind.TRAINING, member=other).count() == 1


def test_material_file_served_after_permission(client_for, role_users, staff, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("章程.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF\n")
    material = services.publish_material(actor=staff, title="带附件", file=pdf)
    url = reverse("members:study_material_file", args=[material.pk])
    assert client_for(role_users[Role.MEMBER]).get(url).status_code == 200
    assert client_for(role_users[Role.UNIT_LIAISON]).get(url).status_code == 403


# --- Query counts at two data sizes -----------------------------------------------------------

# The same bound at both sizes; it includes the session, the user, the roles and the session
# save (with its savepoint in a test), and one query per filter's choices (the liaison
# station's too, contributed by stations).
RANKING_QUERIES = 18
MY_DUTY_QUERIES = 16


def _fill(members, per_member):
    kinds = [DutyKind.SPEECH, DutyKind.MEETING_ATTENDED, DutyKind.CONSULTATION, DutyKind.LIVELIHOOD]
    rows = []
    for m in members:
        for i in range(per_member):
            rows.append(
                DutyRecord(
                    member=m,
                    term_id=m._term,
                    year=2026,
                    kind=kinds[i % 4],
                    occurred_on=date(2026, 1 + i % 12, 1 + i % 28),
                    points=Decimal(5),
                    title=f"活动{i}",
                    source_key=f"bulk:{m.pk}:{i}",
                )
            )
    DutyRecord.objects.bulk_create(rows)


def _grow(term, n_members, per_member, member=None):
    members = [MemberFactory() for _ in range(n_members)]
    for m in members:
        CommitteeMembershipFactory(member=m)
        m._term = term.pk
    if member is not None:
        member._term = term.pk
        members.append(member)
    _fill(members, per_member)


@pytest.mark.parametrize("size", [(2, 3), (25, 30)])
def test_my_duty_query_count_is_constant(
    client_for, member_user, term, size, django_assert_max_num_queries
):
    PointRule.objects.filter(term__isnull=True, kind=DutyKind.SPEECH).update(yearly_cap=10)
    _grow(term, size[0], size[1], member=member_user.member)
    client = client_for(member_user)
    with django_assert_max_num_queries(MY_DUTY_QUERIES):
        response = client.get(reverse("members:my_duty"))
    assert response.status_code == 200
    assert response.content.decode().count('class="list-group-item') >= size[1]


@pytest.mark.parametrize("size", [(2, 3), (60, 20)])
def test_ranking_query_count_is_constant(
    client_for, role_users, term, size, django_assert_max_num_queries
):
    _grow(term, size[0], size[1])
    MemberPostFactory(term=term)
    client = client_for(role_users[Role.LEADER])
    for params in ["", "?sector=1&post=1&committee=1", "?band=1"]:
        with django_assert_max_num_queries(RANKING_QUERIES):
            response = client.get(reverse("members:duty_ranking") + params)
        assert response.status_code == 200
    with django_assert_max_num_queries(RANKING_QUERIES - 5):
        assert client.get(reverse("members:duty_five_ones")).status_code == 200
    with django_assert_max_num_queries(RANKING_QUERIES):
        assert client.get(reverse("members:duty_inactive")).status_code == 200


def test_ranking_orders_by_points_and_exports(client_for, role_users, term):
    import io

    from openpyxl import load_workbook

    low, high = MemberFactory(name="低分委员"), MemberFactory(name="高分委员")
    add_record(low, DutyKind.SPEECH)
    add_record(high, DutyKind.PROPOSAL_FIRST)
    add_record(high, DutyKind.PROPOSAL_KEY)
    client = client_for(role_users[Role.LEADER])
    html = client.get(reverse("members:duty_ranking")).content.decode()
    assert html.index("高分委员") < html.index("低分委员")
    response = client.get(reverse("members:duty_ranking_export"))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.values)
    assert rows[1][2] == "高分委员" and rows[1][6] == 30


def test_home_shows_points_and_gaps(client_for, member_user):
    add_record(member_user.member, DutyKind.PROPOSAL_FIRST)
    html = client_for(member_user).get("/").content.decode()
    assert "15" in html and "一件民生实事" in html


def test_five_ones_counts_and_export(client_for, role_users, term):
    import io

    from openpyxl import load_workbook

    done, half = MemberFactory(), MemberFactory()
    CommitteeMembershipFactory(member=done)
    for kind in (
        DutyKind.STUDY_REFLECTION,
        DutyKind.CONSULTATION,
        DutyKind.RESEARCH,
        DutyKind.PROPOSAL_FIRST,
        DutyKind.LIVELIHOOD,
    ):
        add_record(done, kind)
    add_record(half, DutyKind.CONSULTATION)
    client = client_for(role_users[Role.LEADER])
    response = client.get(reverse("members:duty_five_ones") + "?year=2026&format=xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    by_sector = list(wb.worksheets[0].values)
    assert by_sector[0][-1] in ("全部完成", "All met")
    totals = [sum(col) for col in zip(*[row[1:] for row in by_sector[1:]], strict=True)]
    assert totals == [3, 1, 2, 1, 1, 1, 1]  # 3 members (+ the fixture's), 2 met consultation
    assert len(list(wb.worksheets[1].values)) == 2


def test_staff_home_counts_reflections_waiting(client_for, role_users, study):
    html = client_for(role_users[Role.LIAISON_STAFF]).get("/").content.decode()
    assert reverse("members:duty_ranking") in html and "1" in html


def test_five_ones_is_cached_until_the_ledger_changes(client_for, role_users, term):
    """Served from the cache under the data stamp: the second read counts nothing, and a new
    record moves the stamp, so the page never shows stale figures."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = MemberFactory()
    client = client_for(role_users[Role.LEADER])
    url = reverse("members:duty_five_ones") + "?year=2026"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert not any("members_dutytotal t WHERE t.year" in q["sql"] for q in queries)
    assert "数据截至" in html or "Figures as of" in html
    add_record(member, DutyKind.CONSULTATION)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert any("members_dutytotal t WHERE t.year" in q["sql"] for q in queries)
