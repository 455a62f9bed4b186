#!/usr/bin/env python
"""Refresh locale/zh_Hans from the source and fill translations from TSV files.

    .venv/bin/python scripts/translate.py [file.tsv ...]

Each TSV line is `English msgid<TAB>中文`, or `context<TAB>English msgid<TAB>中文` for a
string marked with pgettext (msgctxt) where one English word has different Chinese in different
places; without arguments every file in locale/zh_Hans/tsv/ is read (one file per part of the
portal). One (context, msgid) carrying two different translations, in one file or across files, is
an error: the script lists the conflicts and exits non-zero before touching the catalogue. Runs
under a file lock (several people may work in one tree), then compiles and lists what is still
untranslated.
"""

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MANAGE = [sys.executable, str(ROOT / "manage.py")]
IGNORE = [
    "--ignore=.venv",
    "--ignore=node_modules",
    "--ignore=staticfiles",
    "--ignore=media",
    "--ignore=tests",
]


def tsv_paths():
    return sorted((ROOT / "locale" / "zh_Hans" / "tsv").glob("*.tsv"))


def read_tsv(paths):
    """Yield (context or None, msgid, msgstr, "file:line") for every entry of the TSV files."""
    for path in paths:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if "\t" not in line or line.startswith("#"):
                continue
            parts = [part.replace("\\n", "\n") for part in line.split("\t")]
            if len(parts) == 2:
                context, (msgid, msgstr) = None, parts
            elif len(parts) == 3:
                context, msgid, msgstr = parts
            else:
                raise ValueError(f"{Path(path).name}:{number}: expected 2 or 3 columns")
            yield context, msgid, msgstr, f"{Path(path).name}:{number}"


def find_conflicts(paths):
    """{(context, msgid): [(msgstr, where), ...]} for every key given more than one Chinese."""
    seen = {}
    for context, msgid, msgstr, where in read_tsv(paths):
        seen.setdefault((context, msgid), []).append((msgstr, where))
    return {key: found for key, found in seen.items() if len({text for text, _ in found}) > 1}


def load_tsv(paths):
    return {(context, msgid): msgstr for context, msgid, msgstr, _ in read_tsv(paths)}


def main(paths):
    paths = paths or tsv_paths()
    conflicts = find_conflicts(paths)
    for (context, msgid), found in sorted(
        conflicts.items(), key=lambda item: (item[0][1], item[0][0] or "")
    ):
        label = f"{context}|{msgid}" if context else msgid
        print(f"CONFLICT\t{label}\t" + " / ".join(f"{text} ({where})" for text, where in found))
    if conflicts:
        print(
            f"{len(conflicts)} msgids carry different Chinese: give them a context", file=sys.stderr
        )
        return 2
    mapping = load_tsv(paths)
    env = {**os.environ, "DEBUG": "true"}
    with open("/tmp/cppcc-translate.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            [*MANAGE, "makemessages", "-l", "zh_Hans", "--no-obsolete", "--no-location", *IGNORE],
            cwd=ROOT,
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        po = polib.pofile(str(PO), wrapwidth=0)
        po.metadata["Language"] = "zh_Hans"
        po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        for entry in po:
            key = (entry.msgctxt or None, entry.msgid)
            if key in mapping:
                text = mapping[key]
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: text}
                else:
                    entry.msgstr = text
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save()
        subprocess.run(
            [*MANAGE, "compilemessages", "-l", "zh_Hans", *IGNORE],
            cwd=ROOT,
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    missing = [e for e in po if (not e.translated()) or "fuzzy" in e.flags]
    for entry in missing:
        label = f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid
        print(f"UNTRANSLATED\t{label}")
    print(f"{len(po) - len(missing)} translated, {len(missing)} missing", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
