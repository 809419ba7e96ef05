"""Pure exam rules (no ORM, no clock): see each module's docstring for the rule ids it implements.

Modules: base (slots, decisions, lead times), lateness, exits, invigilation, convocations,
subjects, timetable, conflicts, accommodations, seating, reports, reserves, retention, materials.
"""
