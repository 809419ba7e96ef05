from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):  # type: ignore[no-untyped-def]
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):  # type: ignore[no-untyped-def]
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):  # type: ignore[no-untyped-def]
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in: student, applicant, staff or teacher. Login is by e-mail."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("adresse e-mail"), unique=True)
    preferred_language = models.CharField(
        _("langue"), max_length=5, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # django-stubs types AbstractUser.objects as the username-based auth UserManager; an e-mail login
    # manager cannot subtype it without inheriting its username signatures.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} <{self.email}>" if full else self.email


class Role(models.TextChoices):
    """Roles a person holds, scoped to an institution, a component, a programme or a module."""

    STUDENT = "student", _("Étudiant·e")
    APPLICANT = "applicant", _("Candidat·e")
    TEACHER = "teacher", _("Enseignant·e")
    VACATAIRE = "vacataire", _("Enseignant·e vacataire")
    MODULE_HEAD = "module_head", _("Responsable de module")
    PROGRAMME_HEAD = "programme_head", _("Responsable de formation")
    SECRETARIAT = "secretariat", _("Scolarité / secrétariat pédagogique")
    EXAM_OFFICE = "exam_office", _("Bureau des examens")
    JURY_PRESIDENT = "jury_president", _("Président·e de jury")
    JURY_MEMBER = "jury_member", _("Membre de jury")
    INTERNSHIP_OFFICE = "internship_office", _("Bureau des stages")
    DISABILITY_OFFICE = "disability_office", _("Mission handicap")
    DIRECTOR = "director", _("Directeur·rice")
    DISCIPLINARY_SECTION = "disciplinary_section", _("Section disciplinaire")
    ADMINISTRATOR = "administrator", _("Administrateur·rice")


#: Roles whose holders use the back-office (deadline dashboard, lists, profiles).
STAFF_ROLES = frozenset(
    {
        Role.SECRETARIAT,
        Role.EXAM_OFFICE,
        Role.INTERNSHIP_OFFICE,
        Role.DISABILITY_OFFICE,
        Role.DIRECTOR,
        Role.DISCIPLINARY_SECTION,
        Role.ADMINISTRATOR,
        Role.PROGRAMME_HEAD,
        Role.JURY_PRESIDENT,
    }
)
TEACHING_ROLES = frozenset({Role.TEACHER, Role.VACATAIRE, Role.MODULE_HEAD, Role.PROGRAMME_HEAD})


class RoleAssignment(models.Model):
    """One role held by one person over one scope.

    Scope, from widest to narrowest: the institution (component and scope object empty), a
    component (UFR, IUT, department: covers its sub-components), or one object of another app
    (a programme, a module) through ``scope_type``/``scope_id``. core.permissions.has_role is the
    only reader.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices)
    institution = models.ForeignKey("core.Institution", on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey(
        "core.Component", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scope_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")
    valid_from = models.DateField(_("à partir du"), null=True, blank=True)
    valid_until = models.DateField(_("jusqu'au"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rôle attribué")
        verbose_name_plural = _("rôles attribués")
        ordering = ["user_id", "role", "id"]
        indexes = [
            models.Index(fields=["user", "role"]),
            models.Index(fields=["scope_type", "scope_id", "role"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="roleassignment_scope_pair",
                condition=Q(scope_type__isnull=True, scope_id__isnull=True)
                | Q(scope_type__isnull=False, scope_id__isnull=False),
            ),
            models.UniqueConstraint(
                name="roleassignment_unique",
                fields=["user", "role", "institution", "component", "scope_type", "scope_id"],
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"
