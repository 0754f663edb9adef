"""What eenplan's default templates learnt since a team made its own: the fields and wording a
changed template lacks where a family would notice.

    lacking("en/uitnodiging.docx", "en/uitnodiging.docx", used, paragraphs)
    # [Lack("de naam van het gezin in de taal van de brief", 'In en/uitnodiging.docx ...', "Dear ...")]

A template the team never changed gets all of it with `eenplan templates bijwerken`; one it
changed is never touched, so `templates check` says, one sentence each, what it misses:

- a plan (gezinsplan, kindplan) that does not say it no longer runs once the trajectory closed
  (``plan.afgesloten``), or a gezinsplan that says the team still walks with the family then;
- an English or French letter that greets or signs with ``gezin.naam``, the name as typed on
  Dossiers ("Dear Familie Peeters"), where ``gezin.aanhef`` says "Dear Peeters family";
- a report that gives the next round-table without its hour (``rondetafel.volgende``, where
  ``rondetafel.volgende_wanneer`` says "om 14.00 uur");
- an invitation whose guests read as "we" ("Wij, Els, de buurvrouw, en Tom, de leerkracht.");
- a report or plan that no longer shows the agreements (its table with the loop deleted).

Pure: the template's fields (path -> the paragraph of their first use) and its paragraphs'
text, as the lint read them, in; the lacks out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eenplan.docx_templates.context import CHILDREN_PLAN, INVITATION, PLAN, REPORT

# Short Dutch words that are rare in other languages: a text full of them is Dutch.
DUTCH_WORDS = frozenset("de het een en van je jullie wij we zijn niet ook wat wie met voor naar "
                        "ons onze bij dat die".split())

_PRINTED = re.compile(r"\{\{.*?\}\}")
_FAMILY_NAME = re.compile(r"\bgezin\.naam\b")
_NEXT_DAY = re.compile(r"\brondetafel\.volgende\b(?!_)")
_GUESTS_AS_WE = re.compile(r"(Wij|We|Nous)\s*,\s*\{\{\s*genodigden_tekst\s*\}\}")
_RECIPIENT_ALONE = re.compile(r"\{\{\s*ontvanger\.naam\s*\}\}")

# the language of a template folder, as a Dutch sentence names a letter in it
_LETTER_IN = {"en": "Engelse", "fr": "Franse"}
_GREETING = {"en": ("Peeters family", "the Peeters family"), "fr": ("Famille Peeters", "la famille Peeters")}
_CLOSED = {"nl": "Let op: dit plan loopt niet meer.", "en": "Please note: this plan is no longer running.",
           "fr": "Attention : ce plan n'est plus en cours."}
_WITH_GUESTS = {"nl": "Wij zijn er, met {{ genodigden_tekst }}.",
                "en": "We will be there, with {{ genodigden_tekst }}.",
                "fr": "Nous serons là, avec {{ genodigden_tekst }}."}
_GUESTS_READ = {"nl": "Wij, Els, de buurvrouw, en Tom, de leerkracht.", "en": "We, Els and Tom.",
                "fr": "Nous, Els et Tom."}

# the plan's sentence that the team walks with the family, as it runs and once it closed
_WALKS = {"nl": ("gaat een tijd met ons mee", "ging een tijd met ons mee"),
          "en": ("walks with us for a while", "walked with us for a while"),
          "fr": ("nous accompagne un temps", "nous a accompagnés un temps")}

CLOSED_PLAN = "de zin dat het plan van een afgesloten traject niet meer loopt"
STILL_WALKING = ("de zin dat het team met het gezin meegaat, in de verleden tijd zodra het gezin "
                 "niet meer begeleid wordt")
FAMILY_NAME = "de naam van het gezin in de taal van de brief"
NEXT_HOUR = "het uur van de volgende rondetafel"
GUESTS = "de zin met de genodigden"
AGREEMENTS = "de afspraken"

# the documents that show the agreements, and the field they are shown from
_AGREEMENTS = {REPORT: ("afspraken", "de tabel met {%tr for a in afspraken %}"),
               PLAN: ("levensdomeinen[].afspraken", "de tabel met {%tr for a in domein.afspraken %}"),
               CHILDREN_PLAN: ("afspraken", "{%p for a in afspraken %}")}


@dataclass(frozen=True)
class Lack:
    what: str  # one of the short labels above, for a list ("het mist ...")
    message: str  # the sentence for `templates check`: what is missing and what to write
    paragraph: str = ""  # the paragraph it is about, as in Word


def reads_as_dutch(text: str, *, least: int = 8) -> bool:
    """Whether a text (fields left out) is Dutch: at least ``least`` words, a fifth of them short
    Dutch words that other languages rarely use."""
    words = re.findall(r"[a-zà-ÿ]+", re.sub(r"\{[{%].*?[%}]\}", " ", text).casefold())
    return len(words) >= least and sum(w in DUTCH_WORDS for w in words) / len(words) > 0.2


def lacking(name: str, key: str, used: Mapping[str, str], paragraphs: Sequence[str]) -> list[Lack]:
    """What the template ``name`` (shown so), a team's own for ``key`` ("en/uitnodiging.docx"),
    lacks of what eenplan's default for it now has. ``used``: each field it uses, with the
    paragraph it is first used in; ``paragraphs``: the text of each of its paragraphs."""
    language, _, file = key.rpartition("/")
    language = language or "nl"
    kind = file.removesuffix(".docx")
    found: list[Lack] = []
    if kind in (PLAN, CHILDREN_PLAN) and "plan.afgesloten" not in used:
        example = _CLOSED.get(language, _CLOSED["nl"])
        found.append(Lack(CLOSED_PLAN, (
            f"{name} zegt niet dat het plan van een afgesloten traject niet meer loopt, en zo leest "
            f"het als een lopend plan: zet bovenaan {{% if plan.afgesloten %}}{example}{{% endif %}}, "
            f"zoals eenplans eigen {kind}.docx.")))
    if kind == PLAN and "plan.afgesloten" in used:  # (without it, the notice comes first)
        present, past = _WALKS.get(language, _WALKS["nl"])
        walking = next((p for p in paragraphs if present in p and "plan.afgesloten" not in p), None)
        if walking is not None:
            notice = _CLOSED.get(language, _CLOSED["nl"])
            found.append(Lack(STILL_WALKING, (
                f'{name} zegt "{present}" ook in het plan van een afgesloten traject, onder "{notice}": '
                f"schrijf daar {{% if plan.afgesloten %}}{past}{{% else %}}{present}{{% endif %}}, "
                f"zoals eenplans eigen {kind}.docx."), _short(walking)))
    if language in _LETTER_IN:
        found += _family_name(name, language, kind, paragraphs)
    if kind == REPORT:
        printed = next((p for p in paragraphs if any(_NEXT_DAY.search(t) for t in _PRINTED.findall(p))),
                       None)
        if printed is not None and "rondetafel.volgende_wanneer" not in used:
            found.append(Lack(NEXT_HOUR, (
                f"{name} noemt de volgende rondetafel zonder het uur ({{{{ rondetafel.volgende }}}}): "
                "schrijf {{ rondetafel.volgende_wanneer }}, dat ook het uur zegt (\"maandag 11 januari "
                "2027 om 14.00 uur\"), zoals eenplans eigen verslag.docx."), _short(printed)))
    if kind in _AGREEMENTS:
        shows, loop = _AGREEMENTS[kind]
        if not any(path == shows or path.startswith(shows + "[]") for path in used):
            found.append(Lack(AGREEMENTS, (
                f"{name} toont de afspraken niet, en zo staat er een kop zonder iets eronder: zet "
                f"{loop} terug, zoals eenplans eigen {kind}.docx.")))
    if kind == INVITATION:
        as_we = next((p for p in paragraphs if _GUESTS_AS_WE.search(p)), None)
        if as_we is not None:
            written = _GUESTS_AS_WE.search(as_we)
            assert written is not None
            found.append(Lack(GUESTS, (
                f'In {name} staat "{written.group(0)}", en dat leest alsof de genodigden "wij" zijn '
                f'("{_GUESTS_READ.get(language, _GUESTS_READ["nl"])}"): schrijf '
                f'"{_WITH_GUESTS.get(language, _WITH_GUESTS["nl"])}", zoals eenplans eigen '
                "uitnodiging.docx."), _short(as_we)))
    return found


def _family_name(name: str, language: str, kind: str, paragraphs: Sequence[str]) -> list[Lack]:
    """An English or French template that prints gezin.naam, the name as typed on Dossiers, in a
    paragraph in its own language (a Dutch line for those around the family may), or that opens
    an invitation with {{ ontvanger.naam }} alone (the family's letter: "Familie Peeters")."""
    greeting, in_sentence = _GREETING[language]
    letter = _LETTER_IN[language]
    found = []
    for text in paragraphs:
        printed = [t for t in _PRINTED.findall(text) if _FAMILY_NAME.search(t)]
        if printed and not reads_as_dutch(text, least=5):
            found.append(Lack(FAMILY_NAME, (
                f'In {name} staat {printed[0]} in "{_short(text)}": in een {letter} brief staat daar de '
                f'naam zoals op het blad Dossiers ("Familie Peeters"); schrijf {{{{ gezin.aanhef }}}} '
                f'("{greeting}") in een aanhef, een titel of onder de brief, en {{{{ gezin.in_zin }}}} '
                f'("{in_sentence}") midden in een zin.'), _short(text)))
            break
    if kind == INVITATION:
        alone = next((text for text in paragraphs if _RECIPIENT_ALONE.fullmatch(text.strip())), None)
        if alone is not None:
            found.append(Lack(FAMILY_NAME, (
                f"{name} zet {{{{ ontvanger.naam }}}} alleen op een regel, en in de {letter} brief voor het "
                'gezin staat daar "Familie Peeters": schrijf '
                "{% if ontvanger.is_gezin %}{{ gezin.aanhef }}{% else %}{{ ontvanger.naam }}{% endif %}, "
                "zoals eenplans eigen uitnodiging.docx."),
                _short(alone)))
    return found


def _short(text: str) -> str:
    return text if len(text) <= 90 else text[:87] + "..."
