"""Build small team workbooks in a test, one row in one line.

    book = CaseloadBuilder()
    book.dossier("2026-001", municipality="Antwerpen")
    book.network("2026-001", name="Jan Peeters", invite="ja")
    path = book.save(tmp_path / "Caseload.xlsx")

A row gets sensible values for its required columns; a test names only the cells that matter.
Values are written as given: a str in a date column stays text, as when someone types it.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from eenplan.sheets.schema import LIST_NAMES, SCHEMAS, STAFF_CONTACT_NAMES

LISTS: dict[str, list[str]] = {
    "Gemeenten": ["Brasschaat", "Essen", "Kalmthout", "Kapellen", "Wuustwezel"],
    "Begeleiders": ["An Claes", "Bart Peeters", "Sofie Janssens"],
    "Aanmelders": ["Gezin zelf", "School", "CLB", "Huisarts"],
    "Levensdomeinen": ["Opvoeding", "Gezondheid", "Onderwijs", "Wonen", "Werk en inkomen"],
    "Rollen": ["Ouder", "Grootouder", "Buur", "Leerkracht", "Hulpverlener"],
    "Redenen afsluiting": ["Doelen bereikt", "Gezin stopt zelf", "Doorverwezen", "Geen contact meer"],
}

FAMILIES = ["Familie Peeters", "Familie Claes", "Familie Janssens", "Familie Maes", "Familie Jacobs",
            "Familie Mertens", "Familie Willems", "Familie Goossens", "Familie Wouters", "Familie De Smet"]
DOSSIER_DEFAULTS: dict[str, Any] = {
    "flow": "procesbegeleiding",
    "municipality": "Kapellen",
    "registered_on": datetime.date(2026, 9, 1),
}


class CaseloadBuilder:
    def __init__(self, *, lists: dict[str, list[str]] | None = None) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
        self.lists = LISTS if lists is None else lists
        # sheet -> the headers to write, in order (None: the schema's)
        self.headers: dict[str, list[str] | None] = {name: None for name in SCHEMAS}
        self.leave_out: set[str] = set()

    def dossier(self, number: str = "2026-001", **cells: Any) -> CaseloadBuilder:
        family = FAMILIES[len(self.rows["Dossiers"]) % len(FAMILIES)]
        self.rows["Dossiers"].append({"id": number, "family": family, **DOSSIER_DEFAULTS, **cells})
        return self

    def network(self, dossier: str = "2026-001", **cells: Any) -> CaseloadBuilder:
        self.rows["Netwerk"].append({"dossier": dossier, "name": "Jan Janssens", **cells})
        return self

    def pause(self, dossier: str = "2026-001", **cells: Any) -> CaseloadBuilder:
        self.rows["Pauzes"].append({"dossier": dossier, "start": datetime.date(2026, 9, 10), **cells})
        return self

    def round_table(self, dossier: str = "2026-001", **cells: Any) -> CaseloadBuilder:
        self.rows["Rondetafels"].append(
            {"dossier": dossier, "date": datetime.date(2026, 10, 5), **cells})
        return self

    def agreement(self, dossier: str = "2026-001", **cells: Any) -> CaseloadBuilder:
        self.rows["Afspraken"].append({"dossier": dossier, **cells})
        return self

    def blank_row(self, sheet: str = "Dossiers") -> CaseloadBuilder:
        self.rows[sheet].append({})
        return self

    def without_sheet(self, sheet: str) -> CaseloadBuilder:
        self.leave_out.add(sheet)
        return self

    def with_headers(self, sheet: str, headers: list[str]) -> CaseloadBuilder:
        """Write these headers instead of the schema's (to leave out, rename or add columns)."""
        self.headers[sheet] = headers
        return self

    def save(self, path: Path) -> Path:
        book = openpyxl.Workbook()
        book.remove(book.active)
        for name, schema in SCHEMAS.items():
            if name in self.leave_out:
                continue
            sheet = book.create_sheet(name)
            by_header = {c.header: c.field for c in schema.columns}
            headers = self.headers[name] or [c.header for c in schema.columns]
            sheet.append(headers)
            for row in self.rows[name]:
                values = [row.get(by_header.get(h, h)) for h in headers]
                sheet.append(values)
                for cell in sheet[sheet.max_row]:
                    if isinstance(cell.value, (datetime.date, datetime.datetime)):
                        cell.number_format = "dd/mm/yyyy"
        if "Lijsten" not in self.leave_out:
            sheet = book.create_sheet("Lijsten")
            extra = [n for n in STAFF_CONTACT_NAMES if n in self.lists]
            for column, name in enumerate([*LIST_NAMES, *extra], start=1):
                sheet.cell(1, column, name)
                for row, value in enumerate(self.lists.get(name, []), start=2):
                    sheet.cell(row, column, value)
        book.save(path)
        return path


def pages_fit(pages: Any) -> int:
    """A sheet's fitToWidth or fitToHeight as Excel and LibreOffice read it: left out (openpyxl
    reads None) is 1, the standard's default, which XlsxWriter does not write."""
    return 1 if pages is None else int(pages)


def charts_by_sheet(path: Path) -> dict[str, list[tuple[int, str]]]:
    """The charts of an xlsx, by the sheet they stand on: (the row their top-left corner is
    anchored to, counted from 0; the chart part's XML), top to bottom, read from the parts' links."""
    with zipfile.ZipFile(path) as package:
        def part(name: str) -> str:
            return package.read(name).decode("utf-8")

        def links(name: str) -> dict[str, str]:
            folder, file = posixpath.split(name)
            rels = f"{folder}/_rels/{file}.rels"
            if rels not in package.namelist():
                return {}
            return {i: posixpath.normpath(posixpath.join(folder, t)) for i, t in
                    re.findall(r'<Relationship Id="(\w+)" [^>]*Target="([^"]+)"', part(rels))}

        sheets = links("xl/workbook.xml")
        found: dict[str, list[tuple[int, str]]] = {}
        listed = re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(\w+)"', part("xl/workbook.xml"))
        for name, rid in listed:
            for drawing in links(sheets[rid]).values():
                if "/drawings/" not in drawing:
                    continue
                targets = links(drawing)
                for anchor in part(drawing).split("<xdr:twoCellAnchor")[1:]:
                    row = int(re.search(r"<xdr:from>.*?<xdr:row>(\d+)</xdr:row>", anchor).group(1))
                    chart = re.search(r'<c:chart [^>]*r:id="(\w+)"', anchor)
                    if chart:
                        found.setdefault(name, []).append((row, part(targets[chart.group(1)])))
    return found


def mail_team_settings(port: int, *, security: str = "geen", mail: str = "", more: str = "") -> str:
    """The eenplan.toml of a test team that mails through the SMTP server on 127.0.0.1:``port``:
    ``mail`` holds more lines for [mail], ``more`` more sections."""
    return (f'[team]\nnaam = "Team Test"\n\n[mail]\nserver = "127.0.0.1"\npoort = {port}\n'
            f'beveiliging = "{security}"\nafzender = "team@voorbeeld.be"\n{mail}\n{more}')
