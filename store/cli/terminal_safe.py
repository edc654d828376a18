"""Make untrusted text inert before the command line prints it.

Article text, titles and file names may hold escape sequences (colours, OSC 52
clipboard writes, OSC 8 links), a lone carriage return that overwrites what was
printed, or bidi overrides that reorder a line.  The stored text keeps them;
this module only changes what is *printed*: each such character becomes a
visible placeholder (ESC -> ␛, BEL -> ␇, U+202E -> ⟨U+202E⟩).

For CLI output only; the Textual app renders text through Content/Text objects.
"""

from __future__ import annotations

import re

#: Bidi embeddings, overrides and isolates, marks, and line/paragraph separators.
_INVISIBLE = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"

# C0 controls except tab and newline, a CR not followed by LF, DEL, C1 controls, the above.
# Lone surrogates (undecodable file names) cannot even be written to a UTF-8 stream.
_SURROGATES = "\ud800-\udfff"
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _INVISIBLE + _SURROGATES + "]|\r(?!\n)")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f" + _INVISIBLE + _SURROGATES + "]")


def _placeholder(match: re.Match) -> str:
    ch = match.group(0)
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode Control Pictures: ␀ ... ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\u27e8U+{code:04X}\u27e9"


def safe(text: str) -> str:
    """`text` with every control character except tab, newline (and CRLF) made visible."""
    return _UNSAFE.sub(_placeholder, text)


def safe_line(text: str) -> str:
    """`text` for one line of output: line breaks and tabs become visible too.

    A file name or title with a newline in it could otherwise forge extra output lines.
    """
    return _UNSAFE_LINE.sub(_placeholder, text)
