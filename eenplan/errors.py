"""One exception family. str() of each is one Dutch sentence a person can act on."""


class EenplanError(Exception):
    """A problem with the user's input or setup, not a bug in eenplan."""


class ConfigError(EenplanError):
    """The team folder or eenplan.toml cannot be used."""


class WorkbookUnreadable(EenplanError):
    """The workbook cannot be opened or holds no caseload."""


class TemplateError(EenplanError):
    """A Word template cannot be used."""


class OutputError(EenplanError):
    """A file eenplan produces cannot be written."""


class DossierError(EenplanError):
    """The dossier (or its round-table) a command names is not in the workbook."""


class PdfError(EenplanError):
    """LibreOffice is missing or could not make a PDF."""


class MissingColumn(EenplanError):
    """A sheet or a column a job fills from is not in the workbook (after the team's names)."""
