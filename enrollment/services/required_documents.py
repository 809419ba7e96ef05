"""The list of documents to provide at registration (ARL-ES05.3-first-enrollment: the complete list is
given to the student; ARL-ES05.5-check-file), configured by the scolarité in the web pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, NotFound
from core.models import Institution, User
from enrollment import permissions
from enrollment.models import RegistrationDocument, RequiredDocumentType

RULE = "ARL-ES05.3-first-enrollment"
FORMATS = ("pdf", "jpg", "jpeg", "png")
FIELDS = ("label", "help_text", "mandatory", "first_registration_only", "accepted_types", "max_size_kb", "position")


def _check(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    label = str(values.get("label") or "").strip()
    if not label:
        errors["label"] = _("Obligatoire.")
    types = [str(t).lower().strip().lstrip(".") for t in values.get("accepted_types") or []]
    unknown = [t for t in types if t not in FORMATS]
    if not types or unknown:
        errors["accepted_types"] = _("Choisir parmi : %(f)s.") % {"f": ", ".join(FORMATS)}
    size = values.get("max_size_kb") or 0
    if not 1 <= int(size) <= 51200:
        errors["max_size_kb"] = _("Entre 1 et 51 200 Ko.")
    if errors:
        raise ApplicationError("enrollment.required_document_invalid", _("La pièce n'a pas été enregistrée."),
                               fields=errors, rule_id=RULE)
    return {**values, "label": label, "accepted_types": sorted(set(types))}


def required_document_save(*, actor: User, institution: Institution, values: dict[str, Any],
                           programme: Any = None, document_type: RequiredDocumentType | None = None
                           ) -> RequiredDocumentType:
    """Create (``document_type`` None) or change a required document of the institution or of one programme."""
    if document_type is not None:
        institution, programme = document_type.institution, document_type.programme
    if not permissions.can_configure_documents(actor, institution, programme):
        raise NotFound()
    if programme is not None and programme.component.institution_id != institution.pk:
        raise ApplicationError("enrollment.required_document_invalid", _("Formation d'un autre établissement."),
                               fields={"programme": _("Formation d'un autre établissement.")})
    values = _check(values)
    with transaction.atomic():
        if document_type is None:
            code = slugify(values.get("code") or values["label"])[:40] or "piece"
            obj = RequiredDocumentType(institution=institution, programme=programme, code=code)
            before: dict[str, Any] = {}
        else:
            obj = RequiredDocumentType.objects.select_for_update().get(pk=document_type.pk)
            before = {f: getattr(obj, f) for f in FIELDS}
        for field in FIELDS:
            if field in values:
                setattr(obj, field, values[field])
        try:
            obj.full_clean()
            with transaction.atomic():
                obj.save()
        except (ValidationError, IntegrityError):
            raise ApplicationError("enrollment.required_document_duplicate",
                                   _("Une pièce de même code existe déjà pour ce périmètre."),
                                   fields={"label": _("Déjà présente (code « %(c)s »).") % {"c": obj.code}}
                                   ) from None
        audit_record(actor=actor, action="enrollment.required_document.save", obj=obj, before=before,
                     after={f: getattr(obj, f) for f in FIELDS}, rule_id=RULE)
    return obj


def required_document_delete(*, actor: User, document_type: RequiredDocumentType) -> None:
    """Remove a document from the list; refused once students have uploaded it (make it optional instead)."""
    if not permissions.can_configure_documents(actor, document_type.institution, document_type.programme):
        raise NotFound()
    if RegistrationDocument.objects.filter(document_type=document_type).exists():
        raise ApplicationError("enrollment.required_document_in_use",
                               _("Des étudiants ont déjà déposé cette pièce : la rendre facultative plutôt que la "
                                 "supprimer."), rule_id=RULE)
    with transaction.atomic():
        audit_record(actor=actor, action="enrollment.required_document.delete", obj=document_type,
                     before={"code": document_type.code, "label": document_type.label}, rule_id=RULE)
        document_type.delete()
