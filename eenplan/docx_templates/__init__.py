"""The team's Word documents: the default templates (the .docx files here), their fields
(``context``), a template read (``template``), the lint (``lint``), the renderer (``renderer``),
the document jobs for invite, report and plan (``documents``) and the PDF copies (``pdf``)."""

from pathlib import Path

# The default templates ship inside this package; `eenplan init` copies them into a team folder.
PACKAGE_TEMPLATES = Path(__file__).resolve().parent
