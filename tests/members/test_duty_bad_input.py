"""Hostile input into every duty and study form (and the points-table admin): a form error or
a refusal, never a 500, never echoed unescaped, nothing stored out of range (tests/badinput.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from members import services
from members.models import (
    ArchiveJob,
    DutyKind,
    DutyRecord,
    EvaluationBand,
    Nomination,
    PointRule,
    PointsRecompute,
    SelfReport,
    StudyMaterial,
    StudyReflection,
    Training,
    YearlyMinimum,
)
from tests.badinput import SCRIPT, assert_safe, assert_survives_bad_input
from tests.factories import MemberFactory, PostFactory, SectorFactory, SpecialCommitteeFactory

from .factories import add_record

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def staff_client(client_for, staff):
    return client_for(staff)


@pytest.fixture
def other(term):
    member = MemberFactory(name="李另一位")
    member.terms.add(term)
    add_record(member, DutyKind.SPEECH, year=YEAR)
    return member


def _local_redirect(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        assert location.startswith("/") and not location.startswith("//"), location


# --- Filters and year selectors (GET) ------------------------------------------------------


def test_ranking_filter(staff_client, other):
    PostFactory()
    SpecialCommitteeFactory()
    fields = ["year", "q", "sector", "committee", "post", "band", "page"]
    for name in ["duty_ranking", "duty_inactive"]:
        assert_survives_bad_input(
            staff_client, reverse(f"members:{name}"), fields, method="get", max_examples=8
        )
    assert_survives_bad_input(
        staff_client,
        reverse("members:duty_ranking_export"),
        ["year", "q", "sector", "band"],
        method="get",
        max_examples=5,
    )


def test_ranking_filter_as_a_leader(client_for, role_users, other):
    client = client_for(role_users[Role.LEADER])
    assert_survives_bad_input(
        client, reverse("members:duty_ranking"), ["year", "q"], method="get", max_examples=10
    )


def test_year_selectors_of_the_staff_pages(staff_client, other):
    for name in ["duty_nominations", "duty_five_ones", "duty_recompute"]:
        assert_survives_bad_input(
            staff_client, reverse(f"members:{name}"), ["year"], method="get", max_examples=10
        )
    assert_survives_bad_input(
        staff_client,
        reverse("members:duty_five_ones"),
        ["year"],
        method="get",
        extra={"format": "xlsx"},
        max_examples=5,
    )
    assert_survives_bad_input(
        staff_client,
        reverse("members:member_duty", args=[other.pk]),
        ["year"],
        method="get",
        max_examples=10,
    )


def test_year_selector_of_my_duty(client_for, member_user):
    client = client_for(member_user)
    assert_survives_bad_input(
        client, reverse("members:my_duty"), ["year"], method="get", max_examples=10
    )


@pytest.mark.parametrize("name", ["archive_docx", "archive_pdf"])
def test_archive_term_and_year_parameters(client_for, member_user, name):
    client = client_for(member_user)
    url = reverse(f"members:{name}", args=[member_user.member.pk])
    assert_survives_bad_input(client, url, ["term", "year"], method="get", max_examples=3)


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", SCRIPT, "99999999999999999999"])
def test_a_malformed_archive_term_is_not_found_not_a_server_error(client_for, member_user, value):
    """Regression: ?term=abc raised ValueError in get_object_or_404 (a 500)."""
    url = reverse("members:archive_docx", args=[member_user.member.pk])
    response = client_for(member_user).get(url, {"term": value})
    assert response.status_code == 404


# --- Staff's duty forms (POST) --------------------------------------------------------------


def test_manual_duty_form(staff_client, other):
    url = reverse("members:manual_duty", args=[other.pk])
    valid = {
        "kind": DutyKind.HONOUR,
        "occurred_on": f"{YEAR}-03-01",
        "title": "获评优秀委员",
        "points": "5",
        "reason": "区政协表彰",
    }
    # each field is checked on its own; the texts reach the service when the rest is valid
    assert_survives_bad_input(staff_client, url, list(valid), max_examples=10)
    for fields in (["title", "reason"], ["points", "occurred_on"]):
        others = {k: v for k, v in valid.items() if k not in fields}
        assert_survives_bad_input(staff_client, url, fields, extra=others, max_examples=5)
    for record in DutyRecord.objects.filter(member=other, kind__in=[DutyKind.HONOUR]):
        assert "\x00" not in record.title + record.note
        assert abs(record.points) < 10_000
        assert (
            2000 <= record.occurred_on.year <= YEAR + 1 and record.year == record.occurred_on.year
        )
        assert len(record.title) <= 300
    # the hostile titles and reasons that were stored are shown escaped
    assert DutyRecord.objects.filter(title__contains="<script>").exists()
    assert_safe(staff_client.get(reverse("members:member_duty", args=[other.pk]), {"year": YEAR}))


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "6194-10-20", "9999-12-31"])
def test_dates_outside_the_ledgers_years_are_refused(staff_client, other, day):
    """Regression: a manual record or a training dated 6194 was stored (on the current term)."""
    response = staff_client.post(
        reverse("members:manual_duty", args=[other.pk]),
        {"kind": DutyKind.HONOUR, "occurred_on": day, "title": "x", "points": "1", "reason": "y"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["occurred_on"] == [
        f"请输入 2000 年至 {YEAR + 1} 年之间的日期。"
    ]
    response = staff_client.post(reverse("members:training_new"), {"title": "培训", "held_on": day})
    assert response.status_code == 200 and "held_on" in response.context["form"].errors
    assert not DutyRecord.objects.filter(kind=DutyKind.HONOUR).exists()
    assert not Training.objects.exists()


def test_void_form(staff_client, other):
    record = DutyRecord.objects.get(member=other)
    url = reverse("members:void_record", args=[record.pk])
    assert_survives_bad_input(staff_client, url, ["reason"], max_examples=10)
    record.refresh_from_db()
    assert record.voided_at is not None and record.voided_reason.startswith(SCRIPT)
    assert_safe(staff_client.get(reverse("members:member_duty", args=[other.pk]), {"year": YEAR}))


def test_recompute_form(staff_client):
    assert_survives_bad_input(
        staff_client, reverse("members:duty_recompute"), ["year"], max_examples=10
    )
    assert set(PointsRecompute.objects.values_list("year", flat=True)) <= {YEAR}


def test_nomination_form(staff_client, other):
    url = reverse("members:duty_nominate")
    valid = {"member": other.pk, "year": YEAR, "reason": "表现突出", "next": "/members/duty/"}
    for fields in (["member", "year"], ["reason", "next"]):
        others = {k: v for k, v in valid.items() if k not in fields}
        assert_survives_bad_input(
            staff_client, url, fields, extra=others, max_examples=10, after=_local_redirect
        )
        Nomination.objects.all().delete()
    assert_safe(staff_client.get(reverse("members:duty_nominations"), {"year": YEAR}))


@pytest.mark.parametrize("year", ["-1", "0", "40000", "99999999999999999999", "1999"])
def test_a_nomination_for_an_impossible_year_is_refused(staff_client, other, year):
    """Regression: year -1 or 40000 broke the PositiveSmallIntegerField (a 500)."""
    response = staff_client.post(
        reverse("members:duty_nominate"), {"member": other.pk, "year": year}, follow=True
    )
    assert response.status_code == 200
    assert not Nomination.objects.exists()
    assert "请输入有效的年度" in response.content.decode()


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "javascript:x", "abc", "x:y"]
)
def test_nomination_never_redirects_off_site(staff_client, other, target):
    response = staff_client.post(
        reverse("members:duty_nominate"), {"member": other.pk, "year": YEAR, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:duty_ranking")


def test_archive_job_form(staff_client, other, media, term):
    url = reverse("members:duty_archives")
    valid = {"sector": other.sector_id, "year": YEAR}
    assert_survives_bad_input(staff_client, url, ["sector", "year", "term"], max_examples=15)
    assert_survives_bad_input(
        staff_client, url, ["year"], extra={"sector": other.sector_id}, max_examples=10
    )
    assert_survives_bad_input(
        staff_client, url, ["sector"], extra={"term": term.pk}, max_examples=10
    )
    for job in ArchiveJob.objects.all():
        assert (job.year is None) != (job.term_id is None)
        assert job.year is None or YEAR - 10 < job.year <= YEAR
    assert staff_client.post(url, valid).status_code == 302


# --- The member's self-report ----------------------------------------------------------------


def test_self_report_form(client_for, member_user):
    client = client_for(member_user)
    url = reverse("members:self_report")
    assert_survives_bad_input(client, url, ["body"], max_examples=15)
    report = SelfReport.objects.get(member=member_user.member)
    assert report.state == SelfReport.State.DRAFT
    assert "\x00" not in report.body and len(report.body) <= 5000
    assert_survives_bad_input(client, url, ["body"], extra={"submit": "1"}, max_examples=5)
    assert_safe(client.get(reverse("members:my_duty")))
    assert_safe(client.get(reverse("members:member_duty", args=[member_user.member.pk])))


# --- Study ----------------------------------------------------------------------------------


@pytest.fixture
def material(staff):
    return services.publish_material(actor=staff, title="政协章程", body="第一条……")


@pytest.fixture
def reflection(member_user, material):
    return services.submit_reflection(
        actor=member_user,
        title="我的心得",
        body="学习政协章程的体会和收获很多，要把学习成果转化为履职能力。",
        material=material,
    )


def test_study_material_form(staff_client, media):
    from members.models import ReadingGroup

    group = ReadingGroup.objects.create(name="读书群")
    url = reverse("members:study_material_new")
    assert_survives_bad_input(
        staff_client,
        url,
        ["title", "body", "group"],
        file_fields=["file"],
        max_examples=15,
    )
    assert_survives_bad_input(
        staff_client, url, ["title"], extra={"body": "正文", "group": group.pk}, max_examples=10
    )
    for material in StudyMaterial.objects.all():
        assert material.body.strip() or material.file
        assert len(material.title) <= 200
        if material.file:
            assert not material.file_name.lower().endswith((".exe", ".html"))
        assert_safe(staff_client.get(material.get_absolute_url()))
    assert StudyMaterial.objects.filter(title__contains="<script>").exists()
    assert_safe(staff_client.get(reverse("members:study")))


def test_study_pages_get_parameters(client_for, member_user, reflection):
    client = client_for(member_user)
    assert_survives_bad_input(
        client, reverse("members:study"), ["page"], method="get", max_examples=5
    )
    assert_survives_bad_input(
        client,
        reverse("members:reflections"),
        ["state", "page", "material"],
        method="get",
        max_examples=10,
    )


def test_reflection_form(client_for, member_user, material, staff):
    client = client_for(member_user)
    url = reverse("members:reflections")
    body = "学习政协章程的体会和收获很多，要把学习成果转化为履职能力。"
    assert_survives_bad_input(client, url, ["title", "material", "body"], max_examples=15)
    assert_survives_bad_input(
        client, url, ["title"], extra={"material": material.pk, "body": body}, max_examples=10
    )
    assert_survives_bad_input(client, url, ["material"], extra={"title": "心得", "body": body})
    for reflection in StudyReflection.objects.all():
        assert len(reflection.body.strip()) >= 20 and len(reflection.title) <= 200
    assert StudyReflection.objects.filter(title__contains="<script>").exists()
    staff_client = client_for(staff)
    assert_safe(staff_client.get(url))
    for reflection in StudyReflection.objects.all()[:20]:
        assert_safe(staff_client.get(reflection.get_absolute_url()))


def test_review_form(client_for, staff, reflection):
    client = client_for(staff)
    url = reverse("members:reflection_review", args=[reflection.pk])
    # returning needs a comment: every hostile comment is tried on a submitted reflection
    assert_survives_bad_input(
        client,
        url,
        ["comment", "decision"],
        max_examples=15,
        after=lambda r: StudyReflection.objects.filter(pk=reflection.pk).update(
            state=StudyReflection.State.SUBMITTED
        ),
    )
    assert not DutyRecord.objects.filter(kind=DutyKind.STUDY_REFLECTION).exists()
    assert_survives_bad_input(client, url, ["comment"], extra={"decision": "accept"})
    reflection.refresh_from_db()
    assert reflection.state == StudyReflection.State.ACCEPTED
    assert DutyRecord.objects.filter(kind=DutyKind.STUDY_REFLECTION).count() == 1
    assert_safe(client.get(reflection.get_absolute_url()))


def test_training_form(staff_client):
    url = reverse("members:training_new")
    valid = {"title": "履职培训", "held_on": f"{YEAR}-03-01", "place": "会议室", "description": ""}
    assert_survives_bad_input(staff_client, url, list(valid), max_examples=15)
    assert_survives_bad_input(
        staff_client, url, ["title", "place", "description"], extra=valid, max_examples=10
    )
    assert_survives_bad_input(staff_client, url, ["held_on"], extra=valid, max_examples=5)
    for training in Training.objects.all():
        assert len(training.title) <= 200 and len(training.place) <= 100
        assert 2000 <= training.held_on.year <= YEAR + 1
    assert Training.objects.filter(title__contains="<script>").exists()
    assert_safe(staff_client.get(reverse("members:trainings")))
    for training in Training.objects.all()[:20]:
        assert_safe(staff_client.get(training.get_absolute_url()))


def test_attendance_form(staff_client, staff, other):
    training = services.create_training(
        actor=staff, title="履职培训", held_on=timezone.localdate() - timedelta(days=1)
    )
    url = reverse("members:training", args=[training.pk])
    assert_survives_bad_input(staff_client, url, ["numbers"], max_examples=15)
    assert not DutyRecord.objects.filter(kind=DutyKind.TRAINING).exists()
    assert staff_client.post(url, {"numbers": other.number}).status_code == 302
    assert DutyRecord.objects.filter(kind=DutyKind.TRAINING, member=other).count() == 1


# --- The points table, bands and yearly minimums (edited in the admin) ------------------------


@pytest.fixture
def admin_client(client_for, role_users):
    return client_for(role_users["superuser"])


def test_points_rule_admin(admin_client, term):
    url = "/admin/members/pointrule/add/"
    valid = {"kind": DutyKind.HONOUR, "points": "3", "yearly_cap": "", "_save": "1"}
    assert_survives_bad_input(
        admin_client, url, ["kind", "points", "yearly_cap", "term"], max_examples=10
    )
    PointRule.objects.filter(kind=DutyKind.HONOUR).delete()
    fields = ["points", "yearly_cap", "term"]
    others = {k: v for k, v in valid.items() if k not in fields}
    assert_survives_bad_input(admin_client, url, fields, extra=others, max_examples=10)
    assert_safe(admin_client.get("/admin/members/pointrule/"))
    assert_safe(admin_client.get(reverse("members:duty_recompute")))


def test_points_table_list_editing(admin_client):
    rule, _new = PointRule.objects.get_or_create(
        kind=DutyKind.HONOUR, term=None, defaults={"points": 3}
    )
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": rule.pk,
        "_save": "1",
    }
    assert_survives_bad_input(
        admin_client,
        "/admin/members/pointrule/",
        ["form-0-points", "form-0-yearly_cap"],
        extra=data,
        max_examples=10,
    )
    assert_survives_bad_input(
        admin_client,
        "/admin/members/pointrule/",
        ["form-TOTAL_FORMS", "form-INITIAL_FORMS", "form-0-id"],
        extra={"form-0-points": "2", "_save": "1"},
        max_examples=5,
    )


def test_evaluation_band_admin(admin_client):
    url = "/admin/members/evaluationband/add/"
    assert_survives_bad_input(
        admin_client,
        url,
        ["name", "min_points", "css", "term"],
        extra={"_save": "1"},
        max_examples=15,
    )
    assert_safe(admin_client.get("/admin/members/evaluationband/"))
    assert_safe(admin_client.get(reverse("members:duty_recompute")))
    assert_safe(admin_client.get(reverse("members:duty_ranking")))
    for band in EvaluationBand.objects.all():
        assert len(band.name) <= 20


def test_yearly_minimum_admin(admin_client, other):
    url = "/admin/members/yearlyminimum/add/"
    assert_survives_bad_input(
        admin_client,
        url,
        ["name", "kinds", "order"],
        extra={"active": "on", "_save": "1"},
        max_examples=15,
    )
    for minimum in YearlyMinimum.objects.all():
        assert set(minimum.kinds) <= set(DutyKind.values)
    assert_safe(admin_client.get("/admin/members/yearlyminimum/"))
    assert_safe(admin_client.get(reverse("members:duty_five_ones")))
    assert_safe(admin_client.get(reverse("members:duty_recompute")))


def test_catalogue_filters_with_a_deleted_sector(staff_client, other):
    sector = SectorFactory()
    pk = sector.pk
    sector.delete()
    response = staff_client.get(reverse("members:duty_ranking"), {"sector": pk})
    assert response.status_code == 200


def test_a_percent_sign_in_a_yearly_minimums_kinds_is_a_form_error(admin_client):
    """Regression: the ArrayField's text box formatted an item's error twice, so a value with
    "%" in it (e.g. "{% debug %}") raised TypeError (a 500). Now the kinds are ticked."""
    url = "/admin/members/yearlyminimum/add/"
    data = {"name": "一次调研", "kinds": "{% debug %}", "order": "1", "_save": "1"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "kinds" in response.context["adminform"].form.errors
    data["kinds"] = [DutyKind.RESEARCH, DutyKind.OPINION_SUBMITTED]
    assert admin_client.post(url, data).status_code == 302
    minimum = YearlyMinimum.objects.get(name="一次调研")
    assert minimum.kinds == [DutyKind.RESEARCH, DutyKind.OPINION_SUBMITTED]


def test_a_long_study_file_name_keeps_its_extension(staff_client, media):
    """Regression: the stored name lost its extension past 200 characters (served untyped)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = "政协章程学习材料" * 30 + ".pdf"
    upload = SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    response = staff_client.post(
        reverse("members:study_material_new"), {"title": "章程", "file": upload}
    )
    assert response.status_code == 302
    material = StudyMaterial.objects.get(title="章程")
    assert len(material.file_name) == 200 and material.file_name.endswith(".pdf")
    served = staff_client.get(reverse("members:study_material_file", args=[material.pk]))
    assert served["Content-Type"] == "application/pdf"


