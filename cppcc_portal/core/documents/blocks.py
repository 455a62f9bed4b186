"""A document described once, as a small tree of blocks, rendered to Word and to PDF."""

from dataclasses import dataclass, field


@dataclass
class Title:
    """The document's title: 小标宋, size 2, centred. `anchor` makes it a catalogue target."""

    text: str
    anchor: str = ""


@dataclass
class Heading:
    """Level 1: 黑体 ("一、"); level 2: 楷体 ("（一）"); flush with the body's indent."""

    text: str
    level: int = 1
    anchor: str = ""
    center: bool = False


@dataclass
class Paragraph:
    """Body text (仿宋, size 3). `align`: justify (indented two characters), left, center,
    right. `role` picks another font of the style."""

    text: str
    align: str = "justify"
    bold: bool = False
    role: str = "body"
    indent: bool = True


@dataclass
class Cell:
    text: str
    span: int = 1
    bold: bool = False
    align: str = "left"
    height_mm: float = 0  # a minimum height, for boxes filled in by hand


@dataclass
class Table:
    """A grid. Each row is a list of cells (a str is a plain cell); widths in millimetres."""

    rows: list
    widths_mm: list = field(default_factory=list)
    header: bool = False

    def cells(self):
        for row in self.rows:
            yield [c if isinstance(c, Cell) else Cell(str(c)) for c in row]


@dataclass
class Signature:
    """The sign-off at the bottom right: issuer, date (and lines to sign on)."""

    lines: list


@dataclass
class Mark:
    """A mark at the top right of the first page (the reply's A/B/C, 密级 …)."""

    text: str


@dataclass
class Masthead:
    """The red masthead (版头) with the red rule under it: the name, then the line with
    编印单位 on the left and the date on the right, and the issue line above the rule."""

    name: str
    issue_line: str = ""
    left: str = ""
    right: str = ""


@dataclass
class Catalogue:
    """A table of contents: entries are (level, text, anchor); page numbers are looked up."""

    entries: list
    title: str = "目录"


@dataclass
class Colophon:
    """The closing block (版记) between rules: rows of (label, text), e.g. 报：/送：/印发."""

    rows: list


@dataclass
class Spacer:
    lines: int = 1


@dataclass
class PageBreak:
    pass


@dataclass
class Document:
    """Everything a renderer needs: the name (file name and PDF title) and the blocks."""

    name: str
    blocks: list = field(default_factory=list)
    page_numbers: bool = True

    def add(self, *blocks):
        self.blocks.extend(blocks)
        return self

    def paragraphs(self, text: str, **kwargs):
        """Each non-empty line of typed text as its own paragraph."""
        for line in (text or "").splitlines():
            if line.strip():
                self.blocks.append(Paragraph(line.strip(), **kwargs))
        return self
