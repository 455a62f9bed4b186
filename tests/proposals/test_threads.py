"""The proposal's conversation thread: who may post, @-mentions, files, the ten-minute edit,
notifications, and the thread in the 提案表."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.notifications.models import Notification
from cppcc_portal.notifications.threads import services as threads
from cppcc_portal.notifications.threads.models import ThreadMessage

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
pytestmark = pytest.mark.django_db


def test_unit_asks_and_member_answers_and_both_are_told(assigned_alone, liaison, member_user):
    p = assigned_alone
    q = threads.post_message(actor=liaison, target=p, body="请问具体是哪个小区？")
    assert Notification.objects.filter(recipient=member_user, kind="proposal.thread").exists()
    a = threads.post_message(actor=member_user, target=p, body="是幸福里小区。")
    assert Notification.objects.filter(recipient=liaison, kind="proposal.thread").exists()
    assert [m.pk for m in ThreadMessage.objects.order_by("id")] == [q.pk, a.pk]
    assert not Notification.objects.filter(recipient=member_user, kind="proposal.thread").exclude(
        body__startswith="请问"
    )
    note = Notification.objects.get(recipient=member_user, kind="proposal.thread")
    assert "区教育局" in note.title  # the proposer is told which unit asks


def test_staff_may_post_and_a_leader_who_only_reads_may_not(assigned_alone, staff, leader):
    threads.post_message(actor=staff, target=assigned_alone, body="已转交承办单位。")
    with pytest.raises(PermissionDenied):
        threads.post_message(actor=leader, target=assigned_alone, body="我也说一句")


def test_not_a_participant_is_refused(assigned_alone, make_user, liaison2):
    outsider = make_user("member")
    for user in (outsider, liaison2):  # liaison2's unit was not assigned
        with pytest.raises(PermissionDenied):
            threads.post_message(actor=user, target=assigned_alone, body="你好")
    assert not ThreadMessage.objects.exists()


def test_mention_of_someone_who_may_see_notifies_them(assigned_alone, liaison, staff):
    m = threads.post_message(
        actor=liaison, target=assigned_alone, body=f"@{staff.username} 请协调。"
    )
    assert list(m.mentions.all()) == [staff]
    note = Notification.objects.get(recipient=staff)
    assert note.kind == "proposal.thread.mention" and f"#thread-message-{m.pk}" in note.url


def test_mention_of_someone_who_may_not_see_is_refused(assigned_alone, liaison, liaison2):
    with pytest.raises(ValidationError) as exc:
        threads.post_message(
            actor=liaison, target=assigned_alone, body=f"@{liaison2.username} 看看"
        )
    assert exc.value.code == "mention_not_visible"
    assert liaison2.username in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        threads.post_message(actor=liaison, target=assigned_alone, body="@nobody-here 看看")
    assert exc.value.code == "mention_unknown"
    assert not ThreadMessage.objects.exists()


def test_bad_upload_is_refused_and_a_good_one_kept(assigned_alone, member_user):
    fake = SimpleUploadedFile("照片.png", b"MZ not a picture" * 10)
    with pytest.raises(ValidationError) as exc:
        threads.post_message(actor=member_user, target=assigned_alone, body="附图", files=[fake])
    assert exc.value.code == "content"
    assert not ThreadMessage.objects.exists()
    good = SimpleUploadedFile("照片.png", PNG)
    m = threads.post_message(actor=member_user, target=assigned_alone, body="附图", files=[good])
    assert m.attachments.get().name == "照片.png"


def test_author_edits_within_ten_minutes_only(assigned_alone, liaison, member_user):
    m = threads.post_message(actor=liaison, target=assigned_alone, body="请问？")
    with pytest.raises(PermissionDenied):
        threads.edit_message(actor=member_user, message=m, body="改别人的")
    threads.edit_message(actor=liaison, message=m, body="请问具体地点？")
    m.refresh_from_db()
    assert m.body == "请问具体地点？" and m.edited_at is not None
    ThreadMessage.objects.filter(pk=m.pk).update(
        created_at=timezone.now() - timedelta(minutes=10, seconds=1)
    )
    m.refresh_from_db()
    with pytest.raises(PermissionDenied):
        threads.edit_message(actor=liaison, message=m, body="太晚了")
    m.refresh_from_db()
    assert m.body == "请问具体地点？"


def test_the_thread_is_visible_only_to_who_sees_the_proposal(
    client_for, assigned_alone, liaison, liaison2, member_user
):
    threads.post_message(actor=liaison, target=assigned_alone, body="请问具体是哪个小区？")
    url = reverse("proposals:thread", args=[assigned_alone.pk])
    assert "请问具体是哪个小区" in client_for(member_user).get(url).content.decode()
    assert client_for(liaison2).get(url).status_code == 404


def test_post_view_shows_errors_next_to_the_field(client_for, assigned_alone, liaison, liaison2):
    url = reverse("proposals:thread_post", args=[assigned_alone.pk])
    response = client_for(liaison).post(
        url, {"body": f"@{liaison2.username} 看看"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "invalid-feedback" in html
    assert not ThreadMessage.objects.exists()
    response = client_for(liaison).post(url, {"body": "请问？"}, HTTP_HX_REQUEST="true")
    assert "请问？" in response.content.decode()


def test_the_proposal_form_document_carries_the_thread(
    assigned_alone, liaison, member_user, client_for
):
    from .test_documents import _both

    threads.post_message(actor=liaison, target=assigned_alone, body="请问具体是哪个小区？")
    threads.post_message(actor=member_user, target=assigned_alone, body="是幸福里小区。")
    word, pdf = _both(client_for(liaison), "proposals:form_document", assigned_alone.pk)
    for text in (word, pdf):
        assert "沟通记录" in text and "请问具体是哪个小区" in text and "是幸福里小区" in text


def test_the_lead_unit_records_a_message_as_a_contact(
    handling, liaison, liaison2, member_user, client_for
):
    from proposals.models import Communication

    m = threads.post_message(actor=member_user, target=handling, body="我周三有空面谈。")
    url = reverse("proposals:thread_communicate", args=[m.pk])
    assert client_for(liaison2).post(url).status_code == 403  # a co-unit does not record it
    assert not Communication.objects.exists()
    page = reverse("proposals:thread", args=[handling.pk])
    assert url in client_for(liaison).get(page).content.decode()
    assert client_for(liaison).post(url).status_code == 302
    c = Communication.objects.get()
    assert c.method == "written" and "我周三有空面谈" in c.summary and "王委员" in c.summary


def test_thread_forms_survive_bad_input(assigned_alone, liaison, client_for):
    from tests.badinput import assert_survives_bad_input

    client = client_for(liaison)
    url = reverse("proposals:thread_post", args=[assigned_alone.pk])
    assert_survives_bad_input(client, url, ["body"], file_fields=["files"], max_examples=5)
    m = threads.post_message(actor=liaison, target=assigned_alone, body="请问？")
    edit = reverse("proposals:thread_edit", args=[m.pk])
    assert_survives_bad_input(client, edit, ["body"], max_examples=5)


def test_a_long_thread_costs_no_more_queries(assigned_alone, liaison, member_user, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(member_user)
    url = reverse("proposals:thread", args=[assigned_alone.pk])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def exchange(n):
        for i in range(n):
            threads.post_message(actor=liaison, target=assigned_alone, body=f"问{i}")
            threads.post_message(actor=member_user, target=assigned_alone, body=f"答{i}")

    exchange(1)
    few = queries()
    exchange(10)
    assert queries() == few  # one look-up per person, never per message
