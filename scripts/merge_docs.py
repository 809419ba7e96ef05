"""Merge docs/decisions/*.md into docs/decisions.md and docs/glossary/*.md into docs/glossary.md (dev tool: run after editing a fragment)."""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent / "docs"
order = ["00-lead", "infra", "profiles", "notices", "shell", "demo-data", "courses", "enrollment",
         "juries", "grade-entry", "results", "juries-holds", "results-inputs", "exams", "exam-office", "exam-subjects",
         "exam-day", "exam-orals", "accommodations", "exam-reserves", "exam-archive", "qa", "translation"]
titles = {"00-lead": "Foundation (lead)", "infra": "Infrastructure", "profiles": "Regulation profiles and calendar",
          "notices": "Deadlines and notices", "shell": "Documents, audit, web shell and API", "demo-data": "Demo data",
          "courses": "Programmes and M3C (courses)", "enrollment": "Enrollment", "juries": "Results engine (juries)",
          "grade-entry": "Grade entry and provisional publication", "results": "Materialised results",
          "exams": "Exam rules", "exam-office": "Exam office", "exam-subjects": "Exam subjects",
          "juries-holds": "Mark holds and results notices", "results-inputs": "Results inputs (capitalised UEs, repeats, bonuses)",
          "exam-day": "Exam day (sign-in, late arrivals, exits, unlisted candidates)", "exam-orals": "Oral passage schedules and cross-session conflicts",
          "accommodations": "Accommodation requests", "exam-reserves": "Absences at exams, réserves and make-ups",
          "exam-archive": "Copy archive", "qa": "Quality assurance (crawler, isolation, browser)", "translation": "Translations"}
def ordered(folder):
    files = {p.stem: p for p in (root / folder).glob("*.md")}
    return [files[k] for k in order if k in files] + [files[k] for k in sorted(files) if k not in order]
out = ["# Decisions", "",
       "Every choice where a regulation is silent or ambiguous, or where we picked a library or a design, with the rule id",
       "it concerns and whether it is a regulation-profile parameter. Sections by area; ids are stable.", ""]
toc = []
body = []
for p in ordered("decisions"):
    text = p.read_text().strip()
    text = re.sub(r"^# .*\n+", "", text)  # drop the fragment's own title
    text = re.sub(r"^(#+) ", lambda m: "#" + m.group(1) + " ", text, flags=re.M)  # demote headings one level
    title = titles.get(p.stem, p.stem)
    toc.append(f"- [{title}](#{re.sub(r'[^a-z0-9 -]', '', title.lower()).replace(' ', '-')})")
    body += [f"## {title}", "", text, ""]
(root / "decisions.md").write_text("\n".join(out + toc + [""] + body))
rows: dict[str, tuple[str, str, str]] = {}
for p in ordered("glossary"):
    for line in p.read_text().splitlines():
        if line.startswith("|") and not re.match(r"^\|\s*-", line) and "FR term" not in line and "| EN |" not in line:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and cells[0]:
                key = cells[0].lower()
                rows.setdefault(key, (cells[0], cells[1], " | ".join(cells[2:])))
g = ["# Glossary (French → English)", "",
     "Terms of art used in Cursus, its code and its regulations. Code names are English except where English has",
     "no term (`ue`, `rcue`, `m3c`). Decision codes are those proposed by the results engine or set by juries.", "",
     "| French term | English | meaning |", "|---|---|---|"]
for key in sorted(rows, key=lambda k: k.casefold()):
    fr, en, meaning = rows[key]
    g.append(f"| {fr} | {en} | {meaning} |")
(root / "glossary.md").write_text("\n".join(g) + "\n")
print(len(toc), "decision sections;", len(rows), "glossary terms")
