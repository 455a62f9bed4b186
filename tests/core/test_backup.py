"""`make backup` / `make restore`: a round trip keeps every record and every file."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from members.models import Member
from tests.factories import MemberFactory


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT},
        },
    }
    storage = default_storage  # the STORAGES override above resets it to the temporary folder
    kept = [MemberFactory(name=f"备份{i}") for i in range(5)]
    storage.save("proposals/doc.pdf", ContentFile(b"%PDF-1.4 kept"))

    call_command("backup", dest=str(tmp_path / "b"))
    Member.objects.all().delete()
    storage.delete("proposals/doc.pdf")
    MemberFactory(name="备份之后")
    assert not storage.exists("proposals/doc.pdf")

    call_command("restore", str(tmp_path / "b"), yes=True)
    names = set(Member.objects.values_list("name", flat=True))
    assert names == {m.name for m in kept}
    assert storage.open("proposals/doc.pdf").read() == b"%PDF-1.4 kept"


def test_restore_needs_confirmation(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path))
