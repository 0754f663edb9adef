"""The team's folder: eenplan.toml (``settings``), a new folder (``init``), the regions' lists
(``regions``), the state store in .eenplan/ (``state``) and the jobs that read the team's workbook
with its settings and flows (``jobs``)."""
