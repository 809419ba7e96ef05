"""Pure enrollment rules: values in, decisions with reasons out (STYLE 1).

No ORM and no ``now()`` here: the reference date is always a parameter, and whatever a
regulation leaves to the institution arrives as an argument read from the regulation profile
(``enrollment/parameters.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

# --------------------------------------------------------------------------------------------
# INE (identifiant national étudiant)
# --------------------------------------------------------------------------------------------

#: INE-BEA / INE-RNIE (10 digits + 1 key letter) and INE-Base / INE-université
#: (9 digits + 2 letters). Check keys are computed by the ministry's national directories
#: with algorithms that are not published as a norm, so Cursus checks the *shape* only; the
#: ministry's directory remains the authority (decision ENR-D-002).
INE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("10 chiffres + 1 lettre", re.compile(r"^\d{10}[A-Z]$")),
    ("9 chiffres + 2 lettres", re.compile(r"^\d{9}[A-Z]{2}$")),
)


@dataclass(frozen=True)
class IneCheck:
    valid: bool
    normalized: str
    reason: str = ""


def normalize_ine(value: str) -> str:
    """Upper-case, without spaces or dashes (students often copy it with separators)."""
    return re.sub(r"[\s\-.]", "", value or "").upper()


def check_ine(value: str) -> IneCheck:
    """Check the format of an INE: 11 characters, 10 digits + 1 letter or 9 digits + 2 letters.

    Rule: national INE formats (not a catalogue rule; see docs/decisions/enrollment.md ENR-D-002).
    An empty value is *valid* here (foreign students may have none); requiredness is decided
    by the caller.
    """
    normalized = normalize_ine(value)
    if not normalized:
        return IneCheck(True, "")
    if len(normalized) != 11:
        return IneCheck(False, normalized, f"L'INE compte 11 caractères ({len(normalized)} saisis).")
    for _label, pattern in INE_PATTERNS:
        if pattern.match(normalized):
            return IneCheck(True, normalized)
    return IneCheck(
        False,
        normalized,
        "Format d'INE inconnu : 10 chiffres suivis d'une lettre, ou 9 chiffres suivis de 2 lettres.",
    )


# --------------------------------------------------------------------------------------------
# Required documents (ARL-ES05.3-first-enrollment, ARL-ES05.5-check-file)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequiredDoc:
    code: str
    label: str
    mandatory: bool = True
    first_registration_only: bool = False


@dataclass(frozen=True)
class DocumentsDecision:
    complete: bool
    missing: tuple[RequiredDoc, ...] = ()
    rejected: tuple[RequiredDoc, ...] = ()

    @property
    def to_provide(self) -> tuple[RequiredDoc, ...]:
        """What the student must (re)send: missing first, then rejected ones."""
        return self.missing + self.rejected


def documents_decision(
    required: Iterable[RequiredDoc],
    provided: Mapping[str, Sequence[str]],
    *,
    is_reregistration: bool,
) -> DocumentsDecision:
    """Which mandatory documents are still missing or rejected.

    ``provided`` maps a document-type code to the statuses of its uploads (``pending``,
    ``accepted``, ``rejected``). A type is satisfied by one upload that is pending or accepted;
    a type whose every upload was rejected must be sent again. Types required only for a first
    registration are skipped on a re-registration (ARL-ES05.3-first-enrollment lists all
    documents for first enrollment; re-enrollment has its own modalities).
    The student is told exactly which documents are missing (ARL-ES05.5-check-file).
    """
    missing: list[RequiredDoc] = []
    rejected: list[RequiredDoc] = []
    for doc in required:
        if not doc.mandatory or (is_reregistration and doc.first_registration_only):
            continue
        statuses = provided.get(doc.code, ())
        if any(s in ("pending", "accepted") for s in statuses):
            continue
        (rejected if statuses else missing).append(doc)
    return DocumentsDecision(not missing and not rejected, tuple(missing), tuple(rejected))


# --------------------------------------------------------------------------------------------
# Uploads
# --------------------------------------------------------------------------------------------

#: File signatures ("magic numbers") of the types a document may have; the declared extension
#: and content type are never trusted alone.
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


@dataclass(frozen=True)
class UploadCheck:
    ok: bool
    extension: str = ""
    errors: tuple[str, ...] = ()


def check_upload(
    *, filename: str, size: int, head: bytes, accepted: Sequence[str], max_size_kb: int
) -> UploadCheck:
    """Type and size of an uploaded document (extension AND file signature must match)."""
    errors: list[str] = []
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    accepted_norm = [a.lower().lstrip(".") for a in accepted]
    if ext not in accepted_norm:
        errors.append(
            "Type de fichier refusé ({}) : formats acceptés {}.".format(ext or "sans extension", ", ".join(accepted_norm))
        )
    elif ext in MAGIC and not any(head.startswith(sig) for sig in MAGIC[ext]):
        errors.append(f"Le contenu du fichier ne correspond pas à son extension .{ext}.")
    if size <= 0:
        errors.append("Le fichier est vide.")
    elif size > max_size_kb * 1024:
        errors.append(f"Fichier trop volumineux : {max_size_kb} Ko au maximum ({-(-size // 1024)} Ko reçus).")
    return UploadCheck(not errors, ext, tuple(errors))


# --------------------------------------------------------------------------------------------
# Validity periods (accommodations, attendance exemption)
# --------------------------------------------------------------------------------------------


def is_valid_on(day: date, valid_from: date | None, valid_until: date | None) -> bool:
    """A period with open ends: valid from ``valid_from`` to ``valid_until`` inclusive.

    Used for exam accommodations (TOURS-VI-3.2-accommodation-request) and attendance
    exemptions (TOURS-VI-1-individual, STRAS-29).
    """
    if valid_from is not None and day < valid_from:
        return False
    return not (valid_until is not None and day > valid_until)


# --------------------------------------------------------------------------------------------
# Remote validation for overseas residents (ARL-ES07-overseas)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reasons: tuple[str, ...] = ()
    rule_id: str = ""


def remote_validation_decision(*, enabled: bool, resides_outside_metropole: bool) -> Decision:
    """ARL-ES07-overseas: a student residing outside metropolitan France may be validated
    remotely; the originals are checked (and the card delivered) at the rentrée."""
    rule = "ARL-ES07-overseas"
    if not enabled:
        return Decision(False, ("La validation à distance n'est pas prévue par le règlement applicable.",), rule)
    if not resides_outside_metropole:
        return Decision(
            False, ("La validation à distance est réservée aux étudiants résidant hors métropole.",), rule
        )
    return Decision(True, ("Validation à distance : originaux à présenter à la rentrée.",), rule)


# --------------------------------------------------------------------------------------------
# Re-registration (hook fed by juries)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReregistrationDecision:
    allowed: bool
    target: str  # "next" (next programme year), "same" (repeat), "" (refused)
    reasons: tuple[str, ...] = field(default_factory=tuple)


def reregistration_decision(
    previous_decision_code: str | None, codes: Mapping[str, Sequence[str]]
) -> ReregistrationDecision:
    """May a continuing student re-register, and into which programme year?

    ``previous_decision_code`` is the jury's progression decision for the previous year (e.g.
    ``ADM``, ``PASD``, ``AJAC``, ``RED``, ``NAR``); ``codes`` is the profile parameter
    ``enrollment.progression_codes`` = {"next": [...], "same": [...]} (RSY-A1-odd-semester,
    RSY-A1-S5: progression is the jury's decision; the juries app computes it and passes the
    code here). No decision yet (None/"") allows nothing: the registration waits for the jury.
    """
    code = (previous_decision_code or "").strip().upper()
    if not code:
        return ReregistrationDecision(False, "", ("Aucune décision de jury pour l'année précédente.",))
    if code in {c.upper() for c in codes.get("next", ())}:
        return ReregistrationDecision(True, "next", (f"Décision {code} : passage dans l'année supérieure.",))
    if code in {c.upper() for c in codes.get("same", ())}:
        return ReregistrationDecision(True, "same", (f"Décision {code} : réinscription dans la même année.",))
    return ReregistrationDecision(False, "", (f"Décision {code} : réinscription non autorisée.",))


def reregistration_target_allowed(decision: ReregistrationDecision, *, previous_level: int, target_level: int) -> bool:
    """The chosen programme year matches the decision (next level or same level)."""
    if not decision.allowed:
        return False
    if decision.target == "next":
        return target_level == previous_level + 1
    return target_level == previous_level


# --------------------------------------------------------------------------------------------
# Groups and exams
# --------------------------------------------------------------------------------------------


def group_capacity_decision(*, capacity: int | None, members: int) -> Decision:
    """A teaching group accepts a member while below its capacity (None = unlimited)."""
    if capacity is None or members < capacity:
        return Decision(True)
    return Decision(False, (f"Groupe complet ({members}/{capacity}).",))


def exam_eligibility(*, administrative_validated: bool, pedagogical_registered: bool) -> Decision:
    """TOURS-VI-enrollment-prerequisite: administrative THEN pedagogical registration are an
    imperative condition to sit a diploma's exams."""
    rule = "TOURS-VI-enrollment-prerequisite"
    if not administrative_validated:
        return Decision(False, ("Inscription administrative non validée.",), rule)
    if not pedagogical_registered:
        return Decision(False, ("Pas d'inscription pédagogique à ce module.",), rule)
    return Decision(True, (), rule)


def extra_time_minutes(duration_minutes: int, percent: int) -> int:
    """Extra time of an accommodation, rounded up to the minute (tiers-temps = 33 %:
    TOURS-VI-3.2-accommodation-request lists extra time among special exam conditions)."""
    return -(-duration_minutes * percent // 100)
