"""The checklist card as a PNG a volunteer can send or print: 1080 px wide.

Title, the documents to bring (the case they apply to, then each section under its
heading, "Giấy tờ phải nộp:", numbered within it as the text card numbers them), fee
and time, the service centre's name and address, and a QR code of the record's
official link with that link printed under it. The wording comes from
flows/cards.yml; the facts from :class:`flows.cards.Card`.

Vietnamese letters need a font that has them: DejaVu Sans from the system when it is
installed, else the copy matplotlib (a dependency) ships, so a fresh machine works.
Rendering is CPU work (about a tenth of a second): callers run ``render_card_png`` in a
worker thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from flows.cards import Card, card_templates, listed_sections
from flows.types import ImageRef

logger = logging.getLogger(__name__)

CARD_WIDTH = 1080
MARGIN = 64
CONTENT_WIDTH = CARD_WIDTH - 2 * MARGIN
MAX_IMAGE_DOCUMENTS = 8  # more are summed up as "…và N giấy tờ khác"
MAX_DOCUMENT_LINES = 3
MAX_HEADING_LINES = 2  # a section's heading ("Giấy tờ phải nộp:", a case's)
MAX_FACT_LINES = 3
MAX_URL_LINES = 5
QR_MAX_PX = 340
QR_BORDER = 4  # the quiet zone, in modules, that scanners need

SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"

INK = (26, 26, 26)
MUTED = (90, 90, 90)
ACCENT = (11, 79, 138)
HEADER_TEXT = (255, 255, 255)
HEADER_SUB = (207, 227, 247)
CAUTION = (166, 71, 0)
RULE = (210, 210, 210)
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)


# --- fonts ------------------------------------------------------------------------------


def font_path(name: str = REGULAR, system_dir: Path = SYSTEM_FONTS) -> Path:
    """DejaVu Sans ``name`` from ``system_dir`` when present, else matplotlib's copy."""
    path = system_dir / name
    if path.is_file():
        return path
    import matplotlib

    fallback = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    logger.info("font %s not in %s, using matplotlib's copy %s", name, system_dir, fallback)
    return fallback


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(name)), size)


@dataclass(frozen=True)
class _Style:
    font: str
    size: int
    fill: tuple[int, int, int]
    spacing: float = 1.35  # line height as a multiple of the size

    @property
    def face(self) -> ImageFont.FreeTypeFont:
        return _font(self.font, self.size)

    @property
    def line_height(self) -> int:
        return round(self.size * self.spacing)


TITLE = _Style(BOLD, 50, HEADER_TEXT, 1.25)
SUBTITLE = _Style(REGULAR, 30, HEADER_SUB)
HEAD = _Style(BOLD, 34, ACCENT)
BODY = _Style(REGULAR, 30, INK)
BODY_BOLD = _Style(BOLD, 30, INK)
NOTE = _Style(REGULAR, 26, MUTED)
WARN = _Style(REGULAR, 26, CAUTION)
URL = _Style(REGULAR, 22, MUTED)


# --- text wrapping ----------------------------------------------------------------------


