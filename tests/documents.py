"""Reading generated documents back in tests: the Word file's text, section and fonts, the
PDF's text (pdftotext), and the first page as PNG (pdftoppm) in test-artifacts/documents/ so
a person can look at it."""

import io
import re
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

ARTEFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "documents"


def docx(content: bytes):
    return Document(io.BytesIO(content))


def docx_text(content: bytes) -> str:
    doc = docx(content)
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    return "\n".join(parts)


def assert_official_layout(content: bytes):
    """A4, margins 37/35/28/26 mm, a 22-line grid, and every run with an East-Asian font."""
    doc = docx(content)
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    margins = [s.top_margin, s.bottom_margin, s.left_margin, s.right_margin]
    assert [round(Mm(m.mm).mm) for m in margins] == [37, 35, 28, 26]
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars" and int(grid.get(qn("w:linePitch"))) in (
        579,
        580,
    )
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(
        r._element.rPr is not None and r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs
    )
    footer = s.footer.paragraphs[0]
    assert "PAGE" in footer._p.xml and footer.text.startswith("— ")
    return doc


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        out = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, check=True)
    return out.stdout.decode()


def pdf_pages(content: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        out = subprocess.run(["pdfinfo", f.name], capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def pdf_page_size_mm(content: bytes) -> tuple[int, int]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        out = subprocess.run(["pdfinfo", f.name], capture_output=True, check=True).stdout.decode()
    w, h = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out).groups()
    return round(float(w) * 25.4 / 72), round(float(h) * 25.4 / 72)


def snapshot(content: bytes, name: str) -> Path:
    """The first page as test-artifacts/documents/<name>.png."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        base = ARTEFACTS / name
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                f.name,
                str(base),
            ],
            check=True,
        )
    path = base.with_suffix(".png")
    assert path.stat().st_size > 1000
    return path
