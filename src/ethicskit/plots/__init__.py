"""Plot functions of the notebooks, one module per area. Each takes findings or a campaign and
returns a matplotlib Figure; data preparation stays in the area modules."""

import html as _html

#: Widest a plot is drawn, in inches: the text width of an A4 page with 12 mm margins, so that
#: its text (7 pt or more) prints at its size in the PDF and never shrinks below 7 pt.
PRINT_WIDTH = 7.2


def print_width(width: float) -> float:
    """``width`` in inches, at most :data:`PRINT_WIDTH`."""
    return min(float(width), PRINT_WIDTH)


class Skipped:
    """A plot that could not be drawn, shown as one sentence (``prefix`` + ``reason``) instead.

    Plot functions return it when the data lack what the plot needs, so a notebook never raises
    and a reader learns why the picture is missing.
    """

    prefix = ""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    @property
    def text(self) -> str:
        return f"{self.prefix}{self.reason}"

    def _repr_html_(self) -> str:
        return f"<p><em>{_html.escape(self.text)}</em></p>"

    def __repr__(self) -> str:
        return self.text
