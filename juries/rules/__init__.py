"""Pure results rules (issue 4): values, averages, compensation, bonuses, malus, progression.

Every function here is pure (no ORM, no clock) and cites the catalogue rule id it implements.
Numbers travel as floats on the /20 scale; ``averages.round_mark`` and ``averages.at_least`` are
the only places where rounding and threshold comparison happen (docs/decisions/juries.md J-01).
"""
