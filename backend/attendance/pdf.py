"""The certificate as a one-page A4 PDF (reportlab), with a QR code (segno) to the verification page.

Chinese text needs a CJK font. A TrueType font is embedded (subset) when one is found: a file in
`backend/attendance/fonts/`, the CERTIFICATE_FONT setting, or Debian's fonts-wqy-microhei. Without
one, reportlab's built-in STSong-Light CID font is used: it needs no file, shows correctly in every
PDF reader with CJK support, and its text extracts back, but it is not embedded.
"""

import io
from functools import lru_cache
from pathlib import Path

import segno
from flask import current_app
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from backend.core.db import LOCAL_TZ

FONT_DIR = Path(__file__).parent / "fonts"
SYSTEM_FONTS = [
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
]
FONT_NAME = "CertificateCJK"
FALLBACK_FONT = "STSong-Light"


def _candidates() -> list[Path]:
    configured = current_app.config.get("CERTIFICATE_FONT")
    shipped = sorted(FONT_DIR.glob("*.tt[fc]")) if FONT_DIR.is_dir() else []
    return ([Path(configured)] if configured else []) + shipped + SYSTEM_FONTS


@lru_cache(maxsize=4)
def _register(path: str | None) -> str:
    if path is None:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
        return FALLBACK_FONT
    pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=0))
    return FONT_NAME


def font_name() -> str:
    found = next((p for p in _candidates() if p.is_file()), None)
    return _register(str(found) if found else None)


def _qr_image(content: str) -> ImageReader:
    buffer = io.BytesIO()
    segno.make(content, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return ImageReader(buffer)


def render(cert, verify_url: str) -> bytes:
    """The certificate's PDF: holder, total verified hours, events, issuer, date, code and QR code."""
    font = font_name()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"志愿服务时长证明 {cert.code}")
    pdf.setAuthor(cert.issuer)
    width, height = A4
    pdf.setLineWidth(2)
    pdf.setStrokeColorRGB(0.7, 0.1, 0.1)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setFont(font, 26)
    pdf.drawCentredString(width / 2, height - 45 * mm, "科技志愿服务时长证明")
    pdf.setFont(font, 13)
    hours = f"{cert.total_minutes / 60:.1f}"
    period = f"{cert.period_start:%Y年%m月%d日}至{cert.period_end:%Y年%m月%d日}"
    text = pdf.beginText(25 * mm, height - 70 * mm)
    text.setFont(font, 14)
    text.setLeading(22)
    text.textLine(f"兹证明 {cert.real_name} 同志于{period}期间")
    text.textLine(f"参加科技志愿服务活动 {cert.event_count} 次，经核实服务时长共计 {hours} 小时。")
    text.textLine("特此证明。")
    pdf.drawText(text)
    _event_table(pdf, font, cert, height - 140 * mm)
    pdf.setFont(font, 13)
    pdf.drawRightString(width - 25 * mm, 62 * mm, cert.issuer)
    pdf.drawRightString(width - 25 * mm, 54 * mm, f"{cert.issued_at.astimezone(LOCAL_TZ):%Y年%m月%d日}")
    pdf.drawImage(_qr_image(verify_url), 22 * mm, 22 * mm, 36 * mm, 36 * mm)
    pdf.setFont(font, 10)
    pdf.drawString(62 * mm, 40 * mm, f"验证码：{cert.code}")
    pdf.drawString(62 * mm, 33 * mm, "扫描二维码或访问以下网址核验本证明：")
    pdf.drawString(62 * mm, 26 * mm, verify_url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _event_table(pdf, font, cert, top: float) -> None:
    """Up to 14 events, then a line telling how many more there were."""
    pdf.setFont(font, 11)
    pdf.drawString(25 * mm, top + 8 * mm, "服务记录")
    y = top
    for line in cert.lines[:14]:
        pdf.drawString(25 * mm, y, line["date"])
        pdf.drawString(55 * mm, y, line["title"][:34])
        pdf.drawRightString(185 * mm, y, f"{line['minutes'] / 60:.1f} 小时")
        y -= 6.5 * mm
    if len(cert.lines) > 14:
        pdf.drawString(25 * mm, y, f"另有 {len(cert.lines) - 14} 次活动，详见志愿服务记录。")