def _fit(text: str, face: ImageFont.FreeTypeFont, width: float) -> str:
    """The longest start of ``text`` that fits ``width`` with an ellipsis after it."""
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _break_word(word: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """A word wider than a line (a long URL) cut into pieces that fit."""
    pieces, piece = [], ""
    for char in word:
        if piece and face.getlength(piece + char) > width:
            pieces.append(piece)
            piece = char
        else:
            piece += char
    return [*pieces, piece] if piece else pieces


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float, max_lines: int) -> list[str]:
    """``text`` in lines no wider than ``width``; past ``max_lines`` the last line ends
    with "…"."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        if face.getlength(word) <= width:
            line = word
        else:
            *full, line = _break_word(word, face, width)
            lines += full
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _fit(lines[max_lines - 1], face, width)]
    return lines


# --- layout, then drawing ----------------------------------------------------------------


@dataclass
class _Page:
    """Drawing operations laid out top to bottom; the height follows from them."""

    y: int = 0
    ops: list[tuple] = field(default_factory=list)

    def text(self, x: int, text: str, style: _Style, width: int, max_lines: int) -> int:
        """Wrapped text at ``x``; returns the number of lines drawn."""
        lines = wrap(text, style.face, width, max_lines)
        for line in lines:
            self.ops.append(("text", x, self.y, line, style))
            self.y += style.line_height
        return len(lines)

    def item(self, mark: str, text: str, style: _Style, max_lines: int, indent: int = 52) -> None:
        """A numbered or bulleted item with its text hanging after the mark."""
        self.ops.append(("text", MARGIN, self.y, mark, style))
        self.text(MARGIN + indent, text, style, CONTENT_WIDTH - indent, max_lines)

    def gap(self, pixels: int) -> None:
        self.y += pixels


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code of ``url`` as rows of dark (True) and light modules, quiet zone
    included: exactly what the card draws."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER)
    code.add_data(url)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def _header(page: _Page, card: Card) -> None:
    t = card_templates()
    page.gap(48)
    page.text(MARGIN, card.name, TITLE, CONTENT_WIDTH, 3)
    if card.code:
        page.gap(6)
        page.text(
            MARGIN, t.section("image")["code"].format(code=card.code), SUBTITLE, CONTENT_WIDTH, 1
        )
    page.gap(40)
    page.ops.insert(0, ("band", 0, 0, CARD_WIDTH, page.y, ACCENT))


def _section(page: _Page, head: str) -> None:
    page.gap(28)
    page.text(MARGIN, head, HEAD, CONTENT_WIDTH, 1)
    page.gap(6)


def _documents(page: _Page, card: Card) -> None:
    t = card_templates()
    image = t.section("image")
    _section(page, image["documents_head"])
    if card.case:
        page.text(MARGIN, t("case", case=card.case), NOTE, CONTENT_WIDTH, 2)
    if not card.documents:
        page.text(MARGIN, t("unknown"), BODY, CONTENT_WIDTH, 2)
        return
    # under their sections' headings, numbered within each as in the text card
    listed, hidden = listed_sections(card, MAX_IMAGE_DOCUMENTS)
    for section in listed:
        if section.heading:
            page.gap(10)
            page.text(MARGIN, section.heading, BODY_BOLD, CONTENT_WIDTH, MAX_HEADING_LINES)
        for number, document in enumerate(section.documents, 1):
            if number - 1 == section.only_from:
                page.text(MARGIN, t("papers_only_if"), NOTE, CONTENT_WIDTH, 1)
            page.item(f"{number}.", document, BODY, MAX_DOCUMENT_LINES)
            page.gap(4)
    if hidden:
        page.text(MARGIN, image["more_documents"].format(count=hidden), NOTE, CONTENT_WIDTH, 1)
    if card.other_cases:
        page.text(MARGIN, t("other_cases", count=card.other_cases), NOTE, CONTENT_WIDTH, 2)


def _facts(page: _Page, head: str, lines: Sequence[str]) -> None:
    _section(page, head)
    for line in lines:
        page.item("•", line, BODY, MAX_FACT_LINES, indent=36)


def _where(page: _Page, card: Card) -> None:
    t = card_templates()
    _section(page, t.section("image")["where_head"])
    page.text(MARGIN, card.where, BODY_BOLD, CONTENT_WIDTH, 3)
    if card.address:
        key = "place" if card.describes_place else "address"
        page.text(MARGIN, t(key, address=card.address), BODY, CONTENT_WIDTH, 3)
    if card.phone:
        page.text(MARGIN, t("phone", phone=card.phone), BODY, CONTENT_WIDTH, 1)
    if not card.has_centre and card.agency:
        page.text(MARGIN, t("agency", agency=card.agency), BODY, CONTENT_WIDTH, 2)
    page.text(MARGIN, t("hours", hours=card.hours), BODY, CONTENT_WIDTH, 2)
    for caution in card.cautions:
        page.text(MARGIN, caution, WARN, CONTENT_WIDTH, 2)


def _qr(page: _Page, card: Card) -> None:
    image = card_templates().section("image")
    page.gap(32)
    page.ops.append(("rule", MARGIN, page.y, CARD_WIDTH - MARGIN))
    page.gap(24)
    matrix = qr_matrix(card.source_url)
    module = max(3, QR_MAX_PX // len(matrix))
    size = module * len(matrix)
    top = page.y
    page.ops.append(("qr", MARGIN, top, matrix, module))
    side_x = MARGIN + size + 32
    side_width = CARD_WIDTH - MARGIN - side_x
    page.gap(module * QR_BORDER)
    page.text(side_x, image["qr_caption"], BODY_BOLD, side_width, 3)
    page.gap(12)
    verified = image["verified" if card.curated else "verified_crawl"]
    page.text(side_x, verified.format(date=card.verified), NOTE, side_width, 1)
    if card.centre_verified:
        note = image["centre_verified"].format(date=card.centre_verified)
        page.text(side_x, note, NOTE, side_width, 2)
    page.y = max(page.y, top + size)
    page.text(MARGIN, card.source_url, URL, CONTENT_WIDTH, MAX_URL_LINES)


def _layout(card: Card) -> _Page:
    page = _Page()
    _header(page, card)
    _documents(page, card)
    image = card_templates().section("image")
    _facts(page, image["fee_head"], card.fee)
    _facts(page, image["time_head"], card.time)
    _where(page, card)
    _qr(page, card)
    page.gap(48)
    return page


def drawn_lines(card: Card) -> list[str]:
    """What the picture of ``card`` reads, a line of it each, top to bottom (a paper's
    number and the start of its text are one line): the texts ``render_card_png`` draws."""
    rows: dict[int, list[tuple[int, str]]] = {}
    for op in _layout(card).ops:
        if op[0] == "text":
            _, x, y, text, _style = op
            rows.setdefault(y, []).append((x, text))
    return [" ".join(text for _, text in sorted(row)) for _, row in sorted(rows.items())]


def _draw(page: _Page) -> Image.Image:
    canvas = Image.new("RGB", (CARD_WIDTH, page.y), WHITE)
    draw = ImageDraw.Draw(canvas)
    for op in page.ops:
        kind = op[0]
        if kind == "band":
            _, x, y, width, height, colour = op
            draw.rectangle((x, y, x + width - 1, y + height - 1), fill=colour)
        elif kind == "text":
            _, x, y, text, style = op
            draw.text((x, y), text, font=style.face, fill=style.fill)
        elif kind == "rule":
            _, x0, y, x1 = op
            draw.line((x0, y, x1, y), fill=RULE, width=2)
        elif kind == "qr":
            _, x, y, matrix, module = op
            for row, cells in enumerate(matrix):
                for col, dark in enumerate(cells):
                    if dark:
                        left, top = x + col * module, y + row * module
                        draw.rectangle((left, top, left + module - 1, top + module - 1), fill=BLACK)
    return canvas


def render_card_png(card: Card) -> bytes:
    """The card as PNG bytes, ``CARD_WIDTH`` wide and as tall as its content.

    Blocking CPU work: call it in a worker thread (``asyncio.to_thread``).
    """
    canvas = _draw(_layout(card))
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


def card_images(tools) -> Callable[[ImageRef], Awaitable[bytes | None]]:
    """What a channel calls to draw a reply's picture: the card of ``ImageRef`` (looked
    up by ``tools``, a flows.volunteer_tools.VolunteerTools), drawn in a worker thread."""

    async def draw(ref: ImageRef) -> bytes | None:
        card = await tools.card_for(ref)
        if card is None:
            return None
        return await asyncio.to_thread(render_card_png, card)

    return draw
