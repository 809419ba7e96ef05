"""Student-list imports (CSV or xlsx, e.g. Parcoursup or Apogée exports), all or nothing.

Columns (header row, any order, case-insensitive; aliases in ``ALIASES``):

============== ======== ===================================================================
column         required format
============== ======== ===================================================================
student_number yes      up to 20 characters, unique per institution
ine            no       11 characters: 10 digits + 1 letter or 9 digits + 2 letters
last_name      yes
first_name     yes
email          yes      unique; an existing account without a student record is reused
birth_date     no       YYYY-MM-DD or DD/MM/YYYY (or an xlsx date cell)
birth_place    no
phone          no
regime         no       initial / apprentice / continuing (also FI / FA / FC); default initial
study_year     yes      ``<programme code>:<level>`` of the import's academic year, e.g. ``but-info:1``
============== ======== ===================================================================

CSV: ``;`` or ``,`` separator (auto-detected on the header line), UTF-8 with or without BOM.
Every bad row is reported as ``RowError(line, field, reason)`` (line 1 is the header); nothing
is written unless every row is valid.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import NotFound
from core.models import Institution, User
from enrollment import permissions, rules, workflows
from enrollment.models import AdministrativeRegistration, Regime, RegistrationState, Student

COLUMNS = ("student_number", "ine", "last_name", "first_name", "email", "birth_date", "birth_place", "phone",
           "regime", "study_year")
REQUIRED = ("student_number", "last_name", "first_name", "email", "study_year")
ALIASES = {
    "numero_etudiant": "student_number", "num_etudiant": "student_number", "cod_etu": "student_number",
    "numero": "student_number", "cod_nne_ind": "ine", "ine_ind": "ine",
    "nom": "last_name", "lib_nom_pat_ind": "last_name", "prenom": "first_name", "lib_pr1_ind": "first_name",
    "courriel": "email", "mail": "email", "e_mail": "email", "adr_mail": "email",
    "date_naissance": "birth_date", "date_de_naissance": "birth_date", "date_nai_ind": "birth_date",
    "lieu_naissance": "birth_place", "telephone": "phone", "regime_inscription": "regime",
    "annee": "study_year", "formation": "study_year", "annee_formation": "study_year",
}
REGIMES = {"initial": Regime.INITIAL, "fi": Regime.INITIAL, "apprentice": Regime.APPRENTICE, "fa": Regime.APPRENTICE,
           "apprentissage": Regime.APPRENTICE, "continuing": Regime.CONTINUING, "fc": Regime.CONTINUING,
           "formation continue": Regime.CONTINUING}
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _norm_header(value: Any) -> str:
    text = str(value or "").strip().lower()
    for a, b in (("é", "e"), ("è", "e"), ("ê", "e"), ("à", "a"), ("ç", "c"), ("-", "_"), (" ", "_"), (".", "_")):
        text = text.replace(a, b)
    return ALIASES.get(text, text)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(content: bytes, filename: str) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """Rows as (line number, {column: value}); header problems are errors on line 1."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _read_xlsx(content)
    elif name.endswith((".csv", ".txt")):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [RowError(0, "file", _("Le fichier doit être encodé en UTF-8."))]
        first = text.splitlines()[0] if text else ""
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        raw = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    else:
        return [], [RowError(0, "file", _("Format non pris en charge : fichier .csv ou .xlsx attendu."))]
    if isinstance(raw, RowError):
        return [], [raw]
    if not raw:
        return [], [RowError(1, "file", _("Le fichier est vide."))]
    header = [_norm_header(h) for h in raw[0]]
    errors = [RowError(1, col, _("Colonne obligatoire absente.")) for col in REQUIRED if col not in header]
    dupes = {h for h in header if h and header.count(h) > 1}
    errors += [RowError(1, col, _("Colonne en double.")) for col in sorted(dupes)]
    if errors:
        return [], errors
    rows: list[tuple[int, dict[str, Any]]] = []
    for index, values in enumerate(raw[1:], start=2):
        cells = [_cell(v) for v in values]
        if not any(c not in ("", None) for c in cells):
            continue
        rows.append((index, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h in COLUMNS}))
    if len(rows) > MAX_ROWS:
        return [], [RowError(0, "file", _("Trop de lignes (%(n)s au maximum).") % {"n": MAX_ROWS})]
    return rows, []


def _read_xlsx(content: bytes) -> list[list[Any]] | RowError:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a corrupt file
        return RowError(0, "file", _("Classeur xlsx illisible."))
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError


def study_year_index(institution: Institution, academic_year: int) -> dict[str, Any]:
    """{"<programme code>:<level>": StudyYear} for the institution's programmes that year."""
    from courses.models import StudyYear

    qs = StudyYear.objects.filter(
        programme_version__academic_year=academic_year,
        programme_version__programme__component__institution=institution,
    ).select_related("programme_version__programme")
    return {f"{sy.programme_version.programme.code.lower()}:{sy.level}": sy for sy in qs}


