"""Every page for every role: who may (200), who may not (403, or 404 for reports they may
not know exist); a member never sees another member's report before adoption."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cppcc_portal.accounts.roles import Role
from members.selectors import member_for
from opinions import services
from opinions.models import Report
from opinions.workflow import State
from tests.factories import MemberFactory

from .factories import DraftFactory, EditedFactory, ReportFactory

pytestmark = pytest.mark.django_db
ALL = [*Role.values, "none", "superuser"]
READERS = {Role.OPINION_STAFF, Role.LEADER, "superuser"}
STAFF = {Role.OPINION_STAFF, "superuser"}


@pytest.fixture
def adopted(staff, term):
    report = EditedFactory(member=MemberFactory())
    return services.adopt_report(actor=staff, report=report, signed_off_by="张主席")


@pytest.mark.parametrize("role", ALL)
def test_list_page(role, role_users, client_for):
    expected = 200 if role in READERS | {Role.MEMBER} else 403
    assert client_for(role_users[role]).get(reverse("opinions:list")).status_code == expected


@pytest.mark.parametrize("role", ALL)
def test_desk_and_issue_pages(role, role_users, client_for, adopted):
    client = client_for(role_users[role])
    assert client.get(reverse("opinions:desk")).status_code == (200 if role in STAFF else 403)
    for url in (
        reverse("opinions:issues"),
        reverse("opinions:issue", args=[adopted.issue_id]),
        reverse("opinions:issue_docx", args=[adopted.issue_id]),
        reverse("opinions:year_xlsx", args=[adopted.issue.year]),
    ):
        assert client.get(url).status_code == (200 if role in READERS else 403), url


@pytest.mark.parametrize("role", ALL)
def test_create_page(role, role_users, client_for):
    expected = 200 if role in {Role.MEMBER, "superuser"} else 403
    if role == "superuser":
        expected = 403  # a superuser has no member record: nobody to write as
    assert client_for(role_users[role]).get(reverse("opinions:create")).status_code == expected


@pytest.mark.parametrize("role", ALL)
def test_another_members_report_before_adoption(role, role_users, client_for):
    for state in (State.DRAFT, State.SUBMITTED, State.EDITING, State.ARCHIVED):
        report = ReportFactory(member=MemberFactory(), state=state)
        response = client_for(role_users[role]).get(reverse("opinions:detail", args=[report.pk]))
        if role in READERS:
            assert response.status_code == 200
        elif role == Role.MEMBER:
            assert response.status_code == 404  # never a leak
        else:
            assert response.status_code == 403


def test_members_list_shows_only_their_own(member_user, member, client_for):
    mine = ReportFactory(member=member, title="我的信息")
    ReportFactory(member=MemberFactory(), title="别人的信息")
    content = client_for(member_user).get(reverse("opinions:list")).content.decode()
    assert "我的信息" in content and "别人的信息" not in content
    assert (
        client_for(member_user).get(reverse("opinions:detail", args=[mine.pk])).status_code == 200
    )


def test_contributor_sees_adopted_combined_report_only_after_adoption(
    staff, member_user, member, client_for
):
    a, b = ReportFactory(member=member), ReportFactory(member=MemberFactory())
    combined = services.merge_reports(
        actor=staff, reports=[a, b], title="综合", problem="p", suggestion="s"
    )
    client = client_for(member_user)
    assert client.get(reverse("opinions:detail", args=[combined.pk])).status_code == 404
    assert client.get(reverse("opinions:detail", args=[b.pk])).status_code == 404
    services.adopt_report(actor=staff, report=combined, signed_off_by="张")
    assert client.get(reverse("opinions:detail", args=[combined.pk])).status_code == 200
    page = client.get(reverse("opinions:detail", args=[a.pk])).content.decode()
    assert "综合" in page


@pytest.mark.parametrize("role", ALL)
def test_staff_actions(role, role_users, client_for):
    report = ReportFactory(member=MemberFactory())
    client = client_for(role_users[role])
    response = client.get(reverse("opinions:review", args=[report.pk]))
    post = client.post(
        reverse("opinions:act", args=[report.pk, "archive"]), {"note": "不录用", "version": 0}
    )
    if role in STAFF:
        assert response.status_code == 200 and post.status_code == 302
        report.refresh_from_db()
        assert report.state == State.ARCHIVED
    else:
        assert response.status_code in {403, 404} and post.status_code in {403, 404}
        assert response.status_code == (403 if role != Role.LEADER else 403)
        report.refresh_from_db()
        assert report.state == State.SUBMITTED


def test_member_writes_draft_with_attachment_then_submits(member_user, member, client_for):
    client = client_for(member_user)
    pdf = SimpleUploadedFile("附件.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "application/pdf")
    response = client.post(
        reverse("opinions:create"),
        {
            "submitter_kind": "member",
            "title": "关于增设公交站点的建议",
            "problem": "某小区附近没有公交站。",
            "suggestion": "建议增设站点。",
            "attachments": [pdf],
            "save": "1",
        },
    )
    report = Report.objects.get(member=member)
    assert response.status_code == 302 and report.state == State.DRAFT
    assert report.attachments.count() == 1
    att = report.attachments.get()
    assert client.get(reverse("opinions:attachment", args=[report.pk, att.pk])).status_code == 200
    response = client.post(
        reverse("opinions:edit", args=[report.pk]),
        {
            "submitter_kind": "member",
            "title": "关于增设公交站点的建议",
            "problem": "某小区附近没有公交站。",
            "suggestion": "建议增设站点。",
            "version": report.version,
            "submit": "1",
        },
    )
    report.refresh_from_db()
    assert response.status_code == 302 and report.state == State.SUBMITTED


def test_bad_attachment_is_refused(member_user, client_for):
    fake = SimpleUploadedFile("x.pdf", b"MZ not a pdf", "application/pdf")
    response = client_for(member_user).post(
        reverse("opinions:create"),
        {
            "submitter_kind": "member",
            "title": "t",
            "problem": "p",
            "suggestion": "s",
            "attachments": [fake],
            "save": "1",
        },
    )
    assert response.status_code == 200 and not Report.objects.exists()


def test_other_member_cannot_fetch_attachment_or_edit(member_user, other_member_user, client_for):
    report = DraftFactory(member=member_for(member_user))
    client = client_for(other_member_user)
    assert client.get(reverse("opinions:edit", args=[report.pk])).status_code == 404
    assert client.post(reverse("opinions:act", args=[report.pk, "submit"])).status_code == 404
    assert client.post(reverse("opinions:delete", args=[report.pk])).status_code == 404


def test_stale_edit_shows_an_error(staff, client_for):
    report = ReportFactory(member=MemberFactory())
    client = client_for(staff)
    data = {"title": "甲", "problem": "甲", "suggestion": "甲", "version": report.version}
    assert client.post(reverse("opinions:review", args=[report.pk]), data).status_code == 302
    response = client.post(reverse("opinions:review", args=[report.pk]), data)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.title == "甲" and report.version == 1


def test_merge_view(staff, client_for):
    a, b = ReportFactory(member=MemberFactory()), ReportFactory(member=MemberFactory())
    client = client_for(staff)
    url = reverse("opinions:merge")
    assert client.get(url, {"ids": [a.pk, b.pk]}).status_code == 200
    response = client.post(
        url, {"ids": [a.pk, b.pk], "title": "综合", "problem": "p", "suggestion": "s"}
    )
    combined = Report.objects.get(submitter_kind="combined")
    assert response.url == reverse("opinions:detail", args=[combined.pk])


def test_word_and_excel(staff, client_for, adopted):
    client = client_for(staff)
    response = client.get(reverse("opinions:issue_docx", args=[adopted.issue_id]))
    doc = Document(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    text = "\n".join(p.text for p in doc.paragraphs)
    assert adopted.title in text
    assert 'w:eastAsia="仿宋"' in doc.element.xml or "仿宋" in doc.element.xml
    response = client.get(reverse("opinions:year_xlsx", args=[adopted.issue.year]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][2] == adopted.title


def test_search_and_filters(staff, client_for, adopted, recipients):
    ReportFactory(member=MemberFactory(), title="关于垃圾分类的建议")
    services.record_use(
        actor=staff, report=adopted, level="city", kind="single", used_on=adopted.adopted_on
    )
    client = client_for(staff)
    page = client.get(reverse("opinions:list"), {"q": "垃圾"}).content.decode()
    assert "垃圾分类" in page and adopted.title not in page
    page = client.get(reverse("opinions:list"), {"level": "city"}).content.decode()
    assert adopted.title in page and "垃圾分类" not in page
    page = client.get(reverse("opinions:list"), {"instructed": "yes"}).content.decode()
    assert adopted.title not in page


@pytest.mark.parametrize("n", [3, 30])
def test_query_counts(n, staff, member_user, member, client_for, django_assert_max_num_queries):
    others = [MemberFactory() for _ in range(3)]
    for i in range(n):
        r = EditedFactory(member=member if i % 2 else others[i % 3])
        if i % 3 == 0:
            services.adopt_report(actor=staff, report=r, signed_off_by="张")
    client = client_for(staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("opinions:list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("opinions:desk")).status_code == 200
    report = Report.objects.filter(state=State.ADOPTED).first()
    with django_assert_max_num_queries(22):
        assert client.get(reverse("opinions:detail", args=[report.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("opinions:issue", args=[report.issue_id])).status_code == 200
    client = client_for(member_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("opinions:list")).status_code == 200


def test_home_and_navigation(member_user, member, staff, client_for):
    ReportFactory(member=member)
    page = client_for(member_user).get("/").content.decode()
    assert reverse("opinions:create") in page and reverse("opinions:list") in page
    page = client_for(staff).get("/").content.decode()
    assert reverse("opinions:desk") in page


def test_leader_reads_but_cannot_act(role_users, client_for, adopted):
    client = client_for(role_users[Role.LEADER])
    page = client.get(reverse("opinions:detail", args=[adopted.pk])).content.decode()
    assert adopted.title in page and "data-forward-form" not in page
    response = client.post(
        reverse("opinions:act", args=[adopted.pk, "use"]),
        {"level": "city", "kind": "single", "used_on": adopted.adopted_on.isoformat()},
    )
    assert response.status_code == 403 and not adopted.uses.exists()
