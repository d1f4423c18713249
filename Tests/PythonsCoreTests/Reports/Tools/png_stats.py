"""Pixel statistics of a PNG, decoded with nothing but the standard library.

Usage: png_stats.py IMAGE.png [#RRGGBB ...]

Prints one JSON object: width, height, distinct_colors, background (the most
common colour), non_background_fraction, mean_luminance (0-255), and
color_counts: for each colour asked for, the pixels within 3 per channel of
it; colorful_pixels: pixels whose channels differ by more than 32 (a colour
emoji has many, grey text and a missing glyph's box none). Handles what
browsers write: 8-bit RGB or RGBA, not interlaced.
"""
import collections
import json
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG file")
    position, header, idat = 8, None, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, color_type, _, _, interlace = header
    if depth != 8 or color_type not in (2, 6) or interlace:
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {color_type}, interlace {interlace})")
    channels = 3 if color_type == 2 else 4
    return width, height, channels, zlib.decompress(b"".join(idat))


def unfilter(width, height, channels, raw):
    stride = width * channels
    rows = []
    previous = bytearray(stride)
    position = 0
    for _ in range(height):
        kind = raw[position]
        row = bytearray(raw[position + 1:position + 1 + stride])
        position += 1 + stride
        if kind == 1:
            for i in range(channels, stride):
                row[i] = (row[i] + row[i - channels]) & 0xFF
        elif kind == 2:
            row = bytearray((a + b) & 0xFF for a, b in zip(row, previous))
        elif kind == 3:
            for i in range(stride):
                left = row[i - channels] if i >= channels else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = row[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[i] = (row[i] + predictor) & 0xFF
        elif kind != 0:
            raise SystemExit(f"unknown PNG filter {kind}")
        rows.append(row)
        previous = row
    return rows


def main():
    path, wanted = sys.argv[1], sys.argv[2:]
    width, height, channels, raw = read_png(path)
    rows = unfilter(width, height, channels, raw)
    counts = collections.Counter()
    for row in rows:
        if channels == 4:
            # Drop alpha: screenshots are opaque.
            row = bytes(row)
            rgb = bytearray(len(row) // 4 * 3)
            rgb[0::3], rgb[1::3], rgb[2::3] = row[0::4], row[1::4], row[2::4]
            row = rgb
        counts.update(bytes(row[i:i + 3]) for i in range(0, len(row), 3))
    total = width * height
    background, background_count = counts.most_common(1)[0]
    luminance = sum((0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) * n for c, n in counts.items()) / total
    targets = {w: tuple(int(w.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)) for w in wanted}
    color_counts = {
        w: sum(n for c, n in counts.items() if all(abs(c[i] - t[i]) <= 3 for i in range(3)))
        for w, t in targets.items()
    }
    colorful = sum(n for c, n in counts.items() if max(c) - min(c) > 32)
    print(json.dumps({
        "width": width,
        "height": height,
        "distinct_colors": len(counts),
        "background": list(background),
        "non_background_fraction": 1 - background_count / total,
        "mean_luminance": luminance,
        "color_counts": color_counts,
        "colorful_pixels": colorful,
    }))


main()
