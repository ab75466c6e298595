"""HTML to plain text for article titles and bodies.

html-text (Zyte, on lxml) keeps the words and the paragraph breaks, drops scripts, styles and
markup, and decodes entities. Text without markup skips the parser.
"""

from __future__ import annotations

import html as _html
import re

import html_text

_MARKUP = re.compile(r"<[A-Za-z!/?]")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n+")


def tidy(text: str) -> str:
    """Collapse runs of spaces, keep at most one blank line between paragraphs."""
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()


def html_to_text(value: str | None) -> str:
    """Plain text of an HTML fragment (or of text with entities such as &amp;)."""
    if not value:
        return ""
    if _MARKUP.search(value) is None:
        return tidy(_html.unescape(value))
    try:
        text = html_text.extract_text(value, guess_layout=True)
    except Exception:  # lxml rejects a few broken inputs; the words still count
        text = _html.unescape(re.sub(r"<[^>]*>", " ", value))
    return tidy(text)
