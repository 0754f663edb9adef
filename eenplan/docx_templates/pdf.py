"""PDF copies of Word documents, through LibreOffice (``soffice --headless``).

One soffice call converts a whole batch, with a private profile in a temporary folder (so it
neither disturbs nor waits for a LibreOffice the user has open), under a time limit; each PDF
that comes out is checked before it is used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from eenplan.errors import PdfError

TIMEOUT_SECONDS = 240
_ELSEWHERE = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def soffice() -> str | None:
    """Where LibreOffice is, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in _ELSEWHERE if os.path.isfile(path)), None)


def to_pdf(files: Sequence[Path], *, timeout: float = TIMEOUT_SECONDS) -> dict[Path, bytes]:
    """The PDF of each .docx, by name; one LibreOffice call for all of them."""
    if not files:
        return {}
    program = soffice()
    if program is None:
        raise PdfError(
            "Voor PDF's is LibreOffice nodig, en dat is hier niet geïnstalleerd. De Word-bestanden "
            "zijn wel gemaakt. Installeer LibreOffice (libreoffice.org) en probeer opnieuw met --pdf."
        )
    with tempfile.TemporaryDirectory(prefix="eenplan-pdf-") as work:
        folder = Path(work)
        sources = folder / "in"
        sources.mkdir()
        # copies with plain names: soffice stumbles over some characters on some systems
        names = {}
        for index, path in enumerate(files):
            copy = sources / f"{index:04d}.docx"
            shutil.copyfile(path, copy)
            names[path] = copy
        out = folder / "uit"
        command = [program, f"-env:UserInstallation={(folder / 'profiel').as_uri()}", "--headless",
                   "--norestore", "--nologo", "--convert-to", "pdf", "--outdir", str(out),
                   *(str(c) for c in names.values())]
        try:
            subprocess.run(command, check=False, timeout=timeout, capture_output=True,
                           stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"LibreOffice maakte de PDF's niet binnen {int(timeout)} seconden. De Word-bestanden "
                "zijn wel gemaakt; probeer het opnieuw, of maak de PDF in Word (Opslaan als PDF)."
            ) from None
        except OSError as exc:
            raise PdfError(f"LibreOffice kon niet starten ({exc.strerror}). De Word-bestanden zijn "
                           "wel gemaakt.") from None
        made: dict[Path, bytes] = {}
        for path, copy in names.items():
            pdf = out / (copy.stem + ".pdf")
            data = pdf.read_bytes() if pdf.is_file() else b""
            if not data.startswith(b"%PDF") or len(data) < 200:
                raise PdfError(
                    f"LibreOffice maakte geen bruikbare PDF van {path.name}. Het Word-bestand is wel "
                    "gemaakt: open het in Word of LibreOffice en bewaar het als PDF."
                )
            made[path] = data
        return made
