"""Demo data: one institution per regulation preset, with a user for every role.

``seed(stdout) -> DemoContext`` creates (or finds: running it twice changes nothing) for each
preset an institution, its main site (with its public-holiday subdivision), a top component
(IUT, school or UFR) with two departments, a regulation profile built from the preset for
``DEMO_YEAR`` assigned to the top component, the Christmas closure, one user per
:class:`core.models.Role` (``scolarite@tours.demo``…) and a few students; password
``cursus-demo`` for everyone (hashed once, the same hash string stored for every demo user: the
password is published anyway, and ~180 PBKDF2 hashes were most of the seed's time). Users and
role assignments are bulk-created plain rows (``DemoContext.ensure_users``). ``manage.py seed_demo`` then lets every app add its own demo data
through ``<app>.demo.seed(ctx)`` and prints the logins.

Other apps' ``demo.seed(ctx)`` run inside the same transaction: they must be idempotent too
(get-or-create on natural keys) and must not call ``transaction.atomic(durable=True)`` services.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, Protocol

from django.conf import settings
from django.contrib.auth.hashers import make_password

from core.models import (
    ClosureDay,
    Component,
    Institution,
    RegulationProfile,
    Role,
    RoleAssignment,
    Site,
    User,
)
from core.models.institutions import ComponentKind
from core.profiles.services import profile_assign, profile_create_from_preset

DEMO_PASSWORD = "cursus-demo"  # noqa: S105 - published demo password, demo data only
DEMO_YEAR = 2026

#: Login (local part of the e-mail) for each role; unknown future roles use their value.
ROLE_LOGINS: dict[str, str] = {
    Role.STUDENT: "etudiant",
    Role.APPLICANT: "candidat",
    Role.TEACHER: "enseignant",
    Role.VACATAIRE: "vacataire",
    Role.MODULE_HEAD: "responsable-module",
    Role.PROGRAMME_HEAD: "responsable-formation",
    Role.SECRETARIAT: "scolarite",
    Role.EXAM_OFFICE: "examens",
    Role.JURY_PRESIDENT: "president-jury",
    Role.JURY_MEMBER: "membre-jury",
    Role.INTERNSHIP_OFFICE: "stages",
    Role.DISABILITY_OFFICE: "handicap",
    Role.DIRECTOR: "direction",
    Role.DISCIPLINARY_SECTION: "section-disciplinaire",
    Role.ADMINISTRATOR: "admin",
}

STUDENT_NAMES = [("Camille", "Martin"), ("Léa", "Bernard"), ("Hugo", "Petit"), ("Inès", "Durand"),
                 ("Lucas", "Moreau")]


@dataclass(frozen=True)
class DemoInstitution:
    preset: str
    code: str
    name: str
    short_name: str
    domain: str
    site: tuple[str, str, str, str]  # code, name, city, holiday subdivision
    top: tuple[str, str, str]  # code, name, kind
    departments: tuple[tuple[str, str], ...]


INSTITUTIONS: tuple[DemoInstitution, ...] = (
    DemoInstitution("iut-arl", "demo-iut-lyon1", "IUT Lyon 1 (démo)", "IUT Lyon 1", "iut-lyon1.demo",
                    ("villeurbanne", "Campus de la Doua", "Villeurbanne", ""),
                    ("iut", "IUT Lyon 1", ComponentKind.IUT),
                    (("info", "Département Informatique"), ("gea", "Département GEA"))),
    DemoInstitution("utc", "demo-utc", "UTC (démo)", "UTC", "utc.demo",
                    ("compiegne", "Centre Benjamin Franklin", "Compiègne", ""),
                    ("utc", "Université de technologie de Compiègne", ComponentKind.SCHOOL),
                    (("gi", "Génie informatique"), ("gb", "Génie biologique"))),
    DemoInstitution("iut-rsy", "demo-iut-rsy", "IUT La Roche-sur-Yon (démo)", "IUT La Roche-sur-Yon",
                    "iut-rsy.demo",
                    ("la-roche", "Campus de La Courtaisière", "La Roche-sur-Yon", ""),
                    ("iut", "IUT de La Roche-sur-Yon", ComponentKind.IUT),
                    (("info", "Département Informatique"), ("tc", "Techniques de commercialisation"))),
    DemoInstitution("tours", "demo-tours", "Université de Tours (démo)", "Univ. Tours", "tours.demo",
                    ("grandmont", "Campus de Grandmont", "Tours", ""),
                    ("ufr-st", "UFR Sciences et techniques", ComponentKind.UFR),
                    (("maths", "Département de mathématiques"), ("info", "Département d'informatique"))),
    DemoInstitution("strasbourg", "demo-strasbourg", "Université de Strasbourg (démo)", "Unistra",
                    "strasbourg.demo",
                    ("esplanade", "Campus de l'Esplanade", "Strasbourg", "6AE"),
                    ("ufr-mi", "UFR de mathématique et d'informatique", ComponentKind.UFR),
                    (("maths", "Département de mathématiques"), ("info", "Département d'informatique"))),
)

#: Institution-wide closures of the demo year: (start, end, label).
CLOSURES = (
    (date(2026, 12, 21), date(2027, 1, 1), "Fermeture de fin d'année"),
    (date(2027, 5, 7), date(2027, 5, 7), "Pont de l'Ascension"),
)


_HASHES: dict[tuple[str, ...], str] = {}


def password_hash(password: str = DEMO_PASSWORD) -> str:
    """The demo password hashed ONCE per process (and hasher setting) and reused for every demo
    user: hashing is deliberately slow (PBKDF2, ~0.5 s each), and ~180 demo users would spend
    most of the seed in it. Each user still gets a valid hash that ``check_password`` accepts."""
    key = (password, *settings.PASSWORD_HASHERS)
    if key not in _HASHES:
        _HASHES[key] = make_password(password)
    return _HASHES[key]


class DemoUser(NamedTuple):
    """One demo login to ensure (see :meth:`DemoContext.ensure_users`)."""

    local: str
    first_name: str
    last_name: str
    role: str
    who: str = ""
    component: Component | None = None


class Writer(Protocol):
    """Where the seed logs: a management command's ``self.stdout`` or any text stream."""

    def write(self, text: str, /) -> object: ...


