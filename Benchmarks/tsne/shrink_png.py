"""Re-encodes an 8-bit RGB/RGBA PNG (as written by SenseVec's Plot module) as an indexed (palette) PNG, optionally
downscaled by an integer factor (box filter), to keep README images small. numpy + zlib only.
Usage: shrink_png.py IN.png OUT.png [--colors 192] [--factor 1]"""
import argparse, struct, zlib
import numpy as np


def read_png(path):
    b = open(path, "rb").read()
    assert b[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", None
    while pos < len(b):
        n = struct.unpack(">I", b[pos:pos + 4])[0]; t = b[pos + 4:pos + 8]; d = b[pos + 8:pos + 8 + n]
        if t == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", d[:10])
            assert depth == 8 and ctype in (2, 6), "only 8-bit RGB/RGBA"
            ch = 3 if ctype == 2 else 4
        elif t == b"IDAT":
            idat += d
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * ch
    out = np.zeros((h, stride), np.int32)
    prev = np.zeros(stride, np.int32)
    for y in range(h):
        f = raw[y * (stride + 1)]; line = np.frombuffer(raw, np.uint8, stride, y * (stride + 1) + 1).astype(np.int32)
        cur = line.copy()
        if f == 1:
            for x in range(ch, stride): cur[x] = (cur[x] + cur[x - ch]) & 255
        elif f == 2:
            cur = (line + prev) & 255
        elif f == 3:
            for x in range(stride): cur[x] = (line[x] + ((cur[x - ch] if x >= ch else 0) + prev[x]) // 2) & 255
        elif f == 4:
            for x in range(stride):
                a = cur[x - ch] if x >= ch else 0; b_ = prev[x]; c = prev[x - ch] if x >= ch else 0
                p = a + b_ - c; pa, pb, pc = abs(p - a), abs(p - b_), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b_ if pb <= pc else c)
                cur[x] = (line[x] + pr) & 255
        out[y] = cur; prev = cur
    return out.reshape(h, w, ch)[:, :, :3].astype(np.uint8)


def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)


def main():
    ap = argparse.ArgumentParser(); ap.add_argument("inp"); ap.add_argument("out")
    ap.add_argument("--colors", type=int, default=192); ap.add_argument("--factor", type=int, default=1)
    a = ap.parse_args()
    img = read_png(a.inp)
    if a.factor > 1:
        h, w = img.shape[0] // a.factor * a.factor, img.shape[1] // a.factor * a.factor
        img = img[:h, :w].reshape(h // a.factor, a.factor, w // a.factor, a.factor, 3).mean((1, 3)).round().astype(np.uint8)
    flat = img.reshape(-1, 3)
    cols, inv, counts = np.unique(flat, axis=0, return_inverse=True, return_counts=True)
    keep = np.argsort(-counts)[:a.colors]
    pal = cols[keep].astype(np.int32)
    # Every colour → nearest kept colour.
    d = ((cols[:, None, :].astype(np.int32) - pal[None, :, :]) ** 2).sum(2)
    idx = d.argmin(1).astype(np.uint8)[inv.ravel()].reshape(img.shape[:2])
    raw = b"".join(b"\x00" + idx[y].tobytes() for y in range(idx.shape[0]))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", idx.shape[1], idx.shape[0], 8, 3, 0, 0, 0))
    png += chunk(b"PLTE", pal.astype(np.uint8).tobytes()) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(a.out, "wb").write(png)
    print(f"{a.out}: {idx.shape[1]}×{idx.shape[0]}, {len(pal)} colours (of {len(cols)}), {len(png)} bytes")


if __name__ == "__main__":
    main()
