"""The data block an HTML report carries, so that the report can be rendered again.

Kept apart from the renderer so that reading a report back needs no jinja2.
"""

from __future__ import annotations

import re

DATA_ID = "ai-mba-fit-result"
_DATA_BLOCK = re.compile(
    r'<script type="application/json" id="' + DATA_ID + r'">(.*?)</script>', re.S
)
# Inside a <script> element only "</script" can end it; writing <, > and & as JSON escapes
# means no user text can ever close the block or open markup.


def script_safe(json_text: str) -> str:
    """JSON text that is safe inside a `<script type="application/json">` element."""
    # Three replace() calls run in C; str.translate with a dict is ten times slower here.
    return json_text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def find_embedded_json(html: str) -> str | None:
    """The JSON a report carries, or None if this is not one of our reports."""
    found = _DATA_BLOCK.search(html)
    return found[1] if found else None
