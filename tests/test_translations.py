"""An untranslated string in the Chinese UI is a bug; so is one English string carrying two
different Chinese words without a context to tell them apart."""

import importlib.util
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
_spec = importlib.util.spec_from_file_location("translate", ROOT / "scripts" / "translate.py")
translate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translate)


def test_catalogue_is_complete():
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    assert not missing, f"untranslated: {missing[:20]}"
    assert len(po) > 100


def test_no_msgid_carries_two_translations_in_the_tsv_files():
    conflicts = translate.find_conflicts(translate.tsv_paths())
    assert not conflicts, "give these a context: " + "; ".join(
        f"{ctx or ''}|{msgid} = " + " / ".join(f"{text} ({where})" for text, where in found)
        for (ctx, msgid), found in conflicts.items()
    )


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_conflict_within_one_file_or_across_files_is_found(tmp_path):
    one = _write(tmp_path, "a.tsv", "Title\t标题\nproposal\tTitle\t案由\nTitle\t名称\n")
    two = _write(tmp_path, "b.tsv", "# a comment\tignored\nproposal\tTitle\t标题\nDraft\t草稿\n")
    conflicts = translate.find_conflicts([one, two])
    assert set(conflicts) == {(None, "Title"), ("proposal", "Title")}
    assert [where for _, where in conflicts[("proposal", "Title")]] == ["a.tsv:2", "b.tsv:2"]
    # same Chinese twice is no conflict; a context keeps two meanings apart
    same = _write(tmp_path, "c.tsv", "Draft\t草稿\nreport\tDraft\t暂存\nDraft\t草稿\n")
    assert translate.find_conflicts([same]) == {}
    assert translate.load_tsv([same]) == {(None, "Draft"): "草稿", ("report", "Draft"): "暂存"}


def test_translate_refuses_conflicting_files_before_touching_the_catalogue(tmp_path, capsys):
    bad = _write(tmp_path, "bad.tsv", "Title\t标题\nTitle\t名称\n")
    before = PO.stat().st_mtime_ns
    assert translate.main([str(bad)]) != 0
    assert "CONFLICT\tTitle\t标题 (bad.tsv:1) / 名称 (bad.tsv:2)" in capsys.readouterr().out
    assert PO.stat().st_mtime_ns == before


def test_a_line_with_four_columns_is_an_error(tmp_path):
    bad = _write(tmp_path, "bad.tsv", "a\tb\tc\td\n")
    with pytest.raises(ValueError, match="bad.tsv:1"):
        translate.load_tsv([bad])


@pytest.mark.parametrize(
    ("context", "msgid", "chinese"),
    [
        (None, "Title", "标题"),
        ("proposal", "Title", "案由"),
        ("station", "Title", "名称"),
        (None, "Education", "学历"),
        ("station", "Education", "教育"),
        ("proposal", "Phone", "电话"),
        (None, "Draft", "草稿"),
        ("report", "Draft", "暂存"),
        (None, "Replied", "已答复"),
        ("notice", "Replied", "已回执"),
        (None, "Category", "类别"),
        ("news", "Category", "栏目"),
        ("proposal", "Session", "会议"),
    ],
)
def test_one_english_word_reads_right_in_each_place(context, msgid, chinese):
    with translation.override("zh-hans"):
        text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    assert text == chinese