@dataclass
class DemoContext:
    """What the demo seeds of every app build on (and add logins to)."""

    stdout: Writer
    academic_year: int = DEMO_YEAR
    password: str = DEMO_PASSWORD
    institutions: dict[str, Institution] = field(default_factory=dict)  # by preset
    sites: dict[str, Site] = field(default_factory=dict)  # by preset
    top_components: dict[str, Component] = field(default_factory=dict)  # by preset
    components: dict[str, dict[str, Component]] = field(default_factory=dict)  # preset -> code -> component
    profiles: dict[str, RegulationProfile] = field(default_factory=dict)  # by preset
    users: dict[tuple[str, str], User] = field(default_factory=dict)  # (preset, role)
    students: dict[str, list[User]] = field(default_factory=dict)  # by preset
    domains: dict[str, str] = field(default_factory=dict)  # by preset
    logins: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # institution name -> (who, email)

    def log(self, line: str) -> None:
        self.stdout.write(f"{line}\n")

    def user(self, preset: str, role: str) -> User:
        return self.users[(preset, role)]

    def add_login(self, institution_name: str, who: str, email: str) -> None:
        entries = self.logins.setdefault(institution_name, [])
        if (who, email) not in entries:
            entries.append((who, email))

    def ensure_user(
        self, preset: str, local: str, *, first_name: str, last_name: str, role: str,
        component: Component | None = None, who: str = "",
    ) -> User:
        """``<local>@<domain of preset>`` with ``role`` (idempotent); listed in the logins table."""
        return self.ensure_users(preset, [DemoUser(local, first_name, last_name, role, who, component)])[0]

    def ensure_users(self, preset: str, specs: Iterable[DemoUser]) -> list[User]:
        """Bulk :meth:`ensure_user`: plain rows (users with the shared password hash, role
        assignments) created with one query per table; existing users and roles are left as they are."""
        specs = list(specs)
        institution = self.institutions[preset]
        emails = [f"{s.local}@{self.domains[preset]}" for s in specs]
        existing = {u.email: u for u in User.objects.filter(email__in=emails)}
        missing = [
            User(email=email, first_name=s.first_name, last_name=s.last_name, password=password_hash(self.password))
            for s, email in zip(specs, emails, strict=True) if email not in existing
        ]
        if missing:
            User.objects.bulk_create(missing)
            existing.update({u.email: u for u in User.objects.filter(email__in=[u.email for u in missing])})
        users = [existing[email] for email in emails]
        held = set(
            RoleAssignment.objects.filter(
                user__in=users, institution=institution, scope_type=None, scope_id=None
            ).values_list("user_id", "role", "component_id")
        )
        wanted = {}
        for s, user in zip(specs, users, strict=True):
            key = (user.pk, str(s.role), s.component.pk if s.component else None)
            if key not in held and key not in wanted:
                wanted[key] = RoleAssignment(user=user, role=s.role, institution=institution, component=s.component)
        if wanted:
            RoleAssignment.objects.bulk_create(wanted.values())
        for s, email in zip(specs, emails, strict=True):
            self.add_login(institution.name, s.who or str(Role(s.role).label), email)
        return users


