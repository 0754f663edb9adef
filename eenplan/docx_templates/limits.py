"""Limits on what a template may ask of eenplan, so no template can hang it or fill its memory.

A team's template is edited by staff in Word; a slip (or a copied example) can ask for a loop of
ten billion steps or a name repeated a hundred million times. Jinja's sandbox stops a template
from reaching Python, not from taking all the time and memory there is. So:

- the sandbox counts: every step of a ``range()`` loop, every call and every ``*``/``**``/``%``
  counts against ``MAX_STEPS`` for one document, and the clock is looked at as it counts
  (``MAX_SECONDS``); what goes past either is stopped with one sentence naming the template;
- what can make a huge text or list in one step is checked before it is done: repetition
  (``"x" * n``), powers, padding and widths in ``center``, ``indent``, ``format``, ``ljust``;
- ``hazards`` finds the same in a template's text, for `eenplan templates check`, together with
  ``{% include %}`` and its kin (a template cannot take in another file);
- the size of every part of a .docx is checked (in ``template._not_too_large``) before docxtpl
  unpacks it.

Rendering stays as fast as before: a count and, every thousand steps, a look at the clock.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.filters import do_center, do_format, do_indent
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from eenplan.docx_templates import codes
from eenplan.sheets.codes import Code

MAX_STEPS = 200_000  # loop steps, calls and operators in one document; a letter takes hundreds
MAX_SECONDS = 10.0  # wall clock for one document's Jinja
MAX_TEXT = 1_000_000  # characters (or items) one operation may make
MAX_LOOP_IN_TEMPLATE = 1_000  # what `templates check` calls a large loop
MAX_REPEAT_IN_TEMPLATE = 1_000  # ... and a huge repetition

_WIDE = re.compile(r"\d{7,}")  # a width or precision of a million or more, in a format


class LimitExceeded(Exception):
    """A template asked for more than one document may take; ``reason`` says what, in Dutch."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Interrupted(Exception):
    """The process was told to stop (SIGTERM, Ctrl-C) in the middle of a document."""


_interrupted = threading.Event()


def interrupt() -> None:
    """Stop the rendering in progress, on any thread, at its next thousandth step (safe from a
    signal handler): a watcher told to stop does not wait for a slow template."""
    _interrupted.set()


def resume() -> None:
    _interrupted.clear()


@dataclass
class _Budget:
    deadline: float
    steps: int = 0


_current = threading.local()


