"""How a letter calls someone by the name a team typed on the Netwerk sheet. Pure: text in, text out.

A letter says "Beste Maria," to Maria Peeters: a first name, but only where the name clearly
has one. Where eenplan cannot tell one, the letter says the whole name ("Beste Van den Broeck,"),
never a particle or half a name ("Beste Van,"). The words it goes by are data, in the tables
below (``PARTICLES``, ``TITLES``, ``ORGANISATION_WORDS``), each held by tests/test_names.py.

The rule, in order (``address``):

1. "De Smet, Marie" (Achternaam, Voornaam): the part after the comma, "Marie".
2. A title in front ("dokter Janssens", "Meester Tom"): the whole name, title and all.
3. An organisation ("CLB Kempen", "Kinderdagverblijf Zonneschijn", "OCMW"): the whole name.
4. One word ("Jef"): that word; a surname that shows it is one ("PEETERS", "D'Hondt") too, but
   eenplan knows no first name then.
5. A name all in capitals ("AN CLAES") could be either way round: the whole name. The surname
   first in capitals, as Belgian forms write it ("PEETERS Maria", "DE SMET Marie"): the first
   name after it, "Maria".
6. A particle in front ("Van den Broeck", "De Smet", "Ó Briain", "El Amrani") or an initial
   ("J. Peeters"): the whole name; no first name comes before the surname.
7. Otherwise the first word: "Maria" of "Maria Peeters", "Jean-Pierre" of "Jean-Pierre D'Hondt".
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

# A word that starts a surname and is no first name: Dutch, French, German, Italian, Spanish and
# Portuguese particles, the Irish and Scottish Ó, Ní, Mac, Mc, and the Arabic and Berber El, Al,
# Aït. Compared without case. "Ben" is left out: it is a first name far more often in Flanders.
PARTICLES = frozenset({
    "van", "vande", "vanden", "vander", "von", "vom", "de", "den", "der", "des", "het", "'t", "'s",
    "ten", "ter", "te", "ver", "op", "in", "uit", "uyt", "aan", "onder", "bij",
    "le", "la", "les", "du", "d'", "l'", "di", "da", "do", "dos", "das", "del", "della", "dela",
    "ó", "o", "o'", "ní", "nic", "ua", "uí", "mac", "mc",
    "el", "al", "aït", "ait",
})
# A surname that begins with one of these, in one word: D'Hondt, O'Brien, L'Heureux, N'Diaye
APOSTROPHE_PREFIXES = ("d'", "l'", "o'", "n'")
# A title a team types before a name: a letter keeps it with the name ("Beste dokter Peeters"),
# never the title alone ("Beste Dr.,"). Compared without case and without the full stop.
TITLES = frozenset({"dr", "dokter", "meester", "juf", "juffrouw", "mevrouw", "mevr", "meneer",
                    "mr", "mw", "dhr", "prof", "huisarts", "mej", "mme", "madame", "monsieur", "mlle"})
# A word that makes a name an organisation's ("Kinderdagverblijf Zonneschijn", "Huis van het
# Kind Essen", "Kind en Gezin", "CAW De Kempen"), compared without case; and the endings of such
# a word ("Thuisbegeleidingsdienst Kompas", "Basisschool De Klimop", "Wijkgezondheidscentrum").
ORGANISATION_WORDS = frozenset({
    "kinderdagverblijf", "kinderopvang", "crèche", "creche", "peutertuin", "opvang",
    "school", "academie", "atheneum", "lyceum", "college", "instituut", "campus",
    "clb", "ocmw", "caw", "cgg", "jac", "vzw", "asbl", "okan", "mpi", "ggz", "vdab",
    "huis", "dienst", "centrum", "ziekenhuis", "kliniek", "praktijk", "apotheek",
    "politie", "gemeente", "stad", "bestuur", "jeugdhulp", "jeugdhuis", "jeugddienst",
    "thuisbegeleiding", "opvoedingswinkel", "gezin", "team", "club", "bibliotheek",
    "mutualiteit", "ziekenfonds",
})
ORGANISATION_ENDINGS = ("school", "dienst", "centrum", "verblijf", "opvang", "praktijk", "kliniek")

_VOWELS = frozenset("aeiouyáàâäéèêëíìîïóòôöúùûü")
# an initial: "J.", "J.P.", "J.-P.", or one letter alone
_INITIAL = re.compile(r"(?:[^\W\d_]\.-?)+[^\W\d_]?|[^\W\d_]")


class Form(enum.Enum):
    """How the letter calls someone, and why."""

    FIRST_NAME = "first-name"  # "Maria" of "Maria Peeters", "PEETERS Maria", "De Smet, Maria"
    ONE_WORD = "one-word"  # "Jef": the name as typed
    TITLED = "titled"  # "dokter Janssens": the whole name, with the title
    ORGANISATION = "organisation"  # "CLB Kempen": the whole name
    NO_FIRST_NAME = "no-first-name"  # "Van den Broeck", "PEETERS", "AN CLAES": the whole name
    EMPTY = "empty"


@dataclass(frozen=True)
class Called:
    text: str  # what the letter says: "Beste {text},"
    form: Form


def address(name: str, organisation: str = "") -> Called:
    """How a letter calls the person typed as ``name`` (the module's rule); an organisation
    invited as itself (its ``organisation`` is its name: "Kind en Gezin") by its name."""
    text = " ".join(name.split())
    if not text:
        return Called("", Form.EMPTY)
    if _folded(text) == _folded(organisation):
        return Called(text, Form.ORGANISATION)
    surname, comma, given = text.partition(",")
    if comma and surname.strip() and given.strip() and "," not in given:  # Achternaam, Voornaam
        first = given.split()[0]
        if _is_initial(first) or _is_particle(first):
            return Called(text, Form.NO_FIRST_NAME)
        return Called(first, Form.FIRST_NAME)
    words = text.split()
    first = words[0]
    if len(words) > 1 and first.rstrip(".").casefold() in TITLES:
        return Called(text, Form.TITLED)
    if is_organisation(text):
        return Called(text, Form.ORGANISATION)
    if len(words) == 1:
        surname_only = _is_initial(first) or _has_prefix(first) or (len(first) > 1 and first.isupper())
        return Called(text, Form.NO_FIRST_NAME if surname_only else Form.ONE_WORD)
    capitals = 0
    while capitals < len(words) and words[capitals].isupper():
        capitals += 1
    if capitals == len(words):
        return Called(text, Form.NO_FIRST_NAME)  # "AN CLAES", "CLAES AN": which is which?
    if any(len(w) > 1 and not _is_particle(w) and not _is_initial(w) for w in words[:capitals]):
        given_name = words[capitals]  # "PEETERS Maria", "DE SMET Marie": the surname first
        if _is_initial(given_name) or _is_particle(given_name):
            return Called(text, Form.NO_FIRST_NAME)
        return Called(given_name, Form.FIRST_NAME)
    if _is_particle(first) or _is_initial(first):
        return Called(text, Form.NO_FIRST_NAME)
    return Called(first, Form.FIRST_NAME)


def surely_first_name(name: str) -> bool:
    """A quick look that ``address`` agrees with, for a rule that meets every name on Netwerk:
    True only for a name ``address`` gives a first name (or a title, or an organisation's name),
    never NO_FIRST_NAME: two words or more, no comma, and a first word of two letters or more,
    not in capitals, with no dot (no initial), that is no particle ("Maria Peeters"). False:
    ask ``address``."""
    words = name.split(None, 1)
    if len(words) < 2 or "," in name:
        return False
    first = words[0]
    if len(first) < 2 or "." in first or first.isupper():
        return False
    if "'" in first or "’" in first or "‘" in first:  # "D'Hondt": as _is_particle sees it
        return not _is_particle(first)
    return first.casefold() not in PARTICLES  # (_is_particle without its apostrophes to look at)


def first_name(name: str) -> str:
    """What a letter calls someone by (``address``): "Maria" of "Maria Peeters", the whole name
    where eenplan can tell no first name ("Van den Broeck")."""
    return address(name).text


def is_organisation(name: str) -> bool:
    """Whether a name is an organisation's: a word of ``ORGANISATION_WORDS`` or with one of its
    endings in it, or a first word that is an abbreviation in capitals without a vowel (CLB, VZW)."""
    words = [w.strip(".,;:()'’\"").casefold() for w in name.split()]
    if any(w in ORGANISATION_WORDS or w.endswith(ORGANISATION_ENDINGS) for w in words if w):
        return True
    first = name.split()[0] if name.split() else ""
    return len(first) > 1 and first.isalpha() and first.isupper() and not set(first.casefold()) & _VOWELS


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_particle(word: str) -> bool:
    return _apostrophes(word).casefold() in PARTICLES or _has_prefix(word)


def _has_prefix(word: str) -> bool:
    """A word that starts with d', l', o', n' and goes on: "D'Hondt", "O'Brien"."""
    folded = _apostrophes(word).casefold()
    return any(folded.startswith(p) and len(folded) > len(p) for p in APOSTROPHE_PREFIXES)


def _is_initial(word: str) -> bool:
    return _INITIAL.fullmatch(word) is not None


def _apostrophes(word: str) -> str:
    return word.replace("’", "'").replace("‘", "'")
