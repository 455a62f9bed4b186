import io
import logging

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import IntegrityError, InternalError, ProgrammingError, transaction
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from cppcc_portal.accounts.roles import Role
from cppcc_portal.audit.models import Action, AuditEntry
from cppcc_portal.audit.scrub import PersonalDataFilter, scrub
from cppcc_portal.audit.services import audit, client_ip
from tests.factories import PASSWORD, MemberFactory

ALL = [*Role.values, "none", "superuser"]
# 三员分立: only the security auditor reads the log; not the business staff, not the system
# administrator (superuser), not the security administrator whose acts it records
AUDITORS = {Role.SECURITY_AUDITOR}
DB_REFUSAL = (InternalError, IntegrityError, ProgrammingError)


# --- the service ----------------------------------------------------------------


def test_audit_records_who_where_what(member_user):
    request = RequestFactory().get("/", HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 400)
    request.user = member_user
    entry = audit(request=request, action=Action.EXPORT, target=member_user, detail="名单")
    entry.refresh_from_db()
    assert entry.user_id == member_user.pk
    assert entry.username == member_user.username
    assert entry.ip_address == "127.0.0.1"
    assert len(entry.user_agent) == 255
    assert entry.target_repr == str(member_user)
    assert entry.target_id == str(member_user.pk)
    assert entry.detail == "名单"


def test_audit_without_request_or_user(db):
    entry = audit(action=Action.DOWNLOAD, detail="x")
    assert entry.user_id is None and entry.ip_address is None


def test_audit_masks_phones_and_id_numbers(db):
    entry = audit(
        action=Action.EXPORT, detail="q=13812345678 id=12022219800101123X tel 022-29876543"
    )
    assert "13812345678" not in entry.detail
    assert "12022219800101123X" not in entry.detail
    assert "29876543" not in entry.detail
    assert "138****5678" in entry.detail


@pytest.mark.parametrize(
    ("text", "kept"),
    [("member T00012", True), ("2026-11-25", True), ("proposal 0001", True)],
)
def test_scrub_keeps_ordinary_numbers(text, kept):
    assert (scrub(text) == text) is kept


