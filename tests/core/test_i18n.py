"""English catalogue: complete, placeholder-safe, compiled, and actually used by the pages.

The UI is written in French through gettext; ``locale/en/LC_MESSAGES/django.po`` carries the
English. These tests parse the .po with a tiny parser (no polib needed), compare it with the
committed .mo, and render a few key pages and errors in English.
"""

from __future__ import annotations

import gettext as gettext_module
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.errors import ApplicationError
from core.models import Role
from tests.factories import RoleAssignmentFactory, UserFactory

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

#: msgids allowed to stay untranslated or fuzzy, each with its justification. Keep it empty.
ALLOWED_UNTRANSLATED: dict[str, str] = {}

PLACEHOLDER = re.compile(r"%\([^)]+\)[sdifr]|%[sdif%]|\{[a-zA-Z_][a-zA-Z0-9_]*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def _unquote(text: str) -> str:
    return json.loads(text)  # PO strings use C escapes (\" \\ \n \t), a subset of JSON's


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file (header excluded, obsolete ``#~`` entries skipped)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None
    flags: set[str] = set()

    def flush() -> None:
        nonlocal current
        if current.msgid or current.msgstr:
            entries.append(current)
        current = Entry()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            if current.msgid or current.msgstr:
                flush()
            current.flags, flags = flags, set()
            current.line = number
            current.msgid, target = _unquote(line[6:]), ("msgid", 0)
        elif line.startswith("msgid_plural "):
            current.msgid_plural, target = _unquote(line[13:]), ("msgid_plural", 0)
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            current.msgstr[index], target = _unquote(line[line.index("]") + 2 :]), ("msgstr", index)
        elif line.startswith("msgstr "):
            current.msgstr[0], target = _unquote(line[7:]), ("msgstr", 0)
        elif line.startswith('"') and target is not None:
            kind, index = target
            if kind == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, kind, getattr(current, kind) + _unquote(line))
        else:
            raise AssertionError(f"{path}:{number}: unexpected line {raw!r}")
    flush()
    return [entry for entry in entries if entry.msgid]  # the header has an empty msgid


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO_PATH)


def _pairs(entry: Entry) -> list[tuple[str, str]]:
    if entry.msgid_plural:
        return [(entry.msgid, entry.msgstr.get(0, "")), (entry.msgid_plural, entry.msgstr.get(1, ""))]
    return [(entry.msgid, entry.msgstr.get(0, ""))]


class TestCatalogue:
    def test_parser_reads_a_real_catalogue(self, entries):
        # guards against a parser that silently reads nothing
        assert len(entries) > 1000
        by_id = {e.msgid: e for e in entries}
        assert by_id["Connexion à Cursus"].msgstr == {0: "Sign in to Cursus"}
        assert any(e.msgid_plural for e in entries)

    def test_parser_sees_fuzzy_and_untranslated(self, tmp_path):
        po = tmp_path / "x.po"
        po.write_text(
            'msgid ""\nmsgstr "Language: en\\n"\n\n'
            '#, fuzzy, python-format\nmsgid "Un %(a)s"\nmsgstr "One %(a)s"\n\n'
            'msgid "Deux"\nmsgstr ""\n\n'
            'msgid ""\n"Trois "\n"lignes"\nmsgid_plural "%(n)s x"\nmsgstr[0] "Three"\nmsgstr[1] ""\n',
            encoding="utf-8",
        )
        parsed = parse_po(po)
        assert [e.msgid for e in parsed] == ["Un %(a)s", "Deux", "Trois lignes"]
        assert "fuzzy" in parsed[0].flags and parsed[0].translated
        assert not parsed[1].translated and not parsed[2].translated

    def test_every_entry_translated_and_not_fuzzy(self, entries):
        missing = [
            f"line {e.line}: {e.msgid!r}"
            for e in entries
            if (not e.translated or "fuzzy" in e.flags) and e.msgid not in ALLOWED_UNTRANSLATED
        ]
        assert missing == [], f"{len(missing)} entries to translate in {PO_PATH}"

    def test_allow_list_only_names_real_entries(self, entries):
        msgids = {e.msgid for e in entries}
        assert set(ALLOWED_UNTRANSLATED) <= msgids

    def test_placeholders_kept(self, entries):
        wrong = [
            (source, target)
            for entry in entries
            for source, target in _pairs(entry)
            if target and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target))
        ]
        assert wrong == []

    def test_html_tags_kept(self, entries):
        wrong = [
            (source, target)
            for entry in entries
            for source, target in _pairs(entry)
            if target and sorted(HTML_TAG.findall(source)) != sorted(HTML_TAG.findall(target))
        ]
        assert wrong == []

    def test_glossary_terms(self, entries):
        by_id = {e.msgid: e.msgstr.get(0, "") for e in entries}
        assert by_id["jours ouvrés"] == "working days (Mon–Fri)"
        assert by_id["jours ouvrables"] == "working days (Mon–Sat)"
        assert "subject to the jury's deliberation" in by_id[
            "Publication provisoire (sous réserve de la délibération du jury)"
        ]

    def test_compiled_catalogue_matches_po(self, entries):
        """The committed .mo is the compiled current .po (run compilemessages after editing)."""
        with MO_PATH.open("rb") as handle:
            compiled = gettext_module.GNUTranslations(handle)
        stale = []
        for entry in entries:
            if not entry.translated or "fuzzy" in entry.flags:
                continue
            if entry.msgid_plural:
                got = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
                expected = [entry.msgstr[0], entry.msgstr[1]]
            else:
                got, expected = [compiled.gettext(entry.msgid)], [entry.msgstr[0]]
            if got != expected:
                stale.append(entry.msgid)
        assert stale == [], f"{len(stale)} entries differ: run compilemessages"


