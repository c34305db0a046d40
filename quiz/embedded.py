"""The data block an HTML report carries, so that the report can be rendered again.

Kept apart from the renderer so that reading a report back needs no jinja2.
"""

from __future__ import annotations

DATA_ID = "ai-mba-fit-result"
_OPENER = f'<script type="application/json" id="{DATA_ID}">'
_CLOSER = "</script>"
# Inside a <script> element only "</script" can end it; writing <, > and & as JSON escapes
# means no user text can ever close the block or open markup.


def script_safe(json_text: str) -> str:
    """JSON text that is safe inside a `<script type="application/json">` element."""
    # Three replace() calls run in C; str.translate with a dict is ten times slower here.
    return json_text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def find_embedded_json(html: str) -> str | None:
    """The JSON a report carries, or None if this is not one of our reports.

    One pass whatever the file holds: the block is the last opener's (a report has one, at
    its end), up to the closer after it."""
    start = html.rfind(_OPENER)
    if start < 0:
        return None
    start += len(_OPENER)
    end = html.find(_CLOSER, start)
    return html[start:end] if end >= 0 else None
