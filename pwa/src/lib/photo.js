// Photos taken on the phone for a record sent through the outbox (a field log, a need).
// Shrinks a camera photo on the phone to at most 1600 px JPEG before it is stored and uploaded.
// The original's EXIF block (its own GPS position and time, which the server checks against the
// log) is carried over, with the orientation reset because the pixels are already upright.
import { h, mount } from "./h.js";
import { t } from "./i18n.js";
import { uuid } from "./util.js";

const MAX = 1600;

// The camera input and the thumbnails of the photos taken, each removable. `photos` is the draft's list of
// { id, blob } (changed in place); `onChange()` saves the draft. Returns { camera, thumbs } to place in a form.
export function photoPicker(photos, onChange, max = 6) {
  const thumbs = h("div", { class: "thumbs" });
  const camera = h("input", { type: "file", accept: "image/*", capture: "environment", multiple: true, onchange: add });
  async function add() {
    for (const file of [...camera.files].slice(0, max - photos.length)) photos.push({ id: uuid(), blob: await shrink(file) });
    camera.value = "";
    await onChange();
    draw();
  }
  function draw() {
    mount(thumbs, photos.map((p, i) => h("figure", {},
      h("img", { src: URL.createObjectURL(p.blob), alt: `${t("photo")} ${i + 1}`, width: "96", height: "96" }),
      h("button", { type: "button", class: "link", "aria-label": `${t("ob_remove")} ${t("photo")} ${i + 1}`,
        onclick: () => { photos.splice(i, 1); onChange(); draw(); } }, "✕"))));
  }
  draw();
  return { camera, thumbs };
}

export async function shrink(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const scale = Math.min(1, MAX / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close?.();
  const jpeg = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.82));
  const exif = await exifSegment(file).catch(() => null);
  if (!exif) return jpeg;
  const bytes = new Uint8Array(await jpeg.arrayBuffer());
  return new Blob([bytes.slice(0, 2), exif, bytes.slice(2)], { type: "image/jpeg" });
}

// The APP1 "Exif" segment of a JPEG (marker included), orientation set to 1; null if none.
async function exifSegment(file) {
  const view = new DataView(await file.slice(0, 256 * 1024).arrayBuffer());
  if (view.getUint16(0) !== 0xffd8) return null;
  let at = 2;
  while (at + 4 < view.byteLength) {
    const marker = view.getUint16(at);
    const length = view.getUint16(at + 2);
    if (marker === 0xffe1 && view.getUint32(at + 4) === 0x45786966) { // "Exif"
      const segment = new Uint8Array(view.buffer.slice(at, at + 2 + length));
      uprightOrientation(new DataView(segment.buffer), 10);
      return segment;
    }
    if (marker === 0xffda || (marker & 0xff00) !== 0xff00) return null; // image data: no EXIF ahead
    at += 2 + length;
  }
  return null;
}

function uprightOrientation(view, tiff) {
  const little = view.getUint16(tiff) === 0x4949;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (view.getUint16(entry, little) === 0x0112) view.setUint16(entry + 8, 1, little);
  }
}
