"""English catalogue helper for Cursus (a dev tool, not used at run time).

The source of truth for the English UI is ``locale/en/LC_MESSAGES/django.po``;
this script only helps a human translator fill it after ``makemessages``:

    .venv/bin/python scripts/translate_en.py todo  > /tmp/todo.tsv   # untranslated + fuzzy
    # write the English in the second column (msgid<TAB>msgstr; plural: sg|||pl)
    .venv/bin/python scripts/translate_en.py apply /tmp/todo.tsv
    .venv/bin/python scripts/translate_en.py check                   # placeholders, coverage
    .venv/bin/python manage.py compilemessages -i .venv -i var

Newlines inside strings are written as a literal ``\\n`` in the TSV. Needs ``polib``
(``pip install polib``); there is no machine translation here.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import polib

PO_PATH = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdifr]|%[sdif%]|\{[a-zA-Z_][a-zA-Z0-9_]*\}")
PLURAL_SEP = "|||"


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def _unesc(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(text[i + 1], "\\" + text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def todo(po: polib.POFile) -> None:
    for entry in po:
        if entry.obsolete or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        source = entry.msgid + (PLURAL_SEP + entry.msgid_plural if entry.msgid_plural else "")
        print(f"{_esc(source)}\t")


def apply(po: polib.POFile, tsv: Path) -> int:
    table: dict[str, str] = {}
    for line in tsv.read_text(encoding="utf-8").splitlines():
        if not line.strip() or "\t" not in line:
            continue
        source, target = line.split("\t", 1)
        if target.strip():
            table[_unesc(source).split(PLURAL_SEP)[0]] = _unesc(target)
    done = 0
    for entry in po:
        translated = table.get(entry.msgid)
        if translated is None or entry.obsolete:
            continue
        if entry.msgid_plural:
            singular, _, plural = translated.partition(PLURAL_SEP)
            entry.msgstr_plural = {0: singular, 1: plural or singular}
        else:
            entry.msgstr = translated
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        done += 1
    stamp_header(po)
    po.save()
    return done


def stamp_header(po: polib.POFile) -> None:
    po.header = "English translation of Cursus (source strings in French).\nSee scripts/translate_en.py."
    po.metadata["PO-Revision-Date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    po.metadata["Last-Translator"] = "Cursus translators"
    po.metadata["Language-Team"] = "English"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"


def problems(po: polib.POFile) -> list[str]:
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        if not entry.translated():
            found.append(f"untranslated: {entry.msgid!r}")
            continue
        pairs = (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for source, target in pairs:
            if placeholders(source) != placeholders(target):
                found.append(f"placeholders differ: {source!r} -> {target!r}")
    return found


def main(argv: list[str]) -> int:
    po = polib.pofile(str(PO_PATH), wrapwidth=79)
    command = argv[1] if len(argv) > 1 else "check"
    if command == "todo":
        todo(po)
    elif command == "apply":
        print(f"{apply(po, Path(argv[2]))} entries translated")
    else:
        issues = problems(po)
        print("\n".join(issues))
        total = len([e for e in po if not e.obsolete])
        print(f"{total - len(issues)}/{total} entries OK", file=sys.stderr)
        return 1 if issues else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
