"""How a letter calls someone by the name a team typed on the Netwerk sheet. Pure: text in, text out.

A letter says "Beste Maria," to Maria Peeters: a first name, but only where the name clearly
has one. Where eenplan cannot tell one, the letter says the whole name ("Beste Van den Broeck,"),
never a particle or half a name ("Beste Van,"); and where it cannot tell which word is the first
name ("peeters maria", "Ben Salah Youssef"), the whole name too, never a surname said as if it
were one ("Beste peeters,", "Beste Ben,"). The words it goes by are data, in the tables below
(``PARTICLES``, ``INNER_PARTICLES``, ``TITLES``, ``FORMAL_TITLES``, ``ORGANISATION_WORDS``), each
held by tests/test_names.py.

What it cannot tell: a name is letters, not a register. "Maria Peeters" and "Peeters Maria" look
alike; eenplan takes the first word, as the workbook asks names to be typed (Voornaam Achternaam),
unless the other word is the family's own surname ("Peeters Maria" in Familie Peeters: "Maria").
A team that types the surname first writes it with a comma or in capitals ("Peeters, Maria",
"PEETERS Maria"), which eenplan can tell.

The rule, in order (``address``):

1. "De Smet, Marie" (Achternaam, Voornaam): the part after the comma, "Marie".
2. A title in front ("dokter Janssens", "Meester Tom", "De heer Peeters", "Mx. Peeters"): the
   whole name, title and all (a letter in a language says a courtesy title its own way:
   ``courtesy``). "M." in front is Monsieur or an initial: the whole name, as for an initial.
3. An organisation ("CLB Kempen", "Kinderdagverblijf Zonneschijn", "OCMW"): the whole name.
4. One word ("Jef"): that word; a surname that shows it is one ("PEETERS", "D'Hondt") too, but
   eenplan knows no first name then.
5. A name all in capitals ("AN CLAES") could be either way round: the whole name. The surname
   first in capitals, as Belgian forms write it ("PEETERS Maria", "DE SMET Marie"): the first
   name after it, "Maria".
6. A particle in front ("Van den Broeck", "De Smet", "Ó Briain", "El Amrani") or an initial
   ("J. Peeters"): the whole name; no first name comes before the surname.
7. A name typed in small letters ("peeters maria", "maria peeters"): capitals are what tells a
   name's parts, so the whole name, as typed.
8. Two words of which the first is the family's surname ("Peeters Maria" in Familie Peeters): the
   other, "Maria".
9. Three words or more: the first only where a particle right after it shows that the surname
   starts there ("Youssef Ben Salah", "Marie-Thérèse Van den Broeck"); else ("Ben Salah Youssef",
   "Nguyen Thi Lan", "Jan Willem Peeters") the whole name: which of them is the first name? Two
   first names ("Marie Thérèse Peeters", "Jan Pieter De Smet") are whole too: Marie, or Marie
   Thérèse? Only the person knows; "Marie-Thérèse", with its hyphen, is one first name.
10. Otherwise the first word: "Maria" of "Maria Peeters", "Jean-Pierre" of "Jean-Pierre D'Hondt".
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
# A word that starts a surname further on in a name, not in front ("Youssef Ben Salah", "Karim
# Abou El Fadl"): Arabic and Berber patronymics. In front, "Ben" is a first name as often ("Ben
# Peeters"), so a name of three words or more that starts with one is unsure ("Ben Salah Youssef").
INNER_PARTICLES = frozenset({"ben", "bin", "ibn", "bent", "bint", "bou", "abou", "abu", "ould"})
# A surname that begins with one of these, in one word: D'Hondt, O'Brien, L'Heureux, N'Diaye
APOSTROPHE_PREFIXES = ("d'", "l'", "o'", "n'")


class TitleKind(enum.Enum):
    """Whom a courtesy title greets: how a letter or mail in a language says it."""

    WOMAN = "woman"
    MAN = "man"
    NEUTRAL = "neutral"  # Mx.
    DOCTOR = "doctor"
    OTHER = "other"  # a title that says no one's gender: Prof.; Mr and M. outside English, French


# The titles of those a letter says "u" (French "vous") to, by whom they greet: a courtesy title,
# a woman's ("Mevrouw Van den Broeck", "Madame Dubois", "Mrs Smith"), a man's ("De heer Peeters",
# "Dhr. Peeters", "Meneer Peeters", "Monsieur Dubois") or neither's ("Mx. Peeters"), or a
# doctor's or professor's. Compared without case and without the full stop. "Mr" is a man's in
# English and a lawyer's ("meester") in Dutch, so OTHER: the letter's language tells
# (``Courtesy.kind``). "De heer" is two words: "heer" after "de" in front of a name.
COURTESY_TITLES = {
    **dict.fromkeys(("mevrouw", "mevr", "mw", "mej", "mejuffrouw", "mme", "madame", "mlle",
                     "mademoiselle", "mrs", "ms", "miss"), TitleKind.WOMAN),
    **dict.fromkeys(("meneer", "mijnheer", "heer", "dhr", "monsieur"), TitleKind.MAN),
    "mx": TitleKind.NEUTRAL,
    **dict.fromkeys(("dr", "dokter", "docteur", "doctor", "huisarts"), TitleKind.DOCTOR),
    **dict.fromkeys(("prof", "professor", "mr"), TitleKind.OTHER),
}
FORMAL_TITLES = frozenset(COURTESY_TITLES)
# A title a team types before a name: a letter keeps it with the name ("Beste dokter Peeters"),
# never the title alone ("Beste Dr.,"). Compared without case and without the full stop. "Meester
# Tom" and "juf Sarah", as a child says them to the teacher, keep "je".
TITLES = FORMAL_TITLES | {"meester", "juf", "juffrouw"}
# "M." is French for Monsieur, and an initial in Dutch ("M. Peeters" for Maria Peeters): a name
# that starts with it is said whole, as one with an initial (so check still asks for a first
# name), and gets "u" ("vous"), as anyone a team knows by an initial and a surname would; a man's
# title only in a French letter or mail.
_MONSIEUR = "m."
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
    NO_FIRST_NAME = "no-first-name"  # "Van den Broeck", "PEETERS", "J. Peeters": the whole name
    UNSURE = "unsure"  # "AN CLAES", "peeters maria", "Ben Salah Youssef": which word? The whole name
    EMPTY = "empty"


# the forms in which a letter says the whole name for want of a first name it can tell
WHOLE_FOR_WANT = frozenset({Form.NO_FIRST_NAME, Form.UNSURE})


@dataclass(frozen=True)
class Called:
    text: str  # what the letter says: "Beste {text},"
    form: Form

    @property
    def formal(self) -> bool:
        """Whether the letter says "u" to this person: a name with a title of ``FORMAL_TITLES``
        ("De heer Peeters", "Mx. Peeters"), or with "M." in front."""
        if self.form not in (Form.TITLED, Form.NO_FIRST_NAME):
            return False
        leading = _leading_title(self.text.split())
        return leading is not None and leading[1] in FORMAL_TITLES | {_MONSIEUR}


@dataclass(frozen=True)
class Courtesy:
    """The courtesy title a formal name starts with, and the surname that goes with it:
    "Mevrouw Daisy Claes" -> "Mevrouw", "Claes" ("Geachte mevrouw Claes,")."""

    title: str  # as typed: "Mevrouw", "De heer", "Dhr.", "M."
    key: str  # as compared: "mevrouw", "heer", "dhr", "m."
    # the name after the title without a first name eenplan can tell ("Claes" of "Daisy Claes",
    # of "Claes, Daisy"); where it can tell none, the name after the title as typed
    # ("Van den Broeck", "Marie Thérèse Peeters")
    surname: str

    def kind(self, language: str) -> TitleKind:
        """Whom the title greets in a letter or mail in ``language`` (nl, fr, en): "Mr" is a
        man's in English, "M." a man's in French; in other languages neither says whose."""
        if (self.key, language) in (("mr", "en"), (_MONSIEUR, "fr")):
            return TitleKind.MAN
        return COURTESY_TITLES.get(self.key, TitleKind.OTHER)


def courtesy(name: str, organisation: str = "", *, family: str = "") -> Courtesy | None:
    """The courtesy title of a name a letter says "u" to (``Called.formal``); None for any other
    name. ``organisation``, ``family``: as ``address``."""
    called = address(name, organisation, family=family)
    leading = _leading_title(called.text.split()) if called.formal else None
    if leading is None:
        return None
    count, key = leading
    words = called.text.split()
    return Courtesy(" ".join(words[:count]), key, _surname(" ".join(words[count:]), family))


def _surname(rest: str, family: str) -> str:
    """The name after a title without its first name, where ``address`` tells one."""
    given = address(rest, family=family)
    if given.form is not Form.FIRST_NAME:
        return rest
    surname, comma, _ = rest.partition(",")
    if comma:
        return surname.strip()
    words = rest.split()
    if words[0] == given.text:
        return " ".join(words[1:])
    if words[-1] == given.text:
        return " ".join(words[:-1])
    return rest


def _leading_title(words: list[str]) -> tuple[int, str] | None:
    """The title a name of more than that title starts with: how many words it is ("De heer" is
    two), and the title as compared ("heer"; "m." for "M.")."""
    if len(words) > 2 and words[0].casefold() == "de" and _title(words[1]) == "heer":
        return 2, "heer"
    if len(words) > 1:
        if words[0].casefold() == _MONSIEUR:
            return 1, _MONSIEUR
        if (key := _title(words[0])) in TITLES:
            return 1, key
    return None


def address(name: str, organisation: str = "", *, family: str = "") -> Called:
    """How a letter calls the person typed as ``name`` (the module's rule); an organisation
    invited as itself (its ``organisation`` is its name: "Kind en Gezin") by its name; ``family``:
    the name of the family whose network this person is in ("Familie Peeters"), whose surname
    may come first ("Peeters Maria")."""
    text = " ".join(name.split())
    if not text:
        return Called("", Form.EMPTY)
    if _folded(text) == _folded(organisation):
        return Called(text, Form.ORGANISATION)
    surname, comma, given = text.partition(",")
    if comma and surname.strip() and given.strip() and "," not in given:  # Achternaam, Voornaam
        first = given.split()[0]
        if _no_name(first):
            return Called(text, Form.NO_FIRST_NAME)
        return Called(first, Form.FIRST_NAME)
    words = text.split()
    first = words[0]
    leading = _leading_title(words)
    if leading is not None and leading[1] != _MONSIEUR:  # ("M. Peeters": as with an initial)
        return Called(text, Form.TITLED)
    if is_organisation(text):
        return Called(text, Form.ORGANISATION)
    if len(words) == 1:
        surname_only = _is_initial(first) or _has_prefix(first) or (len(first) > 1 and first.isupper())
        return Called(text, Form.NO_FIRST_NAME if surname_only else Form.ONE_WORD)
    if "," in text:  # "Peeters, Maria, Jan", "Peeters, ,": no "Achternaam, Voornaam" to go by
        return Called(text, Form.UNSURE)
    capitals = 0
    while capitals < len(words) and words[capitals].isupper():
        capitals += 1
    if capitals == len(words):
        if _is_particle(first) or _is_initial(first):
            return Called(text, Form.NO_FIRST_NAME)  # "DE SMET"
        return Called(text, Form.UNSURE)  # "AN CLAES", "CLAES AN": which is which?
    if any(len(w) > 1 and not _is_particle(w) and not _is_initial(w) for w in words[:capitals]):
        given_name = words[capitals]  # "PEETERS Maria", "DE SMET Marie": the surname first
        if _no_name(given_name):
            return Called(text, Form.NO_FIRST_NAME)
        return Called(given_name, Form.FIRST_NAME)
    if _no_name(first):
        return Called(text, Form.NO_FIRST_NAME)
    if first[:1].islower():  # "peeters maria": no capital says which word is which
        return Called(text, Form.UNSURE)
    if len(words) == 2:
        other = words[1]
        surnames = _surnames(family)
        if _folded(first) in surnames and _folded(other) not in surnames and not _no_name(other):
            return Called(other, Form.FIRST_NAME)  # "Peeters Maria" in Familie Peeters
        return Called(first, Form.FIRST_NAME)
    second = words[1]
    if _folded(first) in INNER_PARTICLES or not (_is_particle(second) or _folded(second) in INNER_PARTICLES):
        # "Ben Salah Youssef", "Nguyen Thi Lan": which word? "Jan Pieter De Smet", "Marie Thérèse
        # Van den Broeck": two first names, and the one they go by may be both ("Marie Thérèse")
        return Called(text, Form.UNSURE)
    return Called(first, Form.FIRST_NAME)  # "Youssef Ben Salah": the surname starts at "Ben"


def surely_first_name(name: str) -> bool:
    """A quick look that ``address`` agrees with, for a rule that meets every name on Netwerk:
    True only for a name ``address`` gives a first name (or a title, or an organisation's name),
    never the whole name for want of one (``WHOLE_FOR_WANT``): two words, no comma, and a first
    word of two letters or more that starts with a capital letter, not all in capitals, with no dot (no
    initial), that is no particle ("Maria Peeters"). False: ask ``address``."""
    words = name.split(None, 2)
    if len(words) != 2 or "," in name:
        return False
    first = words[0]
    if len(first) < 2 or "." in first or first.isupper() or not first[:1].isupper():
        return False
    if "'" in first or "’" in first or "‘" in first:  # "D'Hondt": as _is_particle sees it
        return not _is_particle(first)
    return first.casefold() not in PARTICLES  # (_is_particle without its apostrophes to look at)


def first_name(name: str) -> str:
    """What a letter calls someone by (``address``): "Maria" of "Maria Peeters", the whole name
    where eenplan can tell no first name ("Van den Broeck")."""
    return address(name).text


def display_name(name: str) -> str:
    """A name as a letter prints it in full (an address block, a list, under a signature line):
    "Fatma Demir" of "Demir, Fatma" (Achternaam, Voornaam, as the README lets a team type it);
    any other name as typed, its spaces tidied."""
    text = " ".join(name.split())
    surname, comma, given = text.partition(",")
    if comma and surname.strip() and given.strip() and "," not in given:
        return f"{given.strip()} {surname.strip()}"
    return text


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


def _title(word: str) -> str:
    return word.rstrip(".").casefold()


# the Dutch words a team types before a family's name, which are no surname ("Familie Peeters")
_FAMILY_WORDS = frozenset({"familie", "fam", "fam.", "gezin", "de", "het", "en", "&"})


def _surnames(family: str) -> frozenset[str]:
    """The surnames in a family's name: "Familie Peeters-Claes" -> peeters-claes, peeters, claes."""
    words = [w for w in _folded(family).split() if w not in _FAMILY_WORDS]
    return frozenset(words + [part for w in words for part in w.split("-") if part])


def _no_name(word: str) -> bool:
    """A word no one is greeted by: a particle, an initial, or no letter at all (",", "1-2")."""
    return _is_particle(word) or _is_initial(word) or not any(c.isalpha() for c in word)


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
