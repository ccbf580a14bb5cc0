"""Draw BackTrainer's app icon with QPainter and write it as PNG, ICO (Windows) and ICNS (macOS).

Usage: QT_QPA_PLATFORM=offscreen python -m tools.make_icon [OUT_DIR]   (default: assets/icons)

The icon is a rounded teal square with a white stylised spine (five vertebrae on a gentle curve) and a small
upward chevron: "a back that gets stronger". Qt's own image plugins write all three formats, so no Pillow is needed.
Output files: backtrainer.png (256 px), backtrainer.ico (16-256 px), backtrainer.icns (16-512 px).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QImageWriter, QPainter, QPainterPath, QPen

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "assets" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def draw(size: int) -> QImage:
    """The icon at ``size`` x ``size`` pixels (drawn on a 100-unit canvas, scaled)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 100.0, size / 100.0)
    # background: rounded square
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f7a74"))
    p.drawRoundedRect(QRectF(4, 4, 92, 92), 20, 20)
    # spine: vertebrae along a gentle S-curve
    centres = [(46, 22), (51, 36), (53, 50), (50, 64), (45, 78)]
    p.setBrush(QColor("#ffffff"))
    for i, (x, y) in enumerate(centres):
        w = 20 + 2 * i
        p.drawRoundedRect(QRectF(x - w / 2, y - 5, w, 10), 4, 4)
    # the curve joining them
    path = QPainterPath(QPointF(*centres[0]))
    for a, b in zip(centres[1::2], centres[2::2]):
        path.quadTo(QPointF(*a), QPointF(*b))
    pen = QPen(QColor("#ffffff"))
    pen.setWidthF(3.0)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    # upward chevron (progress)
    pen = QPen(QColor("#ffd166"))
    pen.setWidthF(6.0)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    chevron = QPainterPath(QPointF(68, 40))
    chevron.lineTo(QPointF(78, 28))
    chevron.lineTo(QPointF(88, 40))
    p.drawPath(chevron)
    p.end()
    return image


def _write(image: QImage, path: Path, fmt: bytes) -> None:
    writer = QImageWriter(str(path), fmt)
    if not writer.write(image):
        raise SystemExit(f"cannot write {path}: {writer.errorString()}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    supported = {bytes(f.data()) for f in QImageWriter.supportedImageFormats()}
    _write(draw(256), out / "backtrainer.png", b"png")
    # Qt's ICO writer stores one image per file; a multi-size .ico is assembled by hand (ICONDIR + PNG entries,
    # which Windows Vista and later read).
    _write_ico([draw(s) for s in ICO_SIZES], out / "backtrainer.ico")
    if b"icns" in supported:
        _write(draw(max(ICNS_SIZES)), out / "backtrainer.icns", b"icns")
    else:
        print("no ICNS writer in this Qt; backtrainer.icns not written", file=sys.stderr)
    for f in sorted(out.iterdir()):
        print(f"{f.relative_to(ROOT) if f.is_relative_to(ROOT) else f}  {f.stat().st_size} bytes")
    return 0


def _png_bytes(image: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def _write_ico(images: list[QImage], path: Path) -> None:
    """A Windows .ico holding each image as an embedded PNG."""
    import struct

    blobs = [_png_bytes(img) for img in images]
    header = struct.pack("<HHH", 0, 1, len(blobs))
    offset = 6 + 16 * len(blobs)
    entries = b""
    for img, blob in zip(images, blobs):
        w = img.width() if img.width() < 256 else 0  # 0 means 256
        h = img.height() if img.height() < 256 else 0
        entries += struct.pack("<BBBBHHII", w, h, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    path.write_bytes(header + entries + b"".join(blobs))


if __name__ == "__main__":
    sys.exit(main())
