"""A large caseload workbook for the benchmarks, made once and kept in benchmarks/data/.

    from big_workbook import big_workbook
    path = big_workbook(50_000)   # 50,000 dossiers, 3 network rows each

The rows are plain and varied enough to exercise every column; a few percent carry the
mistakes real workbooks hold, so the checks have findings to make.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TODAY = datetime.date(2026, 11, 23)

MUNICIPALITIES = ["Brasschaat", "Essen", "Kalmthout", "Kapellen", "Wuustwezel"]
BEGELEIDERS = [f"Begeleider {n}" for n in range(1, 41)]
REFERRERS = ["Gezin zelf", "School", "CLB", "Huisarts", "Kind en Gezin"]
DOMAINS = ["Opvoeding", "Gezondheid", "Onderwijs", "Wonen", "Werk en inkomen"]
ROLES = ["Ouder", "Grootouder", "Buur", "Leerkracht", "Hulpverlener"]
REASONS = ["Doelen bereikt", "Gezin stopt zelf", "Doorverwezen", "Geen contact meer"]


def big_workbook(dossiers: int = 50_000, *, network_per_dossier: int = 3) -> Path:
    """The path of a workbook with this many dossiers, built on first use."""
    path = DATA / f"caseload-{dossiers}.xlsx"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp.xlsx")
        _build(temporary, dossiers, network_per_dossier)
        temporary.replace(path)
    return path


def _build(path: Path, count: int, network_per_dossier: int) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    rng = random.Random(7)
    book = Workbook(write_only=True)
    dossiers = book.create_sheet("Dossiers")
    network = book.create_sheet("Netwerk")
    pauses = book.create_sheet("Pauzes")
    tables = book.create_sheet("Rondetafels")
    agreements = book.create_sheet("Afspraken")
    lists = book.create_sheet("Lijsten")

    def date_cell(sheet: object, value: object) -> object:
        if not isinstance(value, datetime.date):
            return value
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell

    dossiers.append([
        "Dossier", "Gezin", "Traject", "Gemeente", "Aanmelder", "Hulpvraag", "Begeleider",
        "Datum aanmelding", "Datum perspectiefgesprek", "Datum gezinsplan", "Datum afsluiting",
        "Reden afsluiting", "Aantal sessies", "Adres", "E-mail", "Krachten", "Zorgen", "Wensen",
        "Opmerkingen",
    ])
    network.append(["Dossier", "Naam", "Rol", "Relatie", "Organisatie", "E-mail", "Telefoon",
                    "Adres", "Uitnodigen"])
    pauses.append(["Dossier", "Van", "Tot", "Reden"])
    tables.append(["Dossier", "Datum", "Uur", "Locatie", "Soort", "Aanwezig", "Verslag",
                   "Volgende datum"])
    agreements.append(["Dossier", "Rondetafel", "Levensdomein", "Doel", "Actie", "Wie",
                       "Ondersteuning", "Tegen wanneer", "Status"])
    for n in range(count):
        number = f"{2019 + n // 10000}-{n % 10000:05d}"
        registered = TODAY - datetime.timedelta(days=rng.randint(0, 5 * 365))
        perspective = registered + datetime.timedelta(days=rng.randint(3, 45))
        if perspective > TODAY or rng.random() < 0.1:
            perspective = None
        plan = perspective + datetime.timedelta(days=rng.randint(7, 40)) if perspective else None
        if plan is not None and plan > TODAY:
            plan = None
        closed = None
        if perspective and rng.random() < 0.7:
            closed = perspective + datetime.timedelta(days=rng.randint(30, 160))
            if closed > TODAY:
                closed = None
        flow = "eerstelijnspsycholoog" if n % 7 == 0 else "procesbegeleiding"
        municipality = rng.choice(MUNICIPALITIES) if n % 97 else "Antwerpen"
        registered_cell = registered if n % 211 else registered.strftime("%d/%m/%Y")
        row = [
            number, f"Familie {n}", flow, municipality, rng.choice(REFERRERS),
            rng.choice(DOMAINS), rng.choice(BEGELEIDERS) if perspective else None,
            registered_cell, perspective, plan, closed,
            rng.choice(REASONS) if closed and n % 301 else None,
            rng.randint(1, 7) if flow == "eerstelijnspsycholoog" else None,
            f"Dorpsstraat {n % 200 + 1}, 2950 Kapellen",
            f"gezin{n}@voorbeeld.be" if n % 401 else f"gezin{n}voorbeeld.be",
            "Warme grootouders dichtbij", "Slapen en school", "Rust in huis", None,
        ]
        dossiers.append([date_cell(dossiers, v) for v in row])
        for k in range(network_per_dossier):
            network.append([
                number, f"Persoon {n}-{k}", rng.choice(ROLES), "familie", None,
                f"p{n}x{k}@voorbeeld.be", "0470 12 34 56", None, "ja" if k < 2 else "nee",
            ])
        if n % 10 == 0:
            start = registered + datetime.timedelta(days=10)
            if start <= TODAY:
                pauses.append([date_cell(pauses, v) for v in (number, start, None, "Ziekte")])
        if perspective and n % 3 == 0:
            meeting = perspective + datetime.timedelta(days=14)
            tables.append([date_cell(tables, v) for v in (
                number, meeting, datetime.time(14, 0), "Gemeentehuis", "start", "gezin", None, None)])
            agreements.append([date_cell(agreements, v) for v in (
                number, meeting, rng.choice(DOMAINS), "Rust bij het slapengaan", "Avondritueel",
                "Mama", "Oma", meeting + datetime.timedelta(days=30), "lopend")])
    columns = {
        "Gemeenten": MUNICIPALITIES, "Begeleiders": BEGELEIDERS, "Aanmelders": REFERRERS,
        "Levensdomeinen": DOMAINS, "Rollen": ROLES, "Redenen afsluiting": REASONS,
    }
    lists.append(list(columns))
    for i in range(max(len(v) for v in columns.values())):
        lists.append([v[i] if i < len(v) else None for v in columns.values()])
    book.save(path)


if __name__ == "__main__":
    import sys

    print(big_workbook(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000))