@pytest.mark.django_db
class TestEnglishPages:
    def test_login_page_after_switching_language(self, client):
        response = client.post(reverse("set_language"), {"language": "en", "next": reverse("account_login")})
        assert response.status_code == 302
        html = client.get(reverse("account_login")).content.decode()
        assert '<html lang="en">' in html
        assert "<title>Sign in" in html and "Sign in to Cursus" in html and "Password" in html
        assert "Mot de passe" not in html and "Connexion à Cursus" not in html
        assert "INVALID_TEMPLATE_VARIABLE" not in html

    def test_staff_home_navigation(self, client):
        ra = RoleAssignmentFactory(role=Role.SECRETARIAT)
        client.force_login(ra.user)
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        html = client.get(reverse("home")).content.decode()
        for label in ("Home", "My documents", "Programmes and M3C", "Registrations", "Exams", "Deadlines",
                      "Main navigation", "Sign out"):
            assert label in html, label
        for french in ("Accueil", "Mes documents", "Formations et M3C", "Se déconnecter"):
            assert french not in html, french
        assert "INVALID_TEMPLATE_VARIABLE" not in html

    def test_french_stays_the_default(self, client):
        client.force_login(UserFactory())
        html = client.get(reverse("home")).content.decode()
        assert '<html lang="fr">' in html and "Accueil" in html and "Se déconnecter" in html


class TestEnglishErrors:
    def test_profile_parameter_error_names_field_and_rule(self):
        from core.profiles.registry import validate_value

        with translation.override("en"), pytest.raises(ApplicationError) as caught:
            validate_value("juries.pass_mark", 99)
        error = caught.value
        assert error.message.startswith("Pass mark (UE, semester, year) (juries.pass_mark): ")
        assert "exceeds the maximum 20" in error.message and f"Rule: {error.rule_id}." in error.message
        assert error.fields == {"juries.pass_mark": ["the value 99 exceeds the maximum 20."]}

    def test_seating_rule_error(self):
        from exams.rules.seating import order_candidates

        with translation.override("en"), pytest.raises(ApplicationError) as caught:
            order_candidates([], order="random", seed=None)
        assert caught.value.message == "A random draw requires a seed."
        assert caught.value.fields == {"seed": ["Required for random order."]}

    def test_same_error_in_french(self):
        from exams.rules.seating import order_candidates

        with translation.override("fr"), pytest.raises(ApplicationError) as caught:
            order_candidates([], order="random", seed=None)
        assert caught.value.message == "Un tirage aléatoire exige une graine."

    def test_default_not_found_and_permission_messages(self):
        from core.errors import NotFound, PermissionDenied

        with translation.override("en"):
            assert NotFound().message == "Not found."
            assert PermissionDenied().message == "Action not allowed."
        with translation.override("fr"):
            assert NotFound().message == "Introuvable."
            assert PermissionDenied().message == "Action non autorisée."
