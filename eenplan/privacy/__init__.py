"""A family's rights over its data: the export of one dossier (``export``) and the retention
period after closure (``retention``)."""