def _institution(ctx: DemoContext, spec: DemoInstitution) -> None:
    inst, _ = Institution.objects.get_or_create(
        code=spec.code, defaults={"name": spec.name, "short_name": spec.short_name,
                                  "email": f"contact@{spec.domain}"}
    )
    site_code, site_name, city, subdivision = spec.site
    site, _ = Site.objects.get_or_create(
        institution=inst, code=site_code,
        defaults={"name": site_name, "city": city, "holiday_subdivision": subdivision, "is_main": True},
    )
    top_code, top_name, kind = spec.top
    top, _ = Component.objects.get_or_create(
        institution=inst, code=top_code, defaults={"name": top_name, "kind": kind, "site": site}
    )
    components = {top_code: top}
    for code, name in spec.departments:
        components[code], _ = Component.objects.get_or_create(
            institution=inst, code=code,
            defaults={"name": name, "kind": ComponentKind.DEPARTMENT, "parent": top},
        )
    ctx.institutions[spec.preset] = inst
    ctx.sites[spec.preset] = site
    ctx.top_components[spec.preset] = top
    ctx.components[spec.preset] = components
    ctx.domains[spec.preset] = spec.domain


def _profile(ctx: DemoContext, spec: DemoInstitution) -> None:
    inst, top = ctx.institutions[spec.preset], ctx.top_components[spec.preset]
    profile = RegulationProfile.objects.filter(
        institution=inst, academic_year=ctx.academic_year, preset=spec.preset
    ).first()
    if profile is None:
        profile = profile_create_from_preset(
            actor=None, institution=inst, preset=spec.preset, academic_year=ctx.academic_year,
            name=f"{spec.short_name} — règlement {ctx.academic_year}-{ctx.academic_year + 1}",
        )
    profile_assign(actor=None, component=top, academic_year=ctx.academic_year, profile=profile)
    ctx.profiles[spec.preset] = profile


def _closures(ctx: DemoContext, spec: DemoInstitution) -> None:
    for start, end, label in CLOSURES:
        ClosureDay.objects.get_or_create(
            institution=ctx.institutions[spec.preset], site=None, component=None, start=start, end=end, label=label
        )


def _people(ctx: DemoContext, spec: DemoInstitution) -> None:
    roles = list(Role)
    specs = [DemoUser(ROLE_LOGINS.get(role, role.value.replace("_", "-")), str(role.label).split(" ")[0], "Démo",
                      role) for role in roles]
    specs += [DemoUser(f"etudiant{i}", first, last, Role.STUDENT, f"{Role.STUDENT.label} {i}")
              for i, (first, last) in enumerate(STUDENT_NAMES, start=1)]
    users = ctx.ensure_users(spec.preset, specs)
    for role, user in zip(roles, users, strict=False):
        ctx.users[(spec.preset, role.value)] = user
    ctx.students[spec.preset] = [ctx.users[(spec.preset, Role.STUDENT.value)], *users[len(roles):]]


SUPERUSER_EMAIL = "superadmin@cursus.demo"


def _superuser(ctx: DemoContext) -> None:
    """A platform superuser for the Django admin (technical console)."""
    User.objects.get_or_create(
        email=SUPERUSER_EMAIL,
        defaults={"first_name": "Super", "last_name": "Admin", "is_staff": True, "is_superuser": True,
                  "password": password_hash(ctx.password)},
    )
    ctx.add_login("Plateforme", "Superutilisateur (admin Django)", SUPERUSER_EMAIL)


def seed(stdout: Writer) -> DemoContext:
    """Create or complete the demo institutions (call inside one transaction)."""
    ctx = DemoContext(stdout=stdout)
    _superuser(ctx)
    for spec in INSTITUTIONS:
        _institution(ctx, spec)
        _profile(ctx, spec)
        _closures(ctx, spec)
        _people(ctx, spec)
        ctx.log(f"{spec.name} : profil {spec.preset} {ctx.academic_year}-{ctx.academic_year + 1}, "
                f"site {ctx.sites[spec.preset].name}, {len(ctx.components[spec.preset])} composantes.")
    return ctx


def format_logins(ctx: DemoContext) -> str:
    """The logins table, grouped by institution (same text on every run)."""
    lines = [f"Identifiants de démonstration (mot de passe : {ctx.password})", ""]
    for institution, entries in ctx.logins.items():
        lines.append(institution)
        width = max(len(who) for who, _ in entries)
        lines.extend(f"  {who.ljust(width)}  {email}" for who, email in entries)
        lines.append("")
    return "\n".join(lines)


def refresh_statistics() -> None:
    """PostgreSQL: refresh the planner's statistics after bulk inserts (the exams and juries seeders,
    whose queries read what the earlier seeders wrote, call it first).
    The seed runs in one transaction on a fresh database whose tables were analysed while empty, and
    the plans chosen for "empty" tables (nested loops over sequential scans) turned some later queries
    into minutes; ANALYZE counts the rows inserted by its own transaction. SQLite: nothing to do."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
