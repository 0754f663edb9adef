"""eenplan: the caseload toolkit of a "1 Gezin 1 Plan" team."""

__version__ = "0.1.0"