def test_forwarded_for_is_ignored_unless_from_a_trusted_proxy(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    settings.TRUSTED_PROXIES = []
    assert client_ip(request) == "10.0.0.9"
    settings.TRUSTED_PROXIES = ["10.0.0.9"]
    assert client_ip(request) == "1.2.3.4"
    spoofed = factory.get(
        "/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4, 10.0.0.9"
    )
    assert client_ip(spoofed) == "1.2.3.4"  # the right-most hop the proxy saw
    junk = factory.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(junk) == "10.0.0.9"


def test_axes_uses_the_same_client_address(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "cppcc_portal.core.client.client_address"


# --- append-only ------------------------------------------------------------------


def test_database_refuses_update_and_delete(db):
    entry = audit(action=Action.LOGIN, detail="original")
    with pytest.raises(DB_REFUSAL), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(detail="forged")
    with pytest.raises(DB_REFUSAL), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.detail = "forged"
    with pytest.raises(DB_REFUSAL), transaction.atomic():
        entry.save()
    entry.refresh_from_db()
    assert entry.detail == "original"


def test_deleting_a_user_keeps_their_log(make_user):
    user = make_user()
    audit(user=user, action=Action.LOGIN)
    pk = user.pk
    user.delete()
    entry = AuditEntry.objects.get(user_id=pk)
    assert entry.username


# --- what is logged ------------------------------------------------------------------


def test_login_logout_and_failure_are_logged(client, member_user):
    client.post(reverse("login"), {"username": member_user.username, "password": "wrong"})
    failed = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert failed.username == member_user.username
    assert failed.user_id is None
    assert "wrong" not in failed.detail
    client.post(
        reverse("login"),
        {"username": member_user.username, "password": PASSWORD},
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    login = AuditEntry.objects.get(action=Action.LOGIN)
    assert login.user_id == member_user.pk
    assert login.user_agent == "TestBrowser/1.0"
    client.post(reverse("logout"))
    assert AuditEntry.objects.filter(action=Action.LOGOUT, user=member_user).exists()


def test_lockout_is_logged(client, member_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": member_user.username, "password": "wrong"})
    assert AuditEntry.objects.filter(
        action=Action.LOCKED_OUT, username=member_user.username
    ).exists()


def test_a_phone_typed_as_user_name_is_masked(client, db):
    client.post(reverse("login"), {"username": "13812345678", "password": "x"})
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert entry.username == "138****5678"


def test_group_changes_are_logged(make_user):
    user = make_user()
    leader = Group.objects.get(name=Role.LEADER)
    user.groups.add(leader)
    entry = AuditEntry.objects.filter(action=Action.PERMISSION_CHANGED).latest("id")
    assert entry.target_id == str(user.pk) and "+leader" in entry.detail
    user.groups.remove(leader)
    assert "-leader" in AuditEntry.objects.latest("id").detail
    user.groups.add(leader)
    user.groups.clear()
    assert "-leader" in AuditEntry.objects.latest("id").detail
    leader.user_set.add(user)  # from the group's side
    assert AuditEntry.objects.latest("id").target_id == str(user.pk)


def test_user_and_group_permission_changes_are_logged(make_user):
    user = make_user()
    perm = Permission.objects.get(codename="view_member")
    user.user_permissions.add(perm)
    assert "members.view_member" in AuditEntry.objects.latest("id").detail
    group = Group.objects.get(name=Role.MEMBER)
    group.permissions.add(perm)
    entry = AuditEntry.objects.latest("id")
    assert entry.action == Action.PERMISSION_CHANGED and entry.target_repr == "member"


def test_staff_and_superuser_flags_are_logged(make_user):
    user = make_user()
    user.is_staff = True
    user.save()
    entry = AuditEntry.objects.latest("id")
    assert entry.action == Action.PERMISSION_CHANGED
    assert "is_staff: False → True" in entry.detail
    before = AuditEntry.objects.count()
    user.save(update_fields=["last_login"])  # unrelated saves log nothing
    user.first_name = "新名字"
    user.save()
    assert AuditEntry.objects.count() == before


def test_admin_saves_are_logged(client_for, role_users, make_user):
    boss = role_users["superuser"]
    user = make_user()
    client = client_for(boss)
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username,
            "first_name": "改名",
            "last_name": "",
            "email": user.email,
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=Role.LEADER).pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    actions = set(
        AuditEntry.objects.filter(target_id=str(user.pk)).values_list("action", flat=True)
    )
    assert {Action.ADMIN_CHANGE, Action.PERMISSION_CHANGED} <= actions
    admin_entry = AuditEntry.objects.get(action=Action.ADMIN_CHANGE)
    assert admin_entry.user_id == boss.pk
    assert admin_entry.ip_address == "127.0.0.1"


def test_member_export_is_logged(client_for, role_users, member_user):
    client_for(role_users[Role.LIAISON_STAFF]).get(reverse("members:export") + "?q=13812345678")
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.user_id == role_users[Role.LIAISON_STAFF].pk
    assert "13812345678" not in entry.detail


def test_file_downloads_are_logged(member_user, settings, tmp_path):
    from cppcc_portal.core.files import file_response

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    from django.core.files.storage import default_storage

    name = default_storage.save("docs/reply.pdf", ContentFile(b"%PDF-1.4 test"))
    from django.db.models import FileField
    from django.db.models.fields.files import FieldFile

    field = FileField()
    field.storage = default_storage
    field_file = FieldFile(member_user, field, name)
    request = RequestFactory().get("/download")
    request.user = member_user
    response = file_response(field_file, request=request)
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=Action.DOWNLOAD)
    assert entry.user_id == member_user.pk
    assert entry.detail == "reply.pdf"
    assert entry.target_id == str(member_user.pk)
    response.close()


def test_log_files_never_carry_phones_or_id_numbers(settings):
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "SMS to %s id %s",
        ("13912345678", "120222198001011234"),
        None,
    )
    assert PersonalDataFilter().filter(record)
    message = record.getMessage()
    assert "13912345678" not in message and "120222198001011234" not in message
    handler = settings.LOGGING["handlers"]["console"]
    assert "personal_data" in handler["filters"]
    assert {"username", "ip_address", "password"} <= set(settings.AXES_SENSITIVE_PARAMETERS)


# --- the portal page and the admin --------------------------------------------------------


@pytest.mark.parametrize("role", ALL)
def test_audit_pages_permissions(client_for, role_users, role):
    client = client_for(role_users[role])
    for name in ("audit:list", "audit:export"):
        response = client.get(reverse(name))
        assert response.status_code == (200 if role in AUDITORS else 403), (name, role)


@pytest.mark.parametrize("role", ALL)
def test_admin_is_read_only_for_everyone(client_for, role_users, role):
    entry = audit(action=Action.LOGIN, detail="x")
    user = role_users[role]
    if role in AUDITORS:  # the auditor may also read the log in the admin
        user.is_staff = True
        user.save()
    client = client_for(user)
    listing = client.get("/admin/audit/auditentry/")
    detail = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    if role in AUDITORS:
        assert listing.status_code == 200
        assert detail.status_code == 200
        assert "_save" not in detail.content.decode()
    else:
        assert listing.status_code in (302, 403)
    assert client.get("/admin/audit/auditentry/add/").status_code in (302, 403)
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code in (302, 403)
    response = client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"detail": "forged"})
    assert response.status_code in (302, 403)
    response = client.post(
        "/admin/audit/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    entry.refresh_from_db()
    assert entry.detail == "x"


def test_list_filters_and_escapes(client_for, role_users, make_user):
    alice = make_user(username="alice")
    audit(user=alice, action=Action.EXPORT, detail="<script>alert(1)</script>")
    audit(user=alice, action=Action.DOWNLOAD, detail="file.pdf")
    client = client_for(role_users[Role.SECURITY_AUDITOR])
    content = client.get(reverse("audit:list"), {"user": "alic", "action": "export"}).content
    content = content.decode()
    assert "&lt;script&gt;" in content and "<script>alert" not in content
    assert "file.pdf" not in content
    response = client.get(
        reverse("audit:list"), {"date_from": "2030-01-02", "date_to": "2030-01-01"}
    )
    assert "起始日期晚于截止日期" in response.content.decode()
    today = response.context["form"].fields  # noqa: F841  (form renders)
    from django.utils import timezone

    day = timezone.localdate().isoformat()
    content = client.get(reverse("audit:list"), {"date_from": day, "date_to": day}).content
    assert "file.pdf" in content.decode()
    content = client.get(reverse("audit:list"), {"date_to": "2000-01-01"}).content
    assert "file.pdf" not in content.decode()


def test_export_is_excel_and_is_itself_logged(client_for, role_users):
    audit(action=Action.DOWNLOAD, detail="a.pdf")
    staff = role_users[Role.SECURITY_AUDITOR]
    response = client_for(staff).get(reverse("audit:export"), {"action": "download"})
    assert response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "时间"
    assert len(rows) == 2 and rows[1][5] == "a.pdf"
    assert AuditEntry.objects.filter(action=Action.EXPORT, user=staff).exists()


@pytest.mark.parametrize("size", [5, 120])
def test_list_query_count_is_constant(client_for, role_users, django_assert_max_num_queries, size):
    AuditEntry.objects.bulk_create(
        [AuditEntry(action=Action.LOGIN, username=f"u{i}") for i in range(size)]
    )
    client = client_for(role_users[Role.SECURITY_AUDITOR])
    client.get(reverse("audit:list"))  # warm the session
    with django_assert_max_num_queries(8):
        response = client.get(reverse("audit:list"), {"page": 2})
    assert response.status_code == 200


def test_pagination(client_for, role_users):
    AuditEntry.objects.bulk_create(
        [AuditEntry(action=Action.LOGIN, username=f"bulk{i:03d}") for i in range(120)]
    )
    client = client_for(role_users[Role.SECURITY_AUDITOR])
    page3 = client.get(reverse("audit:list"), {"page": 3, "user": "bulk"}).content.decode()
    assert "3 / 3" in page3
    assert "bulk000" in page3  # oldest last


def test_member_detail_records_nothing(client_for, member_user):
    # ordinary reads are not security events
    client = client_for(member_user)
    before = AuditEntry.objects.count()
    client.get(reverse("members:detail", args=[member_user.member.pk]))
    assert AuditEntry.objects.count() == before


def test_member_factory_phone_never_in_log(client_for, role_users):
    MemberFactory(phone="13700001111")
    client_for(role_users[Role.LEADER]).get(reverse("members:export"))
    assert not AuditEntry.objects.filter(detail__contains="13700001111").exists()


def test_admin_bulk_delete_is_logged(client_for, role_users):
    from members.models import Sector

    a, b = Sector.objects.create(name="甲界"), Sector.objects.create(name="乙界")
    client = client_for(role_users["superuser"])
    response = client.post(
        "/admin/members/sector/",
        {"action": "delete_selected", "_selected_action": [a.pk, b.pk], "post": "yes"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action=Action.ADMIN_CHANGE).latest("id")
    assert "甲界" in entry.detail and "乙界" in entry.detail
