"""`eenplan templates check`: what would go wrong with the team's Word templates, as findings.

    report = check_folder(team.templates_dir)
    report.errors, report.warnings, report.findings

Errors stop a document from being made: a field Jinja cannot read (with the paragraph it is in),
a field that does not exist (down to the attribute, with "did you mean"), a group of fields
written as one ({{ gezin }}: the family's address and e-mail as Python data in every letter),
quotes Word curled in a way docxtpl does not undo, a paragraph tag ({%p %}) that shares its
paragraph with text that would vanish, and tracked changes and comments left in it (they would
reach every family with a colleague's note and name). Text in a table row that holds a {%tr %} tag is
an error too (docxtpl drops the row). Warnings are for what would reach a family unseen: a field
split by Word over runs with different formatting, braces that make no field ({ gezin.naam }) and
Word mail-merge fields («dossier.nummer») that every letter would print, a template with no fields
at all, a file eenplan does not use.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
import textwrap
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateSyntaxError, nodes

from eenplan.docx_templates import PACKAGE_TEMPLATES, codes
from eenplan.docx_templates.context import FIELDS, FILTERS, INVITATION, KINDS
from eenplan.docx_templates.improvements import Lack, lacking, reads_as_dutch
from eenplan.docx_templates.limits import hazards
from eenplan.docx_templates.readability import Measured, readability_lines, readability_of
from eenplan.docx_templates.shipped import EARLIER, OWN, earlier_default_message, key_of, standing
from eenplan.docx_templates.template import (
    FieldUse,
    Part,
    TemplateTooLarge,
    date_pattern_reason,
    date_patterns,
    environment,
    field_uses,
    group_member,
    group_of_fields,
    iter_template_files,
    known,
    open_template,
    other_format_message,
    other_formats,
    said_as,
    suggestion,
    syntax_message,
    template_parts,
)
from eenplan.dutch import DUTCH, and_list, language_code, plural

if TYPE_CHECKING:
    from eenplan.docx_templates.proof import Proofs
from eenplan.errors import ConfigError, TemplateError
from eenplan.sheets.codes import ERROR, WARNING, Code, Severity
from eenplan.team.settings import PlainLanguage

# the letters: what a family or its network receives, and must say how to reach someone
LETTERS = frozenset({INVITATION})
TEAM_CONTACT_FIELDS = frozenset({"briefhoofd.telefoon", "briefhoofd.email", "briefhoofd.regel"})
CONTACT_FIELDS = TEAM_CONTACT_FIELDS | {"begeleider.telefoon", "begeleider.email", "contact.telefoon",
                                        "contact.email", "contact.bereikbaar"}
# quotes docxtpl does not straighten inside a field (it does “ ” ‘ ’)
ODD_QUOTES = "„‚«»‹›″′"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_PARAGRAPH_TAG = re.compile(r"\{%\s*(p|tr|tc|r)\s")


@dataclass(frozen=True)
class TemplateFinding:
    template: str
    what: Code  # an entry of the catalogue (docx_templates/codes.py): its code and severity
    message: str
    paragraph: str = ""

    @property
    def code(self) -> str:
        return self.what.name

    @property
    def severity(self) -> Severity:
        return self.what.severity

    def to_dict(self) -> dict[str, Any]:
        return {"template": self.template, "code": self.code, "severity": self.severity,
                "message": self.message, "paragraph": self.paragraph}


@dataclass(frozen=True)
class TemplateReport:
    folder: str
    templates: tuple[str, ...]
    findings: tuple[TemplateFinding, ...]
    readability: tuple[tuple[str, Measured], ...] = ()  # (template, how easily it reads)

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "templates": list(self.templates), "errors": self.errors,
                "warnings": self.warnings, "findings": [f.to_dict() for f in self.findings],
                "readability": {name: {"flesch_douma": m.rounded, "longest": list(m.longest),
                                       "jargon": list(m.jargon)} for name, m in self.readability}}


@dataclass(frozen=True)
class TemplatesChecked:
    """`templates check`: the findings, and with --proef the documents made for a made-up family
    (None when not asked, or when errors kept them from being made)."""

    report: TemplateReport
    proof_asked: bool = False
    proofs: Proofs | None = None

    def to_dict(self) -> dict[str, Any]:
        data = self.report.to_dict()
        if self.proof_asked:
            made = self.proofs
            data["proof"] = None if made is None else {
                "folder": str(made.folder), "documents": [str(p) for p in made.written],
                "pdfs": [str(p) for p in made.pdfs], "pdf_problem": made.pdf_problem,
                "notes": list(made.notes)}
        return data


def check_team_templates(folder: Path | None, team_dir: Path | None, *, proof: bool,
                         today: datetime.date) -> TemplatesChecked:
    """Check ``folder`` (by default the team's docx_templates) and, with ``proof``, make every
    template for a made-up family into the team's out/proef/ when no template has an error."""
    from eenplan.team.folder import find_team

    team = find_team(team=team_dir) if folder is None or proof else None
    plain = team.settings.plain_language if team is not None else None
    reachable = None
    if team is not None and team.root is not None:
        letterhead = team.settings.letterhead
        reachable = bool(letterhead.phone.strip() or letterhead.email.strip())
    target = folder if folder is not None or team is None else team.templates_dir
    assert target is not None  # no folder given: the team was found, or find_team said why
    report = check_folder(target, plain=plain, team_reachable=reachable)
    if not proof or team is None or not report.ok:
        return TemplatesChecked(report, proof_asked=proof)
    from eenplan.docx_templates.proof import proofs

    return TemplatesChecked(report, True, proofs(team, today=today, templates=folder))


def kind_of(path: Path) -> str | None:
    stem = path.stem.casefold()
    return stem if stem in KINDS else None


def check_folder(folder: Path, *, plain: PlainLanguage | None = None,
                 team_reachable: bool | None = None) -> TemplateReport:
    if not folder.is_dir():
        raise ConfigError(f"De map {folder} bestaat niet. Geef de map met de sjablonen, of ga naar de "
                          "teammap (daar staan ze in docx_templates).")
    files = list(iter_template_files(folder))
    findings: list[TemplateFinding] = []
    for path in files:
        findings += _file_findings(path, DUTCH, path.name, team_reachable=team_reachable)
    present = {kind_of(p) for p in files}
    findings += _other_formats(folder, present)
    for kind in KINDS:
        if kind not in present and not _has_other_format(folder, kind):
            findings.append(TemplateFinding(
                f"{kind}.docx", codes.MISSING_TEMPLATE,
                f"{kind}.docx staat niet in {folder.name}: eenplan gebruikt dan zijn eigen "
                "standaardsjabloon. Een nieuwe teammap (`eenplan init`) heeft er een om te kopiëren."))
    measured, hard = readability_of(files, plain or PlainLanguage(), known=KINDS)
    findings += [TemplateFinding(name, code, message) for name, code, message in hard]
    names = [p.name for p in files]
    for sub in _language_folders(folder):
        code = language_code(sub.name)
        if code is None or code != sub.name.casefold() or code == DUTCH:
            findings.append(TemplateFinding(
                f"{sub.name}/", codes.UNKNOWN_LANGUAGE_FOLDER,
                f"De map {sub.name} in {folder.name} is geen taal die eenplan kent, dus gebruikt "
                "eenplan de sjablonen erin niet: geef de map de code van de taal (fr, en, tr, ar, "
                "...); de Nederlandse sjablonen staan in de map zelf."))
            continue
        inside_files = list(iter_template_files(sub))
        for path in inside_files:
            shown = f"{sub.name}/{path.name}"
            findings += [dataclasses.replace(f, template=shown)
                         for f in _file_findings(path, code, shown, team_reachable=team_reachable)]
            if _reads_as_dutch(path):
                findings.append(TemplateFinding(
                    shown, codes.WRONG_LANGUAGE,
                    f"{shown} lijkt in het Nederlands geschreven, maar staat in de map {sub.name}: "
                    "zet er de tekst in die taal in, of zet het sjabloon in de map docx_templates "
                    "zelf."))
        names += [f"{sub.name}/{p.name}" for p in inside_files]
        present = {kind_of(p) for p in inside_files}
        findings += [dataclasses.replace(f, template=f"{sub.name}/{f.template}")
                     for f in _other_formats(sub, present)]
        dutch = [f"{kind}.docx" for kind in KINDS if kind not in present
                 and not _has_other_format(sub, kind)
                 and not (PACKAGE_TEMPLATES / code / f"{kind}.docx").is_file()]
        if dutch:
            findings.append(TemplateFinding(
                f"{sub.name}/", codes.MISSING_TEMPLATE,
                f"In {sub.name}/ staat geen {and_list(dutch)}: wie {code} leest, krijgt die in het "
                f"Nederlands. Vertaal de Nederlandse sjablonen en zet ze in {sub.name}/."))
    return TemplateReport(str(folder), tuple(names), tuple(findings), measured)


def _file_findings(path: Path, language: str, shown: str, *,
                   team_reachable: bool | None) -> list[TemplateFinding]:
    """``check_file``, and what the template misses of eenplan's current default: all of it for
    an earlier default no one changed (`templates bijwerken`), what matters for one the team
    changed (``improvements``)."""
    read = _read_and_check(path, team_reachable=team_reachable)
    kind = kind_of(path)
    if kind is None or any(f.severity == ERROR for f in read.findings):
        return read.findings
    key = key_of(kind, language)
    lacks = lacking(shown, key, read.used, read.paragraphs)
    status = standing(path, key)
    if status == EARLIER:
        missed = list(dict.fromkeys(lack.what for lack in lacks))
        return [*read.findings, TemplateFinding(path.name, codes.EARLIER_DEFAULT, earlier_default_message(
            shown, missed))]
    if status == OWN:
        return [*read.findings, *(TemplateFinding(path.name, codes.LACKS_IMPROVEMENT, lack.message,
                                                  lack.paragraph) for lack in lacks)]
    return read.findings


def template_lacks(path: Path, language: str) -> list[Lack]:
    """What a template of the team lacks of eenplan's current default (``improvements``); none
    when it cannot be read (`templates check` says why)."""
    read = _read_and_check(path)
    kind = kind_of(path)
    if kind is None or any(f.severity == ERROR for f in read.findings):
        return []
    shown = path.name if language == DUTCH else f"{language}/{path.name}"
    return lacking(shown, key_of(kind, language), read.used, read.paragraphs)


def _other_formats(folder: Path, present: set[str | None]) -> list[TemplateFinding]:
    """A template saved as .doc, .dotx, .odt ...: an error when it stands in for the .docx (eenplan
    refuses to make that document rather than use its own default), else a file it does not use."""
    found = []
    for path in other_formats(folder):
        kind = path.stem.casefold()
        if kind not in KINDS:
            continue  # a file eenplan never took for a template
        if kind in present:
            found.append(TemplateFinding(
                path.name, codes.UNUSED_TEMPLATE,
                f"eenplan gebruikt {path.name} niet, maar {kind}.docx ernaast: gooi {path.name} weg, of "
                f"bewaar het in Word als {kind}.docx als dat de juiste versie is."))
        else:
            found.append(TemplateFinding(path.name, codes.NOT_A_DOCX, other_format_message(path, kind)))
    return found


def _has_other_format(folder: Path, kind: str) -> bool:
    return any(p.stem.casefold() == kind for p in other_formats(folder))


def _reads_as_dutch(path: Path) -> bool:
    """Whether a template in another language's folder is in fact Dutch (put there by mistake)."""
    try:
        parts = template_parts(open_template(path))
    except (TemplateError, ValueError, KeyError, AttributeError, TypeError, IndexError,
            zipfile.BadZipFile):
        return False  # check_file says why
    return reads_as_dutch(" ".join(t for part in parts for t in part.texts))


def _language_folders(folder: Path) -> list[Path]:
    """The folders in the templates folder: one per language (fr/, en/, tr/ ...)."""
    try:
        return sorted(p for p in folder.iterdir()
                      if p.is_dir() and not p.is_symlink() and not p.name.startswith((".", "_")))
    except OSError:
        return []


def check_file(path: Path, kind: str | None = None, *,
               team_reachable: bool | None = None) -> list[TemplateFinding]:
    """Every finding for one template (its kind from its name, unless given).

    ``team_reachable``: whether the team's letterhead gives a phone number or e-mail address
    (None when no team is known): a letter that only shows the team's must have them.
    """
    return _read_and_check(path, kind, team_reachable=team_reachable).findings


@dataclass(frozen=True)
class _Read:
    """A template as the lint read it: its findings, the fields it uses (each with the paragraph
    of its first use) and its paragraphs' text; no fields when it could not be read."""

    findings: list[TemplateFinding]
    used: dict[str, str] = dataclasses.field(default_factory=dict)
    paragraphs: tuple[str, ...] = ()


def _read_and_check(path: Path, kind: str | None = None, *,
                    team_reachable: bool | None = None) -> _Read:
    kind = kind or kind_of(path)
    name = said_as(path)  # "fr/uitnodiging.docx": the file to open, not the Dutch one
    found: list[TemplateFinding] = []
    if kind is None:
        found.append(TemplateFinding(
            name, codes.UNUSED_TEMPLATE,
            f"eenplan gebruikt {name} niet: het kent alleen "
            + ", ".join(f"{k}.docx" for k in KINDS) + ". Geef het een van die namen om het te gebruiken."))
    try:
        template = open_template(path)
        parts = template_parts(template)
    except TemplateTooLarge as exc:
        return _Read([*found, TemplateFinding(name, codes.TOO_LARGE, str(exc))])
    except TemplateError as exc:
        return _Read([*found, TemplateFinding(name, codes.NOT_A_DOCX, str(exc))])
    except (ValueError, KeyError, AttributeError, TypeError, IndexError, zipfile.BadZipFile):
        return _Read([*found, TemplateFinding(
            name, codes.NOT_A_DOCX,
            f"{name} kan eenplan niet lezen als Word-document: open het in "
            "Word en bewaar het opnieuw als .docx.")])
    catalogue = (frozenset(f.path for f in FIELDS[kind]) if kind else
                 frozenset(f.path for k in KINDS for f in FIELDS[k]))
    fields = 0
    seen: set[str] = set()
    used: dict[str, str] = {}
    for part in parts:
        in_text = _text_problems(name, part, catalogue)
        problem, uses = _jinja_problems(name, part, catalogue, kind, seen, used)
        if any(f.what is codes.ODD_QUOTES for f in in_text):  # the quotes are why Jinja cannot read it
            problem = [f for f in problem if f.what is not codes.SYNTAX]
        found += in_text + problem
        fields += uses
    found += _left_in(name, template)
    if kind in LETTERS and not any(f.severity == ERROR for f in found):
        found += _no_way_to_reach(name, set(used), team_reachable)
    if fields == 0 and not any(f.severity == ERROR for f in found):
        found.append(TemplateFinding(name, codes.NO_FIELDS,
                                     f"{name} bevat geen velden ({{{{ ... }}}}): eenplan vult er niets in."))
    return _Read(found, used, tuple(text for part in parts for text in part.texts))


def _no_way_to_reach(name: str, used: set[str], team_reachable: bool | None) -> list[TemplateFinding]:
    """A letter must say how to reach someone: the begeleider's phone or e-mail, or the team's."""
    shown = used & CONTACT_FIELDS
    if not shown:
        return [TemplateFinding(
            name, codes.NO_CONTACT,
            f"{name} zegt nergens hoe men iemand bereikt: zet {{{{ contact.bereikbaar }}}} in de "
            "brief (het nummer en e-mailadres van de begeleider, anders die van het team).")]
    if team_reachable is False and shown <= TEAM_CONTACT_FIELDS:
        return [TemplateFinding(
            name, codes.NO_CONTACT,
            f"{name} geeft alleen het telefoonnummer en e-mailadres van het team, en eenplan.toml "
            "heeft er geen: vul [briefhoofd] telefoon of email in, of zet "
            "{{ contact.bereikbaar }} in de brief.")]
    return []


def _text_problems(name: str, part: Part, catalogue: frozenset[str]) -> list[TemplateFinding]:
    found = []
    where = "" if part.name == "document" else f" (in de {part.name})"
    for text in part.texts:
        short = text if len(text) <= 90 else text[:87] + "..."
        for tag in _TAG.findall(text):
            if any(q in tag for q in ODD_QUOTES):
                found.append(TemplateFinding(
                    name, codes.ODD_QUOTES,
                    f"In {name} staan in het veld {tag} aanhalingstekens die eenplan niet leest{where}: "
                    "typ ze als gewone \" of ' (zet in Word de autocorrectie van aanhalingstekens even "
                    "uit).", short))
        found += _stray_marks(name, text, short, where, catalogue)
        if _PARAGRAPH_TAG.search(text):
            rest = _TAG.sub("", text).strip()
            if rest:
                found.append(TemplateFinding(
                    name, codes.TEXT_BESIDE_PARAGRAPH_TAG,
                    f'In {name} staat "{rest[:40]}" in dezelfde alinea als een {{%p %}}-, {{%tr %}}- of '
                    f"{{%tc %}}-opdracht{where}: die hele alinea verdwijnt. Zet de opdracht in een eigen "
                    "alinea.", short))
    for tagged, rest in part.lost_in_rows:
        shown = rest if len(rest) <= 40 else rest[:37] + "..."
        found.append(TemplateFinding(
            name, codes.TEXT_BESIDE_PARAGRAPH_TAG,
            f'In {name} staat "{shown}" in dezelfde tabelrij als de opdracht {tagged}{where}: die hele '
            "rij verdwijnt. Laat de andere cellen van die rij leeg en zet de tekst in een rij eronder.",
            tagged))
    return found


_STRAY = re.compile(r"\{+[^{}]*\}+|\{+|\}+")
# a mail-merge field's name has no spaces; a quote in « » (French, or a Dutch citation) has
_MERGE_FIELD = re.compile(r"«([\w.]{1,60})»")


def _stray_marks(name: str, text: str, short: str, where: str,
                 catalogue: frozenset[str]) -> list[TemplateFinding]:
    """Braces that make no field ({ gezin.naam }, {{ x }}}) and Word mail-merge fields
    («dossier.nummer»): docxtpl leaves them as they are, so every letter would show them."""
    if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
        return []  # an unclosed field: unclosed-field says what to do
    outside = _TAG.sub(" ", re.sub(r"\{#.*?#\}", " ", text))
    found = []
    stray = _STRAY.search(outside)
    if stray is not None:
        inner = stray.group(0).strip("{} ")
        field = re.fullmatch(r"[\w.]+", inner) is not None
        hint = (f"typ {{{{ {inner} }}}}" if field else
                "haal die accolade weg (een veld heeft er twee aan elke kant: {{ gezin.naam }})"
                if not inner else
                "typ een veld met twee accolades aan elke kant, zoals {{ gezin.naam }}")
        found.append(TemplateFinding(
            name, codes.STRAY_BRACE,
            f'In {name} staat "{stray.group(0)}" in de alinea "{short}"{where}: dat is geen veld en '
            f"komt zo in elk document; {hint}.", short))
    merge = _MERGE_FIELD.search(outside)
    if merge is not None:
        hint = _merge_hint(merge.group(1), catalogue)
        found.append(TemplateFinding(
            name, codes.MAIL_MERGE_FIELD,
            f'In {name} staat {merge.group(0)} in de alinea "{short}"{where}: eenplan vult zo\'n veld '
            f"van Afdruk samenvoegen niet in, het komt zo in elk document; {hint}.", short))
    return found


def _merge_hint(written: str, catalogue: frozenset[str]) -> str:
    """What to type for a mail-merge field: the real field when one matches, else where to look."""
    fields = sorted(f for f in catalogue if "[]" not in f)
    wanted = written.casefold().replace(" ", "_")
    match = next((f for f in fields if f.casefold() == wanted), None)
    if match is None:
        close = difflib.get_close_matches(wanted, fields, n=1, cutoff=0.75)
        match = close[0] if close else None
    if match is not None:
        return f"typ {{{{ {match} }}}}"
    return "typ het veld tussen {{ en }}; `eenplan templates fields` toont welke er zijn"


def _jinja_problems(name: str, part: Part, catalogue: frozenset[str], kind: str | None,
                    seen: set[str], used: dict[str, str] | None = None,
                    ) -> tuple[list[TemplateFinding], int]:
    env = environment()
    tree, found = _parse_every_problem(name, part, env)
    if tree is None:
        return found, 0
    where = "" if part.name == "document" else f" (in de {part.name})"
    found += [TemplateFinding(name, codes.DATE_PATTERN,
                             f'In {name} klopt een veld niet in de alinea "{part.paragraph(lineno)}"{where}: '
                             f"{reason}. Herstel het in Word.", part.paragraph(lineno))
             for pattern, lineno in date_patterns(tree)
             if (reason := date_pattern_reason(pattern)) is not None]
    found += [TemplateFinding(name, hazard.code,
                              f'In {name} staat in de alinea "{part.paragraph(hazard.lineno)}"{where} '
                              f"{hazard.what}.", part.paragraph(hazard.lineno))
              for hazard in hazards(tree)]
    found += _refused_at_rendering(name, part, tree, env, where)
    uses = field_uses(tree)
    if used is not None:
        for use in uses:
            used.setdefault(use.path, part.paragraph(use.lineno))
    for use in uses:
        if use.printed and group_of_fields(use.path, catalogue) and use.shown not in seen:
            seen.add(use.shown)
            found.append(_group_finding(name, part, use, catalogue, where))
            continue
        if known(use.path, catalogue) or use.shown in seen:
            continue
        if any(step.startswith("_") for step in use.path.split(".")):
            continue  # not allowed at all (_refused_at_rendering), not a typo
        if use.alias and not known(use.alias[1], catalogue):
            continue  # an item of an unknown list: the list itself is the finding
        seen.add(use.shown)
        hint = suggestion(use, catalogue)
        if "[]" in hint:  # a field of a list's items, used without a loop
            items, _, attr = hint.partition("[]")
            loop = "{% for a in " + items + " %}{{ a" + attr + " }}{% endfor %}"
            tail = f" {items} is een lijst: schrijf {loop}."
        elif hint:
            tail = f" Bedoel je {{{{ {hint} }}}}?"
        else:
            tail = f" `eenplan templates fields{' ' + kind if kind else ''}` toont de velden die er zijn."
        found.append(TemplateFinding(name, codes.UNKNOWN_FIELD,
                                     f"In {name} staat {{{{ {use.shown} }}}}: dat veld bestaat niet.{tail}",
                                     part.paragraph(use.lineno)))
    found += _split_fields(name, part)
    return found, len(uses) + len(_TAG.findall(part.xml))


def _group_finding(name: str, part: Part, use: FieldUse, catalogue: frozenset[str],
                   where: str) -> TemplateFinding:
    """{{ gezin }}: a whole group written as it is, with the member the template most likely meant."""
    member = group_member(use.path, catalogue)
    if use.alias and member.startswith(use.alias[1] + "."):  # {{ g }} in a loop over genodigden
        member = use.alias[0] + member[len(use.alias[1]):]
    if "[]" in member:  # a list without one sentence for it
        items, _, attr = member.partition("[]")
        hint = " Schrijf {% for a in " + items + " %}{{ a" + attr + " }}{% endfor %}."
    elif member:
        hint = f" Bedoel je {{{{ {member} }}}}?"
    else:
        hint = ""
    return TemplateFinding(
        name, codes.GROUP_FIELD,
        f"In {name} staat {{{{ {use.shown} }}}}{where}: dat is een groep velden, die als computertaal in het "
        f"document zou komen (met alles erin, ook een adres of e-mailadres).{hint}",
        part.paragraph(use.lineno))


def _refused_at_rendering(name: str, part: Part, tree: Any, env: Any, where: str) -> list[TemplateFinding]:
    """What Jinja lets through when it reads a template and refuses only when it fills one in: a
    filter or test that does not exist inside an {% if %} (Jinja looks it up then), and a name
    with an underscore in front (``__class__``), which the sandbox refuses."""
    found = []
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        known_names = env.filters if isinstance(node, nodes.Filter) else env.tests
        if node.name not in known_names:
            what = (f"de filter |{node.name} bestaat niet" if isinstance(node, nodes.Filter) else
                    f"de test 'is {node.name}' bestaat niet")
            found.append(TemplateFinding(
                name, codes.SYNTAX,
                f'In {name} klopt een veld niet in de alinea "{part.paragraph(node.lineno)}"{where}: '
                f"{what}. Herstel het in Word.", part.paragraph(node.lineno)))
    said: set[tuple[str, int]] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        attr = (node.attr if isinstance(node, nodes.Getattr) else node.name if isinstance(node, nodes.Name)
                else node.arg.value if isinstance(node.arg, nodes.Const) else None)
        if isinstance(attr, str) and attr.startswith("_") and (attr, node.lineno) not in said:
            said.add((attr, node.lineno))
            found.append(TemplateFinding(
                name, codes.NOT_ALLOWED,
                f'In {name} staat in de alinea "{part.paragraph(node.lineno)}"{where} {attr}: dat mag '
                "een sjabloon niet. Gebruik alleen de velden van `eenplan templates fields`.",
                part.paragraph(node.lineno)))
    return found


MAX_SYNTAX_FINDINGS = 50  # a part this broken is better retyped than listed further


def _parse_every_problem(name: str, part: Part, env: Any) -> tuple[Any, list[TemplateFinding]]:
    """The part's Jinja tree, with every paragraph Jinja cannot read reported and then read as
    plain text, so that one mistake does not hide the next ones (nor the unknown fields after it).
    None as the tree when Jinja still cannot read the part (a block left open to its end)."""
    where = "" if part.name == "document" else f" (in de {part.name})"
    found = [TemplateFinding(
        name, codes.UNCLOSED_FIELD,
        f'In {name} wordt een {{{{ of {{% niet gesloten in de alinea "{text}"{where}: sluit het in '
        "dezelfde alinea met }} of %}.", text) for text in part.unbalanced_all()]
    lines = part.xml.split("\n")  # the paragraphs that do not close are plain text here already
    plain: set[int] = set()
    for _ in range(MAX_SYNTAX_FINDINGS):
        try:
            tree = env.parse("\n".join(lines))
            env.compile(tree)  # unknown filters and tests show here
            return tree, found
        except TemplateSyntaxError as exc:
            found.append(TemplateFinding(name, codes.SYNTAX, syntax_message(name, part, exc),
                                         part.paragraph(exc.lineno)))
            number = exc.lineno or 0
            at_end = "end of template" in (exc.message or "")  # a block left open: no one line to blame
            if at_end or not 0 < number <= len(lines) or number in plain:
                return None, found
            lines[number - 1] = _as_plain_text(lines[number - 1])
            plain.add(number)
    return None, found


def _as_plain_text(line: str) -> str:
    """A paragraph's XML with its field marks taken out: Jinja reads it as text."""
    return re.sub(r"\{[{%#]|[}%#]\}", "", line)


def _split_fields(name: str, part: Part) -> list[TemplateFinding]:
    """A field Word split over runs that look different: the result takes the first run's look."""
    return [TemplateFinding(
        name, codes.SPLIT_FIELD,
        f"In {name} heeft het veld {tag} verschillende opmaak binnen het veld (Word splitste het): het "
        "resultaat krijgt de opmaak van het begin. Typ het veld opnieuw in één keer.", tag)
        for tag in part.split_tags]


# Word's marks of a tracked change: text inserted, deleted or moved, and formatting, a table cell or
# a numbering changed; each carries the colleague's name (w:author)
_REVISION = re.compile(r"<w:(ins|del|moveFrom|moveTo|rPrChange|pPrChange|sectPrChange|tblPrChange|"
                       r"tblGridChange|trPrChange|tcPrChange|numberingChange|cellIns|cellDel|cellMerge)"
                       r"[ >/]")
# the parts a person reads: the body, its headers and footers, its foot- and endnotes
_TEXT_PART = re.compile(r"/word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


def _left_in(name: str, template: Any) -> list[TemplateFinding]:
    """Tracked changes and comments left in a template, in the body, a header, a footer or a note:
    errors, since they would go to every family with the colleague's words and name."""
    found = []
    package = template.docx.part.package
    texts = [template.get_xml()]
    texts += [part.blob.decode("utf-8", errors="replace") for part in package.iter_parts()
              if _TEXT_PART.fullmatch(str(part.partname)) and str(part.partname) != "/word/document.xml"
              and isinstance(part.blob, bytes)]
    if any(_REVISION.search(text) for text in texts):
        found.append(TemplateFinding(
            name, codes.TRACKED_CHANGES,
            f"In {name} staan bijgehouden wijzigingen, die met de naam van wie ze maakte in elke brief "
            "zouden komen: aanvaard of weiger ze in Word (Controleren, Wijzigingen), zet Wijzigingen "
            "bijhouden uit en bewaar opnieuw."))
    if any("commentReference" in text for text in texts) or any(
            str(p.partname).startswith("/word/comments") for p in package.iter_parts()):
        found.append(TemplateFinding(
            name, codes.COMMENTS,
            f"In {name} staan opmerkingen, die met de naam van wie ze schreef in elk document voor "
            "een gezin zouden komen: verwijder ze in Word (Controleren, Verwijderen, Alle opmerkingen in "
            "document verwijderen) en bewaar opnieuw."))
    return found


def findings_table(report: TemplateReport, *, proof_asked: bool = False,
                   proofs: Proofs | None = None, shown: Callable[[Path], str] = str) -> str:
    """The report for the terminal, in Dutch; with --proef, where the documents went."""


    lines = [f"{report.folder}: {plural(len(report.templates), 'sjabloon', 'sjablonen')}, "
             f"{plural(report.errors, 'fout', 'fouten')}, "
             f"{plural(report.warnings, 'waarschuwing', 'waarschuwingen')}"]
    by_template: dict[str, list[TemplateFinding]] = {}
    for finding in report.findings:
        by_template.setdefault(finding.template, []).append(finding)
    listed = [*report.templates, *(t for t in by_template if t not in report.templates)]
    for template in listed:
        items = by_template.get(template, [])
        lines.append("")
        lines.append(f"{template}: " + ("in orde" if not items else
                                          plural(len(items), "bevinding", "bevindingen")))
        lines += readability_lines(dict(report.readability).get(template))
        for finding in items:
            label = "fout  " if finding.severity == ERROR else "let op"
            lines += textwrap.wrap(finding.message, 80, initial_indent=f"  {label} ",
                                   subsequent_indent=" " * 9)
    if proof_asked:
        lines += ["", *_proof_lines(report, proofs, shown)]
    return "\n".join(lines)


def _proof_lines(report: TemplateReport, proofs: Proofs | None,
                 shown: Callable[[Path], str]) -> list[str]:
    if proofs is None:
        return textwrap.wrap("Geen proefdocumenten gemaakt: los eerst de fouten hierboven op, "
                             "dan toont --proef wat een gezin zou krijgen.", 80)
    lines = textwrap.wrap(
        f"Proefdocumenten voor de verzonnen familie Çelik in {shown(proofs.folder)}: "
        f"{plural(len(proofs.written), 'Word-bestand', 'Word-bestanden')}"
        + (f" en {plural(len(proofs.pdfs), 'PDF', 'PDF’s')}." if proofs.pdfs else "."), 80)
    if proofs.pdf_problem:
        lines += textwrap.wrap(proofs.pdf_problem, 80)
    for note in proofs.notes:
        lines += textwrap.wrap(note, 80)
    return lines


def fields_table(kinds: Iterable[str]) -> str:
    """The field catalogue for the terminal."""


    lines: list[str] = []
    for kind in kinds:
        if lines:
            lines.append("")
        lines.append(f"{kind}.docx")
        for item in FIELDS[kind]:
            shown = "{{ " + item.path + " }}"
            lines.append(f"  {shown:<38}{item.example}".rstrip())
            lines += textwrap.wrap(item.description, 76, initial_indent=" " * 4, subsequent_indent=" " * 4)
        # the examples with this template's own fields: pasted, they work in it
        paths = [item.path for item in FIELDS[kind]]
        day = next(p for p in ("rondetafel.datum", "plan.datum", "vandaag") if p in paths)
        lines += ["", f"Filters voor datums in {kind}.docx:"]
        lines += [f"  |{name:<18}{text.format(field=day)}" for name, text in FILTERS.items()]
        listed = next((p.split("[]")[0] for p in paths if "[]" in p), None)
        if listed is not None:
            lines += ["", f"Een lijst (met []) doorloop je met {{% for x in {listed} %}}...{{% endfor %}}; "
                      "in een tabel met {%tr for ... %}."]
    return "\n".join(lines)
