"""QR codes as PNG bytes (segno: pure Python, no imaging library needed)."""

from __future__ import annotations

import io

import segno


def qr_png(text: str, *, scale: int = 8) -> bytes:
    """A scannable PNG of `text` (error correction M, a quiet zone of 4 modules)."""
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
