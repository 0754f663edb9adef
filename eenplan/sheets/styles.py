"""Styles for the reports eenplan writes (Controle.xlsx, Achterstand.xlsx), set at the cost of
a copy.

openpyxl registers a style each time one is set: it hashes and compares the Font, Fill or
Alignment against every one the workbook holds, about 40 microseconds a cell, which made
setting the styles of 4,000 rows of an overdue list take longer than writing them. A cell's
style is a small array of numbers into those lists, so a ``Stamps`` sets each distinct style
once, the way openpyxl does, and gives every later cell with the same style and the same
change a copy of the resulting array (``cell._style = copy(other._style)``, openpyxl's own
idiom for copying a style). The styles are registered in the same order as before, so the
file is the same, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from openpyxl.styles.styleable import StyleableObject

T = TypeVar("T")


class Stamps:
    """``stamps.set(cell, "alignment", wrap)`` does what ``cell.alignment = wrap`` does.

    One Stamps serves one workbook (the numbers point into its lists).
    """

    def __init__(self) -> None:
        self._after: dict[tuple[tuple[int, ...], str, int], Any] = {}
        self._values: list[object] = []  # keeps each value alive, so its id stays its own
        self._shared: dict[str, object] = {}

    def shared(self, name: str, kind: Callable[..., T], *args: object, **kwargs: object) -> T:
        """One style object by this name for the whole workbook (made the first time), so that
        cells given it share the copy rather than each registering a new equal object."""
        made = self._shared.get(name)
        if made is None:
            made = self._shared[name] = kind(*args, **kwargs)
        return cast(T, made)

    def set(self, cell: StyleableObject, name: str, value: object) -> None:
        style: Any = cell._style  # type: ignore[attr-defined]  # openpyxl keeps it on every cell
        key = (tuple(style) if style is not None else (), name, id(value))
        after = self._after.get(key)
        if after is None:
            setattr(cell, name, value)
            self._after[key] = copy(cell._style)  # type: ignore[attr-defined]
            self._values.append(value)
        else:
            cell._style = copy(after)  # type: ignore[attr-defined]
