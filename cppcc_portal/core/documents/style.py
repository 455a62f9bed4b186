"""The house style of official documents (GB/T 9704-2012): page, grid and fonts.

Fonts are settings (`settings.DOCUMENT_FONTS`, merged over `DEFAULT_FONTS`), since districts
differ: each role names the font Word is told to use (`family`, set on every run including
`w:eastAsia`) and the installed font a PDF falls back to (`fallback`, the Noto CJK fonts the
Makefile installs) when the official one is not on the server."""

from dataclasses import dataclass

from django.conf import settings

# A4, margins top / bottom / left / right in millimetres
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
RED = (0xE6, 0x00, 0x12)  # the masthead and its rule (GB/T 9704 uses red)

DEFAULT_FONTS = {
    # 二号 = 22 pt, 三号 = 16 pt, 四号 = 14 pt
    "title": {"family": "方正小标宋简体", "fallback": "Noto Serif CJK SC", "size": 22},
    "body": {"family": "仿宋_GB2312", "fallback": "Noto Serif CJK SC", "size": 16},
    "heading": {"family": "黑体", "fallback": "Noto Sans CJK SC", "size": 16},
    "subheading": {"family": "楷体_GB2312", "fallback": "Noto Serif CJK SC", "size": 16},
    "table": {"family": "仿宋_GB2312", "fallback": "Noto Serif CJK SC", "size": 14},
    "masthead": {"family": "方正小标宋简体", "fallback": "Noto Serif CJK SC", "size": 42},
    "page_number": {"family": "宋体", "fallback": "Noto Serif CJK SC", "size": 14},
}


@dataclass(frozen=True)
class Font:
    family: str
    fallback: str
    size: float  # points

    @property
    def css(self) -> str:
        return f'"{self.family}", "{self.fallback}", serif'


def fonts() -> dict[str, Font]:
    configured = getattr(settings, "DOCUMENT_FONTS", None) or {}
    out = {}
    for role, default in DEFAULT_FONTS.items():
        merged = {**default, **(configured.get(role) or {})}
        out[role] = Font(str(merged["family"]), str(merged["fallback"]), float(merged["size"]))
    return out


def text_width_pt() -> float:
    return (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * 72 / 25.4


def line_pitch_pt() -> float:
    """22 lines on the text area's height (about 28.9 pt)."""
    return (PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * 72 / 25.4 / LINES_PER_PAGE


def char_extra_pt(size: float) -> float:
    """The spacing added to (negative: taken from) each character for 28 to the line."""
    return text_width_pt() / CHARS_PER_LINE - size
