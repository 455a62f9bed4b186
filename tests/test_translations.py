"""An untranslated string in the Chinese UI is a bug."""

from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_catalogue_is_complete():
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    assert not missing, f"untranslated: {missing[:20]}"
    assert len(po) > 100