def validate_rows(
    rows: list[tuple[int, dict[str, Any]]], *, institution: Institution, academic_year: int
) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Check every row (required fields, formats, duplicates in the file and in the database,
    unknown study year) and return the cleaned rows and *all* the errors found."""
    errors: list[RowError] = []
    cleaned: list[dict[str, Any]] = []
    years = study_year_index(institution, academic_year)
    seen: dict[str, dict[str, int]] = {"student_number": {}, "ine": {}, "email": {}}
    numbers = {str(r.get("student_number", "")).strip() for _l, r in rows}
    ines = {rules.normalize_ine(str(r.get("ine", ""))) for _l, r in rows} - {""}
    emails = {str(r.get("email", "")).strip().lower() for _l, r in rows}
    taken_numbers = set(Student.objects.filter(institution=institution, student_number__in=numbers)
                        .values_list("student_number", flat=True))
    taken_ines = set(Student.objects.filter(ine__in=ines).values_list("ine", flat=True))
    taken_emails = set(Student.objects.filter(user__email__in=emails).values_list("user__email", flat=True))
    for line, row in rows:
        before = len(errors)
        out: dict[str, Any] = {"line": line}
        for col in REQUIRED:
            if not str(row.get(col, "")).strip():
                errors.append(RowError(line, col, _("Valeur obligatoire.")))
        number = str(row.get("student_number", "")).strip()
        if number and (len(number) > 20 or not re.fullmatch(r"[A-Za-z0-9\-]+", number)):
            errors.append(RowError(line, "student_number", _("Lettres, chiffres ou tirets, 20 caractères au plus.")))
        email = str(row.get("email", "")).strip().lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(RowError(line, "email", _("Adresse e-mail invalide.")))
        ine_check = rules.check_ine(str(row.get("ine", "")))
        if not ine_check.valid:
            errors.append(RowError(line, "ine", ine_check.reason))
        birth = row.get("birth_date", "")
        birth_date = None
        if birth not in ("", None):
            try:
                birth_date = _parse_date(birth)
            except ValueError:
                errors.append(RowError(line, "birth_date", _("Date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA.")))
        regime_raw = str(row.get("regime", "")).strip().lower()
        regime = REGIMES.get(regime_raw, Regime.INITIAL if not regime_raw else None)
        if regime is None:
            errors.append(RowError(line, "regime", _("Régime inconnu : initial, apprentice ou continuing.")))
        sy_code = str(row.get("study_year", "")).strip().lower()
        study_year = years.get(sy_code)
        if sy_code and study_year is None:
            errors.append(RowError(line, "study_year", _("Année de formation inconnue pour %(y)s-%(n)s : « %(c)s ».")
                                   % {"y": academic_year, "n": academic_year + 1, "c": sy_code}))
        for key, value, taken in (("student_number", number, taken_numbers), ("ine", ine_check.normalized, taken_ines),
                                  ("email", email, taken_emails)):
            if not value:
                continue
            if value in seen[key]:
                errors.append(RowError(line, key, _("En double dans le fichier (déjà ligne %(l)s).") % {"l": seen[key][value]}))
            else:
                seen[key][value] = line
            if value in taken:
                errors.append(RowError(line, key, _("Déjà attribué à un·e étudiant·e existant·e.")))
        if len(errors) == before:
            out.update(
                student_number=number, ine=ine_check.normalized, email=email, birth_date=birth_date, regime=regime,
                last_name=str(row.get("last_name", "")).strip(), first_name=str(row.get("first_name", "")).strip(),
                birth_place=str(row.get("birth_place", "")).strip(), phone=str(row.get("phone", "")).strip(),
                study_year=study_year,
            )
            cleaned.append(out)
    return cleaned, errors


def students_import(
    *, actor: User, institution: Institution, academic_year: int, content: bytes, filename: str, validated: bool = False
) -> ImportReport:
    """Validate the whole file; when (and only when) every row is valid, create in one
    transaction the users, student records and registrations (draft, or validated when the
    source system already validated them)."""
    if not permissions.can_manage_students(actor, institution.pk):
        raise NotFound()
    rows, errors = read_table(content, filename)
    report = ImportReport(rows=len(rows), errors=errors)
    if errors:
        return report
    cleaned, report.errors = validate_rows(rows, institution=institution, academic_year=academic_year)
    if report.errors:
        return report
    from enrollment.services.students import student_create

    with transaction.atomic():
        for row in cleaned:
            student = student_create(
                actor=actor, institution=institution, email=row["email"], first_name=row["first_name"],
                last_name=row["last_name"], student_number=row["student_number"], check_permission=False,
                ine=row["ine"], birth_date=row["birth_date"], birth_place=row["birth_place"], phone=row["phone"],
                regime=row["regime"],
            )
            reg = AdministrativeRegistration.objects.create(
                student=student, study_year=row["study_year"], academic_year=academic_year,
            )
            if validated:
                workflows.apply(reg, "validate_imported", actor_kind=workflows.SECRETARIAT, actor=actor,
                                reason=_("Import du %(f)s") % {"f": filename})
                reg.validated_by = actor
                reg.save(update_fields=["validated_by"])
            report.created += 1
        audit_record(actor=actor, action="enrollment.import", obj=institution,
                     after={"file": filename, "rows": report.created, "academic_year": academic_year,
                            "state": RegistrationState.VALIDATED if validated else RegistrationState.DRAFT})
    return report