def test_hostile_names_in_the_duty_exports_are_plain_text(staff_client, other, admin_client):
    """Regression: control characters in a name broke the export (a 500); "=…" became a formula."""
    import io

    from openpyxl import load_workbook

    other.name = "=1+1\x0b"
    other.work_unit = '=HYPERLINK("http://evil.example/")'
    other.save()
    YearlyMinimum.objects.create(name="=2+2\x1b", kinds=[DutyKind.SPEECH])
    for response in [
        staff_client.get(reverse("members:duty_ranking_export"), {"year": YEAR}),
        staff_client.get(reverse("members:duty_five_ones"), {"year": YEAR, "format": "xlsx"}),
    ]:
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
        assert not any(c.data_type == "f" for c in cells)
        assert any(str(c.value).startswith("=") for c in cells)


@pytest.mark.parametrize("name", ["archive_docx", "archive_pdf"])
def test_hostile_text_in_the_duty_archive(staff_client, other, name):
    """Control characters, markup and "=…" typed into a manual record reach the Word and PDF
    archives: never a 500."""
    url = reverse("members:manual_duty", args=[other.pk])

    def data(title):
        return {
            "kind": DutyKind.HONOUR,
            "occurred_on": f"{YEAR}-03-01",
            "title": title,
            "points": "1",
            "reason": title,
        }

    for title in [SCRIPT, "=1+1", "中" * 300, "\u202eevil\ufeff"]:
        assert staff_client.post(url, data(title)).status_code == 302
    # every form refuses invisible control characters next to the field …
    refused = staff_client.post(url, data("a\x0bb\x1bc\x08"))
    assert refused.status_code == 200 and "控制字符" in refused.content.decode()
    # … and a record that holds some anyway (an import, older data) still makes a document
    stored = DutyRecord.objects.filter(member=other, title=SCRIPT)
    assert stored.update(title="a\x0bb\x1bc\x08") == 1
    response = staff_client.get(reverse(f"members:{name}", args=[other.pk]), {"year": YEAR})
    assert response.status_code == 200
    assert response.content[:4] in (b"PK\x03\x04", b"%PDF")


def test_sector_archive_with_hostile_names(staff_client, staff, media, term):
    """Names typed with slashes and control characters neither fail the zip job nor make
    folders ("../") inside it or in the storage."""
    import io
    import zipfile

    from members.tasks import build_sector_archive

    sector = SectorFactory(name="经济界/../工商联")
    for name in ["../../etc/passwd", 'a\\b:c*?"<>|\x0b', SCRIPT]:
        member = MemberFactory(name=name, sector=sector)
        member.terms.add(term)
        add_record(member, DutyKind.SPEECH, year=YEAR)
    job = ArchiveJob.objects.create(sector=sector, year=YEAR, requested_by=staff)
    build_sector_archive(job.pk)
    job.refresh_from_db()
    assert job.state == ArchiveJob.State.DONE, job.error
    assert ".." not in job.file.name.split("/")
    response = staff_client.get(reverse("members:duty_archive_download", args=[job.pk]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        names = archive.namelist()
    assert len(names) == 3 and not any("/" in n or "\\" in n for n in names)
