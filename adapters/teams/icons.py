"""The Teams app icons, drawn in code: an equals sign, for an equal footing.

* ``color.png``: 192×192, the accent colour with a white equals sign;
* ``outline.png``: 32×32, a white equals sign on a transparent background (Teams asks for
  white and transparent only).

Only the standard library is used (``zlib`` and ``struct`` write the PNG), and the drawing is
plain arithmetic (anti-aliased by the distance to each bar's edge), so the same pixels come out
on every machine. ``python -m adapters.teams.icons [FOLDER]`` writes both files (default:
``appPackage/``).
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ACCENT: Final = (0x2B, 0x5F, 0x75)
WHITE: Final = (0xFF, 0xFF, 0xFF)
COLOUR_SIZE: Final = 192
OUTLINE_SIZE: Final = 32
PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True, slots=True)
class Bar:
    """A horizontal bar with round ends: from ``x0`` to ``x1`` at height ``y``, ``radius``
    thick on each side of its centre line (coordinates in pixels, centres at +0.5)."""

    x0: float
    x1: float
    y: float
    radius: float

    def distance(self, x: float, y: float) -> float:
        """Signed distance from the bar's edge (negative inside)."""
        nearest_x = min(max(x, self.x0), self.x1)
        return math.hypot(x - nearest_x, y - self.y) - self.radius


def equals_sign(size: int) -> tuple[Bar, Bar]:
    """Two bars, centred, scaled to ``size``."""
    half_length = size * 0.27
    radius = size * 0.065
    gap = size * 0.115
    centre = size / 2
    return (
        Bar(centre - half_length, centre + half_length, centre - gap, radius),
        Bar(centre - half_length, centre + half_length, centre + gap, radius),
    )


def draw(size: int, background: tuple[int, int, int] | None, bars: Sequence[Bar]) -> bytes:
    """RGBA pixels, row by row: white bars over ``background`` (transparent when None)."""
    rows = bytearray()
    for row in range(size):
        for column in range(size):
            x, y = column + 0.5, row + 0.5
            cover = max(0.0, min(1.0, 0.5 - min(bar.distance(x, y) for bar in bars)))
            if background is None:
                rows += bytes((*WHITE, round(255 * cover)))
            else:
                mixed = (round(b + (w - b) * cover) for b, w in zip(background, WHITE, strict=True))
                rows += bytes((*mixed, 255))
    return bytes(rows)


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(width: int, height: int, rgba: bytes) -> bytes:
    """A PNG file (8-bit RGBA, no filtering) of ``rgba`` pixels."""
    if len(rgba) != width * height * 4:
        raise ValueError("pixel data does not match the size")
    stride = width * 4
    raw = b"".join(b"\x00" + rgba[row * stride : (row + 1) * stride] for row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def colour_icon() -> bytes:
    return png(
        COLOUR_SIZE,
        COLOUR_SIZE,
        draw(COLOUR_SIZE, ACCENT, equals_sign(COLOUR_SIZE)),
    )


def outline_icon() -> bytes:
    return png(OUTLINE_SIZE, OUTLINE_SIZE, draw(OUTLINE_SIZE, None, equals_sign(OUTLINE_SIZE)))


def write_icons(folder: Path) -> tuple[Path, Path]:
    """Write ``color.png`` and ``outline.png`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    colour = folder / "color.png"
    outline = folder / "outline.png"
    colour.write_bytes(colour_icon())
    outline.write_bytes(outline_icon())
    return colour, outline


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("appPackage")
    for path in write_icons(target):
        sys.stdout.write(f"{path}\n")
