"""Student-list imports: all or nothing, every bad row reported with line, field and reason."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from core.errors import NotFound
from core.models import User
from enrollment import imports
from enrollment.imports import RowError
from enrollment.models import AdministrativeRegistration, Student

pytestmark = pytest.mark.django_db

HEADER = "student_number;ine;last_name;first_name;email;birth_date;regime;study_year\n"


def _run(world, content, filename="liste.csv", validated=False):
    return imports.students_import(actor=world.secretariat, institution=world.institution, academic_year=2026,
                                   content=content, filename=filename, validated=validated)


def test_valid_csv_with_bom_and_semicolons(world):
    content = ("\ufeff" + HEADER + "20260001;1234567890A;Petit;Léa;lea@example.fr;2007-03-01;FI;but-info:1\n"
               "20260002;;Roux;Hugo;hugo@example.fr;01/02/2006;apprentice;BUT-INFO:1\n").encode()
    report = _run(world, content)
    assert report.ok and report.created == 2
    lea = Student.objects.get(student_number="20260001")
    assert lea.user.first_name == "Léa" and lea.ine == "1234567890A" and lea.regime == "initial"
    assert Student.objects.get(student_number="20260002").regime == "apprentice"
    assert set(AdministrativeRegistration.objects.values_list("state", flat=True)) == {"draft"}


def test_comma_separated_and_validated_state(world):
    content = ("student_number,last_name,first_name,email,study_year\n"
               "20260003,Blanc,Zoé,zoe@example.fr,but-info:1\n").encode()
    report = _run(world, content, validated=True)
    assert report.ok
    reg = AdministrativeRegistration.objects.get()
    assert reg.state == "validated" and reg.transitions.get().name == "validate_imported"


def test_xlsx(world):
    import datetime as dt

    wb = Workbook()
    ws = wb.active
    ws.append(["COD_ETU", "Nom", "Prénom", "Mail", "Date de naissance", "study_year"])
    ws.append([20260004, "Noir", "Tom", "tom@example.fr", dt.datetime(2006, 4, 5), "but-info:1"])
    buf = io.BytesIO()
    wb.save(buf)
    report = _run(world, buf.getvalue(), filename="apogee.xlsx")
    assert report.ok, report.errors
    tom = Student.objects.get(student_number="20260004")
    assert tom.birth_date == dt.date(2006, 4, 5)


def test_several_bad_rows_nothing_written(world):
    users_before = User.objects.count()
    content = (HEADER
               + "20260010;1234567890A;Valide;Ana;ana@example.fr;2007-01-01;initial;but-info:1\n"  # line 2 ok
               + "20260011;12345;Court;Ben;ben@example.fr;2007-01-01;initial;but-info:1\n"  # 3: INE
               + ";;SansNumero;Cid;cid@example.fr;;;but-info:1\n"  # 4: number missing
               + "20260013;;Mail;Dan;pas-un-mail;31/02/2007;initial;but-info:1\n"  # 5: email + date
               + "20260010;;Double;Eve;eve@example.fr;;initial;but-info:1\n"  # 6: duplicate number
               + f"{world.student.student_number};;Existant;Fay;fay@example.fr;;martian;but-info:9\n"  # 7: db dup + regime + year
               + "\n")  # empty line ignored
    report = _run(world, content.encode())
    assert not report.ok and report.created == 0
    assert {(e.line, e.field) for e in report.errors} == {
        (3, "ine"), (4, "student_number"), (5, "email"), (5, "birth_date"), (6, "student_number"),
        (7, "student_number"), (7, "regime"), (7, "study_year"),
    }
    assert all(e.reason for e in report.errors)
    assert User.objects.count() == users_before
    assert not AdministrativeRegistration.objects.exists()
    assert not Student.objects.filter(student_number="20260010").exists()


def test_missing_columns_and_bad_format(world):
    report = _run(world, b"nom;prenom\nA;B\n")
    assert {e.field for e in report.errors} == {"student_number", "email", "study_year"}
    assert all(e.line == 1 for e in report.errors)
    assert _run(world, b"x", filename="liste.pdf").errors[0] == RowError(
        0, "file", "Format non pris en charge : fichier .csv ou .xlsx attendu.")
    assert _run(world, "é".encode("latin-1"), filename="l.csv").errors[0].field == "file"


def test_only_scolarite_imports(world):
    with pytest.raises(NotFound):
        imports.students_import(actor=world.student.user, institution=world.institution, academic_year=2026,
                                content=HEADER.encode(), filename="l.csv")


def test_import_page_reports_errors(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(world.secretariat)
    content = (HEADER + "20260011;12345;Court;Ben;ben@example.fr;2007-01-01;initial;but-info:1\n").encode()
    response = client.post(reverse("enrollment:import"), {
        "institution": world.institution.pk, "academic_year": 2026,
        "file": SimpleUploadedFile("liste.csv", content, content_type="text/csv"),
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "<td>2</td>" in html and "<code>ine</code>" in html and "INVALID_TEMPLATE_VARIABLE" not in html
    assert not Student.objects.filter(student_number="20260011").exists()
    client.force_login(world.student.user)
    assert client.get(reverse("enrollment:import")).status_code == 404
