"""The pdf format: the docx converted by LibreOffice, many files in one ``soffice`` call.

Each process uses its own LibreOffice profile (``/tmp/lo_profile_<pid>``, removed when the process
exits) so that parallel conversions do not collide.  The times and document id that LibreOffice stamps into a PDF are
replaced, in place and at the same length, by values derived from the file's content, so that
the same report gives the same bytes.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

PDF_PACKAGE = "libreoffice-writer-nogui"
_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})([^)]*)\)")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)(</xmp:)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


class PdfUnavailable(RuntimeError):
    """LibreOffice (soffice) is not installed, or failed."""


def soffice() -> str | None:
    """The soffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice executable; raise PdfUnavailable naming the package to install when missing."""
    exe = soffice()
    if exe is None:
        raise PdfUnavailable(
            "--format pdf needs LibreOffice to convert the generated .docx files: "
            f"install it (Debian/Ubuntu: apt-get install {PDF_PACKAGE})"
        )
    return exe


def docx_to_pdf(docs: list[tuple[bytes, str]], stamp: str = "20200101000000") -> list[bytes]:
    """Convert .docx files (bytes, and a date YYYYMMDDhhmmss to stamp each PDF with) in one call."""
    if not docs:
        return []
    exe = require_soffice()
    profile = Path(tempfile.gettempdir()) / f"lo_profile_{os.getpid()}"
    if not profile.exists():  # made by this process's first conversion, removed when it exits
        atexit.register(shutil.rmtree, profile, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="xxgk_pdf_") as tmp:
        folder = Path(tmp)
        names = []
        for n, (data, _) in enumerate(docs):
            path = folder / f"{n:05d}.docx"
            path.write_bytes(data)
            names.append(str(path))
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *names,
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120 + 10 * len(docs), check=False)
        out = []
        for n, (data, when) in enumerate(docs):
            pdf = folder / f"{n:05d}.pdf"
            if not pdf.is_file():
                raise PdfUnavailable(
                    f"soffice did not convert a file (exit {done.returncode}): {done.stderr[-500:]}"
                )
            out.append(fixed_pdf(pdf.read_bytes(), hashlib.md5(data).hexdigest(), when or stamp))
    return out


def fixed_pdf(data: bytes, ident: str, when: str) -> bytes:
    """The PDF with its dates set to `when` (YYYYMMDDhhmmss), its /ID to `ident` (32 hex digits) and
    its /DocChecksum to one of the result.

    Every replacement has the length of what it replaces, so the cross-reference offsets stay right.
    """
    stamp = when.encode()[:14].ljust(14, b"0")

    def date(m: re.Match[bytes]) -> bytes:
        return b"/" + m.group(1) + b"(D:" + stamp + m.group(3) + b")"

    def xmp(m: re.Match[bytes]) -> bytes:
        old = m.group(2)
        iso = f"{when[:4]}-{when[4:6]}-{when[6:8]}T{when[8:10]}:{when[10:12]}:{when[12:14]}".encode()
        return m.group(1) + (iso + old[len(iso) :] if len(old) >= len(iso) else old) + m.group(3)

    def ident_of(m: re.Match[bytes]) -> bytes:
        a, b = m.group(1), m.group(2)
        new = ident.encode().upper()
        return (
            m.group(0)
            .replace(a, new[: len(a)].ljust(len(a), b"0"))
            .replace(b, new[: len(b)].ljust(len(b), b"0"))
        )

    data = _DATE.sub(lambda m: date(m) if len(m.group(2)) == 14 else m.group(0), data)
    data = _XMP_DATE.sub(xmp, data)
    data = _ID.sub(ident_of, data)
    data = _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), b"0" * len(m.group(1))), data)
    digest = hashlib.md5(data).hexdigest().upper().encode()
    return _CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), digest[: len(m.group(1))]), data)
