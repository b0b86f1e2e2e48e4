"""Draw the Teams app icons: `color.png` (192×192) and `outline.png` (32×32, white on transparent).

Run once with `python manifest/make_icons.py`; the PNGs it writes are committed. It uses only the
standard library (zlib and struct), so drawing the icons adds no dependency, and it is deterministic:
the same script always writes byte-identical files.

The glyph is a three-line checklist — the programme's status updates — drawn as round-capped strokes
and anti-aliased by supersampling. The colour icon puts it in white on the accent colour (the same
value as the manifest's `accentColor`, as Teams asks); the outline icon is the same glyph, white only,
its shape carried by the alpha channel.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

ACCENT = (0x1F, 0x5A, 0x85)  # #1F5A85: a plain civic blue; white on it has a contrast ratio of about 7:1
ACCENT_HEX = "#" + "".join(f"{c:02X}" for c in ACCENT)

Segment = tuple[float, float, float, float]


def checklist(size: int, *, margin: float, stroke: float) -> list[tuple[Segment, float]]:
    """The glyph as thick segments (x0, y0, x1, y1) with their half-widths, in pixels.

    Three rows: a tick on the left, a bar on the right. `margin` is the blank border as a fraction of
    the icon; `stroke` is the line width as a fraction of the icon.
    """
    box = size * (1 - 2 * margin)
    left = size * margin
    top = size * margin
    r = size * stroke / 2
    shapes: list[tuple[Segment, float]] = []
    for row in range(3):
        cy = top + box * (0.17 + 0.33 * row)
        # The tick: a short stroke down to the right, then a long one up to the right.
        x0, x1, x2 = left + box * 0.02, left + box * 0.11, left + box * 0.27
        shapes.append(((x0, cy, x1, cy + box * 0.09), r))
        shapes.append(((x1, cy + box * 0.09, x2, cy - box * 0.09), r))
        # The bar.
        shapes.append(((left + box * 0.42, cy, left + box * 0.98, cy), r))
    return shapes


def coverage(size: int, shapes: list[tuple[Segment, float]], samples: int) -> list[float]:
    """For each pixel, the fraction of a samples×samples grid inside any of the shapes."""
    hits = bytearray(size * size * samples * samples)
    full = size * samples
    for (x0, y0, x1, y1), r in shapes:
        dx, dy = x1 - x0, y1 - y0
        length2 = dx * dx + dy * dy or 1e-12
        lo_x = max(0, int((min(x0, x1) - r) * samples))
        hi_x = min(full, int((max(x0, x1) + r) * samples) + 1)
        lo_y = max(0, int((min(y0, y1) - r) * samples))
        hi_y = min(full, int((max(y0, y1) + r) * samples) + 1)
        r2 = r * r
        for sy in range(lo_y, hi_y):
            py = (sy + 0.5) / samples
            row = sy * full
            for sx in range(lo_x, hi_x):
                px = (sx + 0.5) / samples
                t = ((px - x0) * dx + (py - y0) * dy) / length2
                t = 0.0 if t < 0 else 1.0 if t > 1 else t
                ex, ey = px - (x0 + t * dx), py - (y0 + t * dy)
                if ex * ex + ey * ey <= r2:
                    hits[row + sx] = 1
    per_pixel = samples * samples
    out = []
    for y in range(size):
        for x in range(size):
            total = 0
            for sy in range(y * samples, (y + 1) * samples):
                start = sy * full + x * samples
                total += sum(hits[start : start + samples])
            out.append(total / per_pixel)
    return out


def png(width: int, height: int, rows: list[bytes], colour_type: int) -> bytes:
    """A PNG from raw scanlines (filter type 0 on every row)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def colour_icon() -> bytes:
    size = 192
    cover = coverage(size, checklist(size, margin=0.25, stroke=0.055), samples=4)
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            a = cover[y * size + x]
            row += bytes(round(c + (255 - c) * a) for c in ACCENT)
        rows.append(bytes(row))
    return png(size, size, rows, colour_type=2)  # RGB: a full-bleed background


def outline_icon() -> bytes:
    size = 32
    cover = coverage(size, checklist(size, margin=0.09, stroke=0.085), samples=8)
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            row += bytes((255, 255, 255, round(255 * cover[y * size + x])))
        rows.append(bytes(row))
    return png(size, size, rows, colour_type=6)  # RGBA: white everywhere, the shape in alpha


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    (folder / "color.png").write_bytes(colour_icon())
    (folder / "outline.png").write_bytes(outline_icon())
    print(f"wrote {folder / 'color.png'} and {folder / 'outline.png'} (accent {ACCENT_HEX})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
