"""Packs a staged wheel tree into a .whl file, the way the wheel format wants it.

Usage: make-wheel.py STAGE WHEEL

STAGE holds NAME-VERSION.dist-info/ (METADATA and WHEEL, without RECORD) and
NAME-VERSION.data/ (scripts/ and data/). This writes RECORD (every file's
sha256, url-safe base64 without padding, and size), then the zip: files in
sorted order with the dist-info folder last, as the specification
recommends, each dated SOURCE_DATE_EPOCH (else 1980-01-01) so the same tree
gives the same bytes, executables marked executable so installers keep the
bit. Standard library only: it runs on any Python 3.8+.
"""
import base64
import hashlib
import os
import stat
import sys
import time
import zipfile


def record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def staged_files(stage):
    files = []
    for folder, _, names in os.walk(stage):
        for name in names:
            full = os.path.join(folder, name)
            files.append(os.path.relpath(full, stage).replace(os.sep, "/"))
    dist_info = [f for f in files if f.split("/")[0].endswith(".dist-info")]
    others = [f for f in files if f not in dist_info]
    return sorted(others) + sorted(dist_info)


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: make-wheel.py STAGE WHEEL")
    stage, wheel = sys.argv[1], sys.argv[2]
    dist_infos = [d for d in os.listdir(stage) if d.endswith(".dist-info")]
    if len(dist_infos) != 1:
        raise SystemExit(f"make-wheel.py: {stage} must hold exactly one .dist-info folder, not {dist_infos}")
    record_name = dist_infos[0] + "/RECORD"
    files = [f for f in staged_files(stage) if f != record_name]

    lines = []
    for name in files:
        with open(os.path.join(stage, name), "rb") as handle:
            data = handle.read()
        lines.append(f"{name},{record_hash(data)},{len(data)}")
    lines.append(f"{record_name},,")
    record = ("\n".join(lines) + "\n").encode("utf-8")

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    date_time = time.gmtime(max(epoch, 315532800))[:6]
    temporary = wheel + ".partial"
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in files + [record_name]:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name == record_name:
                data, mode = record, 0o644
            else:
                path = os.path.join(stage, name)
                with open(path, "rb") as handle:
                    data = handle.read()
                mode = 0o755 if os.stat(path).st_mode & stat.S_IXUSR else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            archive.writestr(info, data)
    os.replace(temporary, wheel)


main()
