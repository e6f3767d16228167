"""The PDF path: the print edition through WeasyPrint's CSS paged media, no browser needed.

WeasyPrint is optional (``pip install 'briefgen[pdf]'``, plus the Pango libraries from the system's
packages); without it, ``briefgen pdf`` says so and how to install it instead of failing.
The PDF is reproducible: its dates come from the briefing, not the clock, and its file identifier
from its content.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Iterable

from .errors import BriefingError
from .model import Briefing
from .render import Renderer
from .views import template_environment


class PdfUnavailable(BriefingError):
    """WeasyPrint or its system libraries are missing: say how to install them."""


def load_weasyprint() -> Any:
    """The weasyprint module, or a clear error that says how to get it."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except ImportError as exc:
        raise PdfUnavailable("briefgen pdf needs WeasyPrint: pip install 'briefgen[pdf]'") from exc
    except OSError as exc:  # the Python package is there, Pango is not
        raise PdfUnavailable(f"WeasyPrint cannot load its system libraries ({exc}); on Debian or Ubuntu: "
                             "apt-get install libpango-1.0-0 libpangoft2-1.0-0") from exc
    return weasyprint


def print_document(briefing: Briefing, overrides: Iterable[Path] = ()) -> str:
    """The print edition as one HTML document, ready for paged media."""
    return Renderer(briefing, template_environment(overrides)).print_document()


def write_pdf(briefing: Briefing, output: Path, overrides: Iterable[Path] = (), base: Path = Path(".")) -> int:
    """Write the print edition to ``output`` as PDF; returns the number of pages."""
    weasyprint = load_weasyprint()
    html = print_document(briefing, overrides)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, base_url=str(base)).render()
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    output.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(str(output), pdf_identifier=identifier)
    return len(document.pages)