@contextlib.contextmanager
def budget(seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Rendering inside this block is counted and timed (one document)."""
    previous = getattr(_current, "budget", None)
    _current.budget = _Budget(time.monotonic() + seconds)
    try:
        yield
    finally:
        _current.budget = previous


def _step(count: int = 1) -> None:
    spent: _Budget | None = getattr(_current, "budget", None)
    if spent is None:
        return
    before = spent.steps
    spent.steps += count
    if spent.steps > MAX_STEPS:
        raise LimitExceeded(f"het vraagt meer dan {MAX_STEPS:_} stappen voor één document "
                            "(een lus over te veel getallen?)".replace("_", "."))
    if spent.steps // 1000 != before // 1000:
        if _interrupted.is_set():
            raise Interrupted
        if time.monotonic() > spent.deadline:
            raise LimitExceeded("het duurt te lang voor één document")


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


def _check_repeat(left: Any, right: Any) -> None:
    for sequence, times in ((left, right), (right, left)):
        size = _size(sequence)
        if size is not None and isinstance(times, int) and size * times > MAX_TEXT:
            raise LimitExceeded("het herhaalt een tekst of lijst te vaak (met *)")


def _check_width(*values: Any) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_TEXT:
            raise LimitExceeded("het vraagt een tekst van meer dan een miljoen tekens")
        if isinstance(value, str) and _WIDE.search(value):
            raise LimitExceeded("het vraagt een breedte of precisie van meer dan een miljoen tekens")


def _counted(numbers: range) -> Iterator[int]:
    for number in numbers:
        _step()
        yield number


def _range(*args: int) -> Iterator[int]:
    numbers = range(*args)
    if len(numbers) > MAX_STEPS:
        raise LimitExceeded(f"een lus over {len(numbers):_} getallen is te veel voor één "
                            "document".replace("_", "."))
    return _counted(numbers)


def _center(value: str, width: int = 80) -> str:
    _check_width(width)
    return do_center(value, width)


def _indent(value: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    _check_width(width)
    return do_indent(value, width, first, blank)


def _format(value: str, *args: Any, **kwargs: Any) -> str:
    _check_width(value)
    return do_format(value, *args, **kwargs)


_PADDING = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs", "format", "format_map"})


class LimitedEnvironment(SandboxedEnvironment):
    """The sandbox, counting: see the module's docstring."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _range
        self.filters.update(center=_center, indent=_indent, format=_format)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _step()
        if operator == "*":
            _check_repeat(left, right)
        elif operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise LimitExceeded("het rekent een te grote macht uit (met **)")
        elif operator == "%" and isinstance(left, str):
            _check_width(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _step()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        return _guarded(obj, attribute, super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        return _guarded(obj, argument, super().getitem(obj, argument))


def _guarded(obj: Any, name: Any, value: Any) -> Any:
    """A string's padding and formatting methods, checked before they make a huge text."""
    if not (isinstance(obj, str) and isinstance(name, str) and name in _PADDING and callable(value)):
        return value
    if name in ("format", "format_map"):
        _check_width(obj)

    def checked(*args: Any, **kwargs: Any) -> Any:
        _check_width(*args, *kwargs.values())
        return value(*args, **kwargs)

    return checked


# -- what `templates check` says ----------------------------------------------------------------


@dataclass(frozen=True)
class Hazard:
    code: Code  # codes.INCLUDE, LARGE_LOOP or HUGE_REPETITION
    what: str  # Dutch, to follow "In X.docx staat ..."
    lineno: int


def hazards(tree: nodes.Template) -> list[Hazard]:
    """What in a parsed template would be stopped, or refused, at rendering."""
    found: list[Hazard] = []
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        found.append(Hazard(
            codes.INCLUDE, "een {% include %}, {% import %} of {% extends %}: een sjabloon kan geen ander "
            "bestand invoegen. Zet de tekst zelf in het sjabloon", node.lineno))
    for loop in tree.find_all(nodes.For):
        steps = _loop_steps(loop)
        if steps is not None and steps > MAX_LOOP_IN_TEMPLATE:
            found.append(Hazard(
                codes.LARGE_LOOP, f"een lus van {steps:_} stappen (range): een brief heeft er hoogstens "
                "enkele tientallen nodig. Laat de lus over de velden lopen, zoals "
                "{% for lid in genodigden %}".replace("_", "."), loop.lineno))
    for operation in tree.find_all((nodes.Mul, nodes.Pow)):
        amount = _constant_number(operation.right) or _constant_number(operation.left)
        limit = 64 if isinstance(operation, nodes.Pow) else MAX_REPEAT_IN_TEMPLATE
        if amount is not None and amount > limit:
            sign = "**" if isinstance(operation, nodes.Pow) else "*"
            found.append(Hazard(
                codes.HUGE_REPETITION, f"een herhaling of berekening met {sign} {amount:_}: dat maakt een "
                "reusachtige tekst. Haal ze weg".replace("_", "."), operation.lineno))
    return found


def _loop_steps(loop: nodes.For) -> int | None:
    """The steps of a range() loop with fixed numbers, times those of the range loops around it
    (nested loops multiply)."""
    own = _range_length(loop.iter)
    if own is None:
        return None
    inner = [_loop_steps(child) or 1 for child in loop.find_all(nodes.For)]
    return own * max(inner, default=1)


def _range_length(node: nodes.Node) -> int | None:
    if not (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range"):
        return None
    numbers = [_constant_number(a) for a in node.args]
    if not numbers or any(n is None for n in numbers) or len(numbers) > 3:
        return None
    try:
        return len(range(*[n for n in numbers if n is not None]))
    except (ValueError, OverflowError):
        return None


def _constant_number(node: nodes.Node) -> int | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return abs(node.value)
    return None
