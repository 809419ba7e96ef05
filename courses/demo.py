"""Demo programmes: one realistic published programme per preset institution (courses part of
``manage.py seed_demo``). Idempotent: a programme already present (component + code) is left as is.

- iut-arl, iut-rsy: BUT Informatique, BUT 1 (S1, S2), the 6 national competences, RCUEs,
  ressources feeding several UEs and SAÉ (no second session: BUT make-ups, RSY-A2-makeup);
- utc: engineering branch Génie informatique, first branch year (UVs with médian/final/TP) —
  diploma type MASTER (the engineering degree confers the master's grade; decision C-007);
- tours: Licence Informatique L1 (CC of several evaluations, TOURS-II-2-cc-multiple) and an LP;
- strasbourg: Master Informatique M1.
Every version gets an academic calendar (holidays become closure days), a module team made of
the demo teacher, module head and vacataire, the programme head, and published M3C.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from core.calendar.working import PARIS
from core.models import Component, Role
from courses.models import AcademicCalendar, Programme
from courses.services import module_team_set, programme_head_add
from courses.services.calendar import academic_calendar_get_or_create, calendar_period_add
from courses.services.structure import (
    assessment_component_create,
    competence_create,
    module_create,
    programme_create,
    programme_version_create,
    semester_create,
    study_year_create,
    ue_create,
)
from courses.services.workflow import m3c_approve, m3c_publish

ODD = (date(2026, 9, 1), date(2027, 1, 22))
EVEN = (date(2027, 1, 25), date(2027, 6, 11))
SECOND_SESSION = (date(2027, 6, 14), date(2027, 7, 2))

CALENDAR = (
    ("semester", 1, ODD[0], ODD[1], "Semestres impairs"),
    ("semester", 2, EVEN[0], EVEN[1], "Semestres pairs"),
    ("teaching", 1, date(2026, 9, 1), date(2026, 12, 18), "Enseignements du semestre impair"),
    ("teaching", 2, date(2027, 1, 25), date(2027, 5, 21), "Enseignements du semestre pair"),
    ("midterm_exams", 1, date(2026, 11, 2), date(2026, 11, 6), "Semaine des médians (impair)"),
    ("midterm_exams", 2, date(2027, 3, 22), date(2027, 3, 26), "Semaine des médians (pair)"),
    ("final_exams", 1, date(2027, 1, 11), date(2027, 1, 22), "Examens terminaux (impair)"),
    ("final_exams", 2, date(2027, 5, 31), date(2027, 6, 11), "Examens terminaux (pair)"),
    ("second_session", None, SECOND_SESSION[0], SECOND_SESSION[1], "Seconde session"),
    ("holiday", None, date(2026, 10, 24), date(2026, 11, 1), "Vacances de la Toussaint"),
    ("holiday", None, date(2026, 12, 19), date(2027, 1, 3), "Vacances de Noël"),
    ("holiday", None, date(2027, 2, 20), date(2027, 2, 28), "Vacances d'hiver"),
    ("holiday", None, date(2027, 4, 17), date(2027, 4, 25), "Vacances de printemps"),
)

BUT_COMPETENCES = ("Réaliser un développement d'applications", "Optimiser des applications informatiques",
                   "Administrer des systèmes informatiques communicants complexes",
                   "Gérer des données de l'information", "Conduire un projet",
                   "Travailler dans une équipe informatique")
# (code, title, kind, hours, {ue index: coefficient})
BUT_S1 = (
    ("R1.01", "Initiation au développement", "ressource", 75, {1: 21, 2: 21}),
    ("R1.02", "Développement d'interfaces web", "ressource", 20, {1: 12, 5: 6}),
    ("R1.03", "Introduction à l'architecture des ordinateurs", "ressource", 20, {2: 9, 3: 12}),
    ("R1.04", "Introduction aux systèmes d'exploitation", "ressource", 30, {3: 21}),
    ("R1.05", "Introduction aux bases de données et SQL", "ressource", 40, {4: 30}),
    ("R1.06", "Mathématiques discrètes", "ressource", 40, {2: 12, 4: 12}),
    ("R1.10", "Anglais technique", "ressource", 30, {1: 6, 5: 6, 6: 9}),
    ("R1.12", "Projet professionnel et personnel", "ressource", 15, {5: 9, 6: 12}),
    ("S1.01", "Implémentation d'un besoin client", "sae", 30, {1: 40}),
    ("S1.02", "Comparaison d'approches algorithmiques", "sae", 20, {2: 40}),
    ("S1.03", "Installation d'un poste pour le développement", "sae", 20, {3: 40}),
    ("S1.04", "Création d'une base de données", "sae", 20, {4: 40}),
    ("S1.05", "Recueil de besoins", "sae", 20, {5: 40}),
    ("S1.06", "Découverte de l'environnement économique et écologique", "sae", 20, {6: 40}),
)
BUT_S2 = (
    ("R2.01", "Développement orienté objets", "ressource", 50, {1: 21, 2: 9}),
    ("R2.02", "Développement d'applications avec IHM", "ressource", 40, {1: 21, 6: 6}),
    ("R2.03", "Qualité de développement", "ressource", 30, {1: 12, 2: 12}),
    ("R2.04", "Communication et fonctionnement bas niveau", "ressource", 30, {3: 21}),
    ("R2.06", "Exploitation d'une base de données", "ressource", 40, {4: 30}),
    ("R2.07", "Graphes", "ressource", 30, {2: 21}),
    ("R2.10", "Gestion de projet et des organisations", "ressource", 30, {5: 21, 6: 12}),
    ("S2.01", "Développement d'une application", "sae", 40, {1: 40}),
    ("S2.02", "Exploration algorithmique d'un problème", "sae", 20, {2: 40}),
    ("S2.03", "Installation de services réseau", "sae", 20, {3: 40}),
    ("S2.04", "Exploitation d'une base de données", "sae", 20, {4: 40}),
    ("S2.05", "Gestion d'un projet", "sae", 20, {5: 40}),
    ("S2.06", "Organisation d'un travail d'équipe", "sae", 20, {6: 40}),
)


@dataclass(frozen=True)
class Spec:
    department: str
    diploma: str
    code: str
    title: str
    mention: str
    level: int
    label: str
    semesters: tuple[int, int]
    competences: tuple[str, ...]  # one UE per competence and semester (RCUE) when given
    ues: tuple[tuple[str, str], ...]  # otherwise: (code suffix, title) per semester
    modules: tuple[tuple, tuple]
    style: str  # but | uv | licence
    council: str


def _generic(prefix: str, names: tuple[str, ...], ues: int) -> tuple:
    return tuple((f"{prefix}{i:02d}", name, "course", 36, {1 + (i - 1) % ues: 3}) for i, name in
                 enumerate(names, start=1))


SPECS: dict[str, list[Spec]] = {
    "iut-arl": [Spec("info", "BUT", "but-info", "Informatique", "Informatique", 1, "BUT 1", (1, 2),
                     BUT_COMPETENCES, (), (BUT_S1, BUT_S2), "but", "Conseil de l'IUT")],
    "iut-rsy": [Spec("info", "BUT", "but-info", "Informatique", "Informatique", 1, "BUT 1", (1, 2),
                     BUT_COMPETENCES, (), (BUT_S1, BUT_S2), "but", "Conseil de l'IUT")],
    "utc": [Spec("gi", "MASTER", "ing-gi", "Diplôme d'ingénieur — Génie informatique", "Génie informatique", 3,
                 "GI — 1re année de branche", (5, 6), (),
                 (("CS", "Connaissances scientifiques"), ("TM", "Techniques et méthodes"),
                  ("TSH", "Technologie et sciences de l'homme")),
                 (_generic("GI5", ("NF16 Algorithmique et structures de données", "NF17 Conception de bases de données",
                                   "SR01 Systèmes d'exploitation", "IA01 Intelligence artificielle",
                                   "SI28 Écriture interactive et multimédia"), 3),
                  _generic("GI6", ("LO21 Programmation et conception orientées objet", "NF18 Bases de données avancées",
                                   "SR03 Architecture des applications web", "RO04 Optimisation et recherche opérationnelle",
                                   "HT07 Histoire des techniques"), 3)),
                 "uv", "Directeur de l'UTC (arrêté des M3C, après avis du CEVU)")],
    "tours": [
        Spec("info", "LICENCE", "l1-info", "Licence Informatique — L1", "Informatique", 1, "L1 Informatique", (1, 2), (),
             (("INF", "Informatique"), ("MAT", "Mathématiques"), ("TRA", "Compétences transversales")),
             (_generic("L1S1-", ("Algorithmique et programmation 1", "Architecture des ordinateurs",
                                 "Analyse 1", "Algèbre 1", "Anglais", "Projet personnel et professionnel"), 3),
              _generic("L1S2-", ("Algorithmique et programmation 2", "Bases du web", "Analyse 2",
                                 "Logique et mathématiques discrètes", "Anglais 2", "Méthodologie du travail universitaire"), 3)),
             "licence", "CFVU"),
        Spec("info", "LP", "lp-web", "Licence professionnelle Métiers de l'informatique : applications web",
             "Métiers de l'informatique : conception, développement et test de logiciels", 3, "LP Applications web",
             (5, 6), (), (("DEV", "Développement"), ("PRO", "Professionnalisation")),
             (_generic("LP5-", ("Frameworks web", "Bases de données NoSQL", "Tests et qualité", "Communication"), 2),
              (("LP6-PRJ", "Projet tuteuré", "project", 150, {1: 5}), ("LP6-STG", "Stage en entreprise", "internship",
                                                                    0, {2: 10}))),
             "licence", "CFVU"),
    ],
    "strasbourg": [Spec("info", "MASTER", "m1-info", "Master Informatique — M1", "Informatique", 1, "M1 Informatique",
                        (1, 2), (), (("FON", "Fondamentaux"), ("SPE", "Spécialité"), ("OUV", "Ouverture")),
                        (_generic("M1S1-", ("Compilation", "Algorithmique avancée", "Réseaux", "Génie logiciel",
                                            "Anglais scientifique"), 3),
                         _generic("M1S2-", ("Sécurité", "Apprentissage automatique", "Systèmes distribués",
                                            "Projet de programmation", "Insertion professionnelle"), 3)),
                        "licence", "Conseil d'administration")],
}


def _calendar(component: Component, year: int) -> None:
    if AcademicCalendar.objects.filter(component=component, academic_year=year).exists():
        return
    calendar = academic_calendar_get_or_create(actor=None, component=component, academic_year=year)
    for kind, parity, start, end, label in CALENDAR:
        calendar_period_add(actor=None, calendar=calendar, kind=kind, start=start, end=end, label=label,
                            semester_number=parity)


def _components(module: Any, style: str, odd: bool) -> None:
    finals = date(2027, 1, 12) if odd else date(2027, 6, 1)
    medians = date(2026, 11, 4) if odd else date(2027, 3, 24)
    cc = (date(2026, 9, 14), date(2026, 12, 18)) if odd else (date(2027, 2, 1), date(2027, 5, 21))
    add = lambda **kw: assessment_component_create(actor=None, module=module, **kw)  # noqa: E731
    if module.kind in ("sae", "project", "internship"):
        add(code="RAP", title="Rapport", type="project" if module.kind != "internship" else "internship",
            weight_percent=Decimal(60), group_mode="group" if module.kind != "internship" else "individual",
            window_start=cc[0], window_end=cc[1], position=1)
        add(code="SOUT", title="Soutenance", type="defence", weight_percent=Decimal(40), duration_minutes=20,
            window_start=finals, window_end=finals, planned_date=finals, position=2)
    elif style == "uv":
        add(code="MED", title="Médian", type="written", weight_percent=Decimal(30), duration_minutes=120,
            window_start=medians, window_end=medians, planned_date=medians, anonymous=True, position=1)
        add(code="FIN", title="Final", type="written", weight_percent=Decimal(50), duration_minutes=180,
            window_start=finals, window_end=finals, planned_date=finals, anonymous=True, position=2)
        add(code="TP", title="Comptes rendus de TP", type="tp_report", weight_percent=Decimal(20), is_continuous=True,
            evaluation_count=4, window_start=cc[0], window_end=cc[1], position=3)
    else:
        add(code="CC", title="Contrôle continu", type="continuous", weight_percent=Decimal(40), is_continuous=True,
            evaluation_count=3, window_start=cc[0], window_end=cc[1], position=1)
        add(code="ET", title="Examen terminal", type="written", weight_percent=Decimal(60), duration_minutes=120,
            window_start=finals, window_end=finals, planned_date=finals, anonymous=True, position=2)
    if style == "licence" and module.second_session_rule != "none":
        day = date(2027, 6, 16)
        add(code="S2", title="Épreuve de seconde session", type="written", weight_percent=Decimal(100),
            session="2", duration_minutes=120, window_start=day, window_end=day, planned_date=day, position=9)


def _build(ctx: Any, preset: str, spec: Spec) -> None:
    component = ctx.components[preset][spec.department]
    if Programme.objects.filter(component=component, code=spec.code).exists():
        return
    year_start = ctx.academic_year
    _calendar(ctx.top_components[preset], year_start)
    programme = programme_create(actor=None, component=component, diploma_type=spec.diploma, code=spec.code,
                                 title=spec.title, mention=spec.mention)
    programme_head_add(actor=None, programme=programme, user=ctx.user(preset, Role.PROGRAMME_HEAD))
    version = programme_version_create(actor=None, programme=programme, academic_year=year_start)
    year = study_year_create(actor=None, version=version, level=spec.level, label=spec.label)
    levels = [competence_create(actor=None, version=version, number=i, code=f"c{i}", title=title,
                                levels={spec.level: year}).levels.get()
              for i, title in enumerate(spec.competences, start=1)]
    team = {"head": ctx.user(preset, Role.MODULE_HEAD), "teachers": [ctx.user(preset, Role.TEACHER)],
            "vacataires": [ctx.user(preset, Role.VACATAIRE)]}
    for number, modules in zip(spec.semesters, spec.modules, strict=True):
        odd = number % 2 == 1
        start, end = ODD if odd else EVEN
        semester = semester_create(actor=None, study_year=year, number=number, start_date=start, end_date=end)
        if levels:
            ects = Decimal(30) / len(levels)
            ues = [ue_create(actor=None, semester=semester, code=f"UE{number}.{i}", title=lv.competence.title,
                             ects=ects, competence_level=lv) for i, lv in enumerate(levels, start=1)]
        else:
            share = [Decimal(12), Decimal(12), Decimal(6)] if len(spec.ues) == 3 else [Decimal(18), Decimal(12)]
            ues = [ue_create(actor=None, semester=semester, code=f"{code}{number}", title=title, ects=share[i])
                   for i, (code, title) in enumerate(spec.ues)]
        for position, (code, title, kind, hours, coefs) in enumerate(modules, start=1):
            if spec.style == "uv":
                code, title = title.split(" ", 1)
            module = module_create(
                actor=None, semester=semester, code=code, title=title, kind=kind, hours=Decimal(hours),
                position=position, ects=Decimal(6) if spec.style == "uv" else None,
                second_session_rule="none" if spec.style in ("but", "uv") else "best",
                cc_carry_over="" if spec.style != "licence" else "Les notes de contrôle continu sont conservées.",
                coefficients={ues[i - 1]: Decimal(c) for i, c in coefs.items()},
            )
            _components(module, spec.style, odd)
            module_team_set(actor=None, module=module, **team)
    m3c_approve(actor=None, version=version, council=spec.council, council_date=date(2026, 7, 3))
    m3c_publish(actor=None, version=version, at=datetime(2026, 7, 10, 10, tzinfo=PARIS))
    ctx.log(f"  {programme} {year_start}-{year_start + 1} : M3C publiées ({component}).")


def seed(ctx: Any) -> None:
    """One published programme (two at Tours) per preset institution; idempotent."""
    for preset, specs in SPECS.items():
        if preset not in ctx.institutions:
            continue
        for spec in specs:
            _build(ctx, preset, spec)
