"""A decompression-bomb PDF: a small file whose one page's content stream inflates to
gigabytes (spaces, which a content stream may hold any number of), for the PDF worker's
memory bound and its benchmark.

Run: python -m decisions.bench.pdf_bomb OUT.pdf [--inflated-mb 5120]   (write one)
     python -m decisions.bench pdfbomb [--inflated-mb 5120] [--files 4] (the worker's peak)
"""

from __future__ import annotations

import argparse
import threading
import time
import zlib
from pathlib import Path

_CHUNK = 16 * 1024 * 1024


def deflated_spaces(size: int) -> bytes:
    """`size` spaces, deflated at the best ratio zlib gives (about 1000:1)."""
    compressor = zlib.compressobj(9)
    parts: list[bytes] = []
    block = b" " * _CHUNK
    left = size
    while left > 0:
        take = min(left, _CHUNK)
        parts.append(compressor.compress(block[:take]))
        left -= take
    parts.append(compressor.flush())
    return b"".join(parts)


def bomb_pdf(inflated_bytes: int, *, text: str = "Written statement of a decision") -> bytes:
    """A one-page PDF with a line of text, then `inflated_bytes` of deflated content."""
    stream = deflated_spaces(inflated_bytes)
    # The content: a line of text first, so the page is not "scanned"; then the bomb, in a
    # second stream of the page's content array.
    line = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 6 0 R >> >> /Contents [4 0 R 5 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(line) + line + b"\nendstream",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _peak_rss_kb(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), or 0 once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def run_bomb_bench(*, inflated_mb: int, files: int) -> None:
    """Read `files` bombs and a real notice after each, as one batch would; print the PDF
    worker's peak memory (sampled every 10 ms), the time per bomb and each file's result."""
    from decisions.parsing import NoticeParseError, SourceFormat, parse_notice
    from decisions.parsing.formats import pdf_worker

    notice = (
        Path(__file__).resolve().parents[2]
        / "tests/fixtures/pdf/sample_000_8f1dfd1b4376d4cb.reportlab.pdf"
    ).read_bytes()
    started = time.perf_counter()
    bomb = bomb_pdf(inflated_mb * 1024 * 1024)
    print(
        f"bomb: {len(bomb) / 2**20:.1f} MB, inflating to {inflated_mb:,} MB "
        f"(built in {time.perf_counter() - started:.1f} s); worker limit "
        f"{pdf_worker.MEMORY_LIMIT // 2**20} MB"
    )
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            process = pdf_worker.WORKER._process
            if process is not None and process.pid:
                peak[0] = max(peak[0], _peak_rss_kb(process.pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for number in range(1, files + 1):
        started = time.perf_counter()
        try:
            parse_notice(bomb, source_format=SourceFormat.PDF)
            result = "parsed (not refused)"
        except NoticeParseError as error:
            result = f"refused: {error}"
        took = time.perf_counter() - started
        try:
            parse_notice(notice, source_format=SourceFormat.PDF)
            after = "the next notice parsed"
        except NoticeParseError as error:
            after = f"the next notice failed: {error}"
        print(f"bomb {number}: {took:.2f} s, {result}; {after}")
    done.set()
    sampler.join()
    print(f"PDF worker peak RSS: {peak[0] / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--inflated-mb", type=int, default=5120)
    args = parser.parse_args()
    data = bomb_pdf(args.inflated_mb * 1024 * 1024)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data):,} bytes, inflating to {args.inflated_mb:,} MB")


if __name__ == "__main__":
    main()
