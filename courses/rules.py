"""Pure rules of courses: M3C checks, publication deadline, freeze and amendment lead time.

No ORM, no clock: callers pass plain values (frozen dataclasses) and the reference date.
Each check returns a list of ``Violation`` (code, message, rule id, field, object) so the M3C
validation page can list every error with the rule it breaks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from core.calendar.working import WorkingCalendar

HUNDRED = Decimal("100")
#: Rule implied by the M3C content rules: the coefficients of the assessment means, in %, sum to 100.
WEIGHTS_RULE = "UTC-1.01-m3c-content"


@dataclass(frozen=True)
class Violation:
    code: str
    message: str
    rule_id: str = ""
    field: str = ""
    target: str = ""  # module or component code the violation is about


@dataclass(frozen=True)
class ComponentSpec:
    code: str
    weight: Decimal
    session: str = "1"  # "1", "2" or "both"
    is_continuous: bool = False
    evaluation_count: int = 1
    window_start: date | None = None
    window_end: date | None = None
    planned_date: date | None = None


@dataclass(frozen=True)
class ModuleSpec:
    code: str
    components: tuple[ComponentSpec, ...] = field(default_factory=tuple)
    min_means_exception: str = ""
    second_session: str = "replace"  # replace | best | none


def _in_session(c: ComponentSpec, session: str) -> bool:
    return c.session in (session, "both")


def check_weights(module: ModuleSpec) -> list[Violation]:
    """The weights of a module's components sum to 100 % in each session held (UTC-1.01-m3c-content).

    Session 1 always; session 2 when the module has second-session components.
    """
    out: list[Violation] = []
    if not module.components:
        return [Violation("courses.no_components", _("Le module %(m)s n'a aucune épreuve.") % {"m": module.code},
                          WEIGHTS_RULE, "components", module.code)]
    sessions = ["1"] + (["2"] if any(_in_session(c, "2") for c in module.components) else [])
    for session in sessions:
        total = sum((c.weight for c in module.components if _in_session(c, session)), Decimal(0))
        if total != HUNDRED:
            out.append(Violation(
                "courses.weights_not_100",
                _("Module %(m)s, session %(s)s : la somme des poids est %(t)s %% au lieu de 100 %%.")
                % {"m": module.code, "s": session, "t": total.normalize()},
                WEIGHTS_RULE, "weight_percent", module.code,
            ))
    return out


def check_min_means(module: ModuleSpec, min_means: int | None, rule_id: str) -> list[Violation]:
    """At least ``min_means`` assessment means per module unless an exception with its reason
    is recorded (UTC-1.02-min-means: the CEVU may authorise a single means)."""
    if not min_means:
        return []
    count = sum(1 for c in module.components if _in_session(c, "1"))
    if count >= min_means or module.min_means_exception.strip():
        return []
    return [Violation(
        "courses.min_assessments",
        _("Module %(m)s : %(n)s moyen(s) d'évaluation, au moins %(k)s requis (ou une dérogation motivée).")
        % {"m": module.code, "n": count, "k": min_means},
        rule_id, "min_assessments_exception", module.code,
    )]


def check_cc_not_single(module: ModuleSpec, min_cc: int | None, rule_id: str) -> list[Violation]:
    """Continuous assessment never consists of a single evaluation (TOURS-II-2-cc-multiple)."""
    if not min_cc:
        return []
    return [
        Violation(
            "courses.cc_single_evaluation",
            _("Module %(m)s, épreuve %(c)s : un contrôle continu comporte au moins %(k)s évaluations (%(n)s prévue(s)).")
            % {"m": module.code, "c": c.code, "k": min_cc, "n": c.evaluation_count},
            rule_id, "evaluation_count", f"{module.code}/{c.code}",
        )
        for c in module.components
        if c.is_continuous and c.evaluation_count < min_cc
    ]


def check_window(module_code: str, c: ComponentSpec, bounds: tuple[date, date] | None,
                 rule_id: str = "UTC-2.01-calendar-content") -> list[Violation]:
    """Every component has a date window inside the academic calendar (UTC-2.01-calendar-content):
    ``bounds`` is the span the calendar allows for it (its semester, or the second session)."""
    target = f"{module_code}/{c.code}"
    if c.window_start is None or c.window_end is None:
        return [Violation("courses.window_missing",
                          _("Épreuve %(t)s : la fenêtre de dates n'est pas renseignée.") % {"t": target},
                          rule_id, "window_start", target)]
    if bounds is None:
        return [Violation("courses.calendar_missing",
                          _("Épreuve %(t)s : aucun calendrier universitaire ne couvre cette épreuve.") % {"t": target},
                          rule_id, "window_start", target)]
    out: list[Violation] = []
    if c.window_start < bounds[0] or c.window_end > bounds[1]:
        out.append(Violation(
            "courses.window_outside_calendar",
            _("Épreuve %(t)s : la fenêtre %(a)s–%(b)s sort du calendrier (%(c)s–%(d)s).")
            % {"t": target, "a": c.window_start.strftime("%d/%m/%Y"), "b": c.window_end.strftime("%d/%m/%Y"),
               "c": bounds[0].strftime("%d/%m/%Y"), "d": bounds[1].strftime("%d/%m/%Y")},
            rule_id, "window_start", target,
        ))
    if c.planned_date is not None and not c.window_start <= c.planned_date <= c.window_end:
        out.append(Violation(
            "courses.planned_date_outside_window",
            _("Épreuve %(t)s : la date prévue sort de sa fenêtre.") % {"t": target},
            rule_id, "planned_date", target,
        ))
    return out


def check_module(module: ModuleSpec, *, min_means: int | None, min_cc: int | None,
                 rules: dict[str, str], bounds: dict[str, tuple[date, date] | None]) -> list[Violation]:
    """Every M3C check of one module; ``bounds`` maps a component code to its calendar span."""
    out = check_weights(module)
    out += check_min_means(module, min_means, rules.get("means", ""))
    out += check_cc_not_single(module, min_cc, rules.get("cc", ""))
    for c in module.components:
        out += check_window(module.code, c, bounds.get(c.code))
    return out


def publication_deadline(anchor: date, convention: str) -> date:
    """Last day to publish the M3C from the anchor (teaching/semester start).

    'fin du premier mois' = start + 1 month − 1 day (TOURS-II-m3c-deadline, STRAS-1);
    'un mois après le début' = start + 1 month (UTC-1.01-arrete, ARL-ES17.1-assessment-rules).
    """
    if convention == "end_of_first_month":
        return WorkingCalendar.end_of_first_month(anchor)
    if convention == "one_month_after":
        return WorkingCalendar.one_month_after(anchor)
    raise ValueError(f"unknown convention {convention!r}")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    code: str = ""
    message: str = ""
    rule_id: str = ""


EDITABLE_STATES = frozenset({"draft"})


def edit_decision(state: str, freeze_rule: str) -> Decision:
    """M3C can be edited only in draft; approved M3C must go back to draft (new vote); once
    published, they cannot be modified for the year/semester (TOURS-II-m3c-freeze, STRAS-6,
    UTC-1.01-freeze) except by an exceptional amendment where the profile allows one."""
    if state in EDITABLE_STATES:
        return Decision(True)
    if state == "approved":
        return Decision(False, "courses.m3c_approved",
                        _("Les M3C ont été approuvées : les repasser en brouillon avant toute modification."))
    return Decision(
        False, "courses.m3c_frozen",
        _("Les M3C sont publiées : elles ne peuvent plus être modifiées pour l'année, "
          "sauf par une modification exceptionnelle (%(r)s).") % {"r": freeze_rule or "Code de l'éducation L.613-1"},
        freeze_rule,
    )


def amendment_decision(*, state: str, lead_days: int | None, today: date, latest: date | None,
                       first_exam: date, rule_id: str) -> Decision:
    """An exceptional amendment of published M3C is made known to the students concerned at
    least ``lead_days`` calendar days before the first exam it affects (TOURS-II-exceptional).

    ``latest`` is first_exam − lead_days computed by the calendar service ('N days before E':
    latest action date = E − N days). No lead time in the profile: no amendment possible.
    """
    if state != "published":
        return Decision(False, "courses.amendment_not_published",
                        _("Seules des M3C publiées (et non figées) peuvent faire l'objet d'une modification exceptionnelle."),
                        rule_id)
    if lead_days is None or latest is None:
        return Decision(False, "courses.amendment_not_allowed",
                        _("Le règlement de l'établissement ne prévoit pas de modification des M3C publiées."),
                        rule_id)
    if today > latest:
        return Decision(
            False, "courses.amendment_too_late",
            _("La modification doit être portée à la connaissance des étudiants au moins %(n)s jours avant "
              "l'épreuve du %(e)s, soit au plus tard le %(l)s.")
            % {"n": lead_days, "e": first_exam.strftime("%d/%m/%Y"), "l": latest.strftime("%d/%m/%Y")},
            rule_id,
        )
    return Decision(True, rule_id=rule_id)


def ects_total_check(semester_label: str, ects: Sequence[Decimal], expected: Decimal = Decimal(30)) -> list[Violation]:
    """A semester carries 30 ECTS (national framework; informative check, no catalogue id)."""
    total = sum(ects, Decimal(0))
    if total == expected:
        return []
    return [Violation("courses.ects_total",
                      _("%(s)s : %(t)s ECTS au lieu de %(e)s.") % {"s": semester_label, "t": f"{total.normalize():f}",
                                                                  "e": f"{expected.normalize():f}"},
                      "", "ects", semester_label)]
