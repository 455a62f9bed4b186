#!/usr/bin/env python
"""Refresh locale/zh_Hans from the source and fill translations from TSV files.

    .venv/bin/python scripts/translate.py [file.tsv ...]

Each TSV line is `English msgid<TAB>中文`, or `context<TAB>English msgid<TAB>中文` for a
pgettext string; without arguments every file in
locale/zh_Hans/tsv/ is read (one file per part of the portal). Runs under a file lock (several people
may work in one tree), then compiles and lists what is still untranslated.
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


def load_tsv(paths):
    mapping = {}
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                *context, msgid, msgstr = line.split("\t")
                key = (context[0] if context else None, msgid.replace("\\n", "\n"))
                mapping[key] = msgstr.replace("\\n", "\n")
    return mapping


def main(paths):
    mapping = load_tsv(paths or sorted((ROOT / "locale" / "zh_Hans" / "tsv").glob("*.tsv")))
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
        print(f"UNTRANSLATED\t{entry.msgid}")
    print(f"{len(po) - len(missing)} translated, {len(missing)} missing", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
