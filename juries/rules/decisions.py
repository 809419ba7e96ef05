"""Decision codes proposed to juries and the reasons that accompany them.

The engine proposes; the jury decides (STRAS-91, TOURS-VI-4.3-deliberation). Codes and their
meaning are listed in docs/glossary/juries.md.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Code(enum.StrEnum):
    ADM = "ADM"  # admis / validé
    ADSUP = "ADSUP"  # acquis par validation d'un niveau supérieur (BUT)
    ADJ = "ADJ"  # admis par décision de jury (never proposed: jury only)
    CMP = "CMP"  # validé par compensation
    AJ = "AJ"  # ajourné
    ATJ = "ATJ"  # non validé pour une autre raison (e.g. 30 % absences, RSY-A3-30pct)
    ATT = "ATT"  # en attente (marks pending)
    RAT = "RAT"  # en attente de la session de rattrapage
    DEF = "DEF"  # défaillant
    ABAN = "ABAN"  # abandon constaté
    NAR = "NAR"  # non autorisé à redoubler
    PASD = "PASD"  # passage de droit (BUT)
    PAS1NCI = "PAS1NCI"  # passage avec un niveau de compétence non validé (jury decision)
    RED = "RED"  # redoublement


#: Codes meaning "acquired" for a UE (capitalised, ECTS granted).
VALIDATED = frozenset({Code.ADM, Code.ADSUP, Code.ADJ, Code.CMP})


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a value or decision was proposed.

    ``rule`` is a catalogue rule id when a regulation text prescribes it; ``ref`` names the M3C
    setting or profile parameter otherwise (national framework, programme settings).
    """

    text: str
    rule: str = ""
    ref: str = ""

    def as_dict(self) -> dict[str, str]:
        out = {"text": self.text}
        if self.rule:
            out["rule"] = self.rule
        if self.ref:
            out["ref"] = self.ref
        return out


@dataclass(frozen=True, slots=True)
class Proposal:
    code: Code
    reasons: tuple[Reason, ...] = ()
