"""The team's workbook: its layout (``schema``), the reader into typed records (``reader``,
``cells``, ``records``), the checks (``rules``, ``findings``) and the writers of the blank workbook
(``blank``) and the check report (``report``).

The check of a whole workbook, with the flows' rules too, is ``eenplan.flows.check``.
"""
