"""The catalogue of `eenplan templates check`'s codes: every kind of problem it can report.

A template finding's ``code`` is part of the JSON contract of `templates check`, as the
workbook's codes are of `eenplan check` (``eenplan.sheets.codes``, whose ``Code`` these are):
a name never changes once it is out. Template findings are made from these entries only, so an
unknown code cannot be raised. README.md lists the same table; tests/test_docs.py holds the two
together.
"""

from __future__ import annotations

from eenplan.sheets.codes import ERROR, WARNING, Catalogue

CATALOGUE = Catalogue()
_code = CATALOGUE.code


# The templates folder and its files
MISSING_TEMPLATE = _code(
    "missing-template", WARNING,
    "Een sjabloon ontbreekt; eenplan gebruikt dan zijn eigen standaardsjabloon (in een taalmap: het "
    "Nederlandse).")
UNUSED_TEMPLATE = _code(
    "unused-template", WARNING,
    "Een bestand met een naam die eenplan niet kent (uitnodiging, verslag, gezinsplan of kindplan); "
    "eenplan gebruikt het niet.")
UNKNOWN_LANGUAGE_FOLDER = _code(
    "unknown-language-folder", WARNING,
    "Een map die geen taal is die eenplan kent; eenplan gebruikt de sjablonen erin niet.")
WRONG_LANGUAGE = _code(
    "wrong-language", WARNING, "Een sjabloon in een taalmap lijkt in het Nederlands geschreven.")
TOO_LARGE = _code(
    "too-large", ERROR, "Een sjabloon is veel groter dan een brief ooit nodig heeft; eenplan opent het niet.")
NOT_A_DOCX = _code("not-a-docx", ERROR, "Een sjabloon is geen Word-document dat eenplan kan lezen.")

# What eenplan's defaults learnt since the team's copy
EARLIER_DEFAULT = _code(
    "earlier-default", WARNING,
    "Een sjabloon is de standaard van een vorige versie van eenplan, en niemand veranderde het: "
    "`eenplan templates bijwerken` zet de standaard van deze versie in de plaats.")
LACKS_IMPROVEMENT = _code(
    "lacks-improvement", WARNING,
    "Een sjabloon dat het team aanpaste, mist iets wat eenplans standaard nu heeft (de zin dat een "
    "plan niet meer loopt, de naam van het gezin in de taal van de brief, het uur van de volgende "
    "rondetafel, de zin met de genodigden, de afspraken).")

# The fields in a template (an error stops the document from being made)
UNCLOSED_FIELD = _code(
    "unclosed-field", ERROR, "Een {{ of {% wordt niet gesloten in dezelfde alinea.")
SYNTAX = _code(
    "syntax", ERROR, "Een veld of opdracht is niet te lezen (een tikfout tussen {{ }} of {% %}).")
ODD_QUOTES = _code(
    "odd-quotes", ERROR,
    "Aanhalingstekens als „ ‚ « » in een veld, die eenplan niet kan lezen (“ ” en ‘ ’ leest het als gewone).")
TEXT_BESIDE_PARAGRAPH_TAG = _code(
    "text-beside-paragraph-tag", ERROR,
    "Tekst in dezelfde alinea als een {%p %}-, {%tr %}- of {%tc %}-opdracht, of in een andere cel van "
    "de tabelrij van een {%tr %}-opdracht: die tekst zou verdwijnen.")
DATE_PATTERN = _code("date-pattern", ERROR, "Een datumpatroon in |datum(...) dat eenplan niet kent.")
INCLUDE = _code(
    "include", ERROR,
    "Een {% include %}, {% import %} of {% extends %}: een sjabloon kan geen ander bestand invoegen.")
LARGE_LOOP = _code("large-loop", ERROR, "Een lus met veel meer stappen dan een brief ooit nodig heeft.")
HUGE_REPETITION = _code(
    "huge-repetition", ERROR, "Een herhaling of berekening die een reusachtige tekst maakt.")
NOT_ALLOWED = _code(
    "not-allowed", ERROR,
    "Een veld dat iets probeert wat een sjabloon niet mag (een naam met _ vooraan, zoals __class__).")
UNKNOWN_FIELD = _code(
    "unknown-field", ERROR, "Een veld dat niet bestaat (een tikfout?); `eenplan templates fields` toont ze.")
GROUP_FIELD = _code(
    "group-field", ERROR,
    "Een groep velden als één veld ({{ gezin }} in plaats van {{ gezin.naam }}): het document zou alles "
    "van die groep als computertaal tonen, ook een adres of e-mailadres.")
STRAY_BRACE = _code(
    "stray-brace", WARNING,
    "Een accolade die geen veld maakt ({ gezin.naam } of {{ gezin.naam }}}): het document zou ze "
    "letterlijk tonen.")
MAIL_MERGE_FIELD = _code(
    "mail-merge-field", WARNING,
    "Een veld zoals bij Afdruk samenvoegen in Word («dossier.nummer»): eenplan vult het niet in en het "
    "document zou het letterlijk tonen.")
SPLIT_FIELD = _code(
    "split-field", WARNING,
    "Word splitste een veld over stukken met een andere opmaak; het resultaat krijgt de opmaak van het "
    "begin.")

# What would reach a family unseen
# (errors since 29/11: a note or a colleague's name in a comment or a tracked change must never reach a
# family, so no document is made from such a template)
TRACKED_CHANGES = _code(
    "tracked-changes", ERROR,
    "Bijgehouden wijzigingen in een sjabloon: ze zouden in de documenten komen, dus eenplan maakt er "
    "geen mee.")
COMMENTS = _code(
    "comments", ERROR,
    "Opmerkingen in een sjabloon: ze zouden in de documenten komen, dus eenplan maakt er geen mee.")
NO_CONTACT = _code(
    "no-contact", WARNING, "Een brief zegt nergens hoe het gezin of zijn netwerk iemand kan bereiken.")
NO_FIELDS = _code("no-fields", WARNING, "Een sjabloon zonder velden: eenplan vult er niets in.")
HARD_TO_READ = _code(
    "hard-to-read", WARNING,
    "Een sjabloon leest moeilijk: zijn Flesch-Douma-score ligt onder het minimum van het team.")
JARGON = _code("jargon", WARNING, "Vaktaal in een sjabloon, waar de woorden van het gezin passen.")
