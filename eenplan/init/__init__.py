"""`eenplan init`: a new team folder (``folder``) with its settings, an empty workbook with
drop-downs, the default templates and a flows/ folder; the demo makes its folder the same way."""
