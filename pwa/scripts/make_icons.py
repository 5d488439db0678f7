"""Draw the PWA icons into pwa/public/icons/ (run once; the PNGs are committed).

    ../.venv/bin/python scripts/make_icons.py

Needs Pillow (in requirements.txt) and the Noto CJK font (Debian: fonts-noto-cjk).
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND = (11, 92, 173)
ACCENT = (255, 196, 0)
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"


def draw(size: int, *, maskable: bool) -> Image.Image:
    """A blue tile with 科 and a yellow arc (a rising sun over the Qinling): legible at 48 px."""
    scale = 4  # draw big, then downsample, for smooth edges
    big = size * scale
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if maskable:
        d.rectangle([0, 0, big, big], fill=BRAND)  # full bleed: the launcher crops it
        glyph_box = 0.46
    else:
        d.rounded_rectangle([0, 0, big - 1, big - 1], radius=big // 5, fill=BRAND)
        glyph_box = 0.54
    arc_w = big // 28
    inset = big * (0.22 if maskable else 0.12)
    d.arc([inset, inset * 0.9, big - inset, big - inset * 1.1], start=200, end=340, fill=ACCENT, width=arc_w)
    font = ImageFont.truetype(FONT, int(big * glyph_box), index=2)  # index 2: Simplified Chinese
    left, top, right, bottom = d.textbbox((0, 0), "科", font=font)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top + big * 0.07
    d.text((x, y), "科", font=font, fill=(255, 255, 255))
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    draw(192, maskable=False).save(OUT / "icon-192.png", optimize=True)
    draw(512, maskable=False).save(OUT / "icon-512.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    # iOS ignores transparency: give it the full-bleed tile.
    draw(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
