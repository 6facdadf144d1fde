/**
 * A bar chart as a PNG, drawn pixel by pixel and encoded with zlib (no canvas, no new dependency), for the
 * .docx report. Text stays out of the picture (no font rasteriser): the report prints the values in a
 * table and a caption beside it; the chart shows the shape (bars, a target line, grid lines).
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** Encodes RGB pixels (width × height × 3) as a PNG. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

type Rgb = [number, number, number];

/**
 * Bars for values in [0, max] (null = no bar), grid lines at each quarter, and an optional dashed target line.
 */
export function barChartPng(values: ReadonlyArray<number | null>, opts: { width?: number; height?: number; max?: number; target?: number | null; color?: Rgb } = {}): Buffer {
  const W = opts.width ?? 640;
  const H = opts.height ?? 260;
  const max = opts.max ?? Math.max(1e-9, ...values.map((v) => v ?? 0));
  const px = new Uint8Array(W * H * 3).fill(255);
  const set = (x: number, y: number, c: Rgb) => {
    if (x < 0 || y < 0 || x >= W || y >= H) return;
    const i = (y * W + x) * 3;
    px[i] = c[0];
    px[i + 1] = c[1];
    px[i + 2] = c[2];
  };
  const rect = (x0: number, y0: number, x1: number, y1: number, c: Rgb) => {
    for (let y = Math.max(0, y0); y < Math.min(H, y1); y++) for (let x = Math.max(0, x0); x < Math.min(W, x1); x++) set(x, y, c);
  };
  const left = 20, right = W - 10, top = 10, bottom = H - 20;
  const yOf = (v: number) => Math.round(bottom - (Math.min(v, max) / max) * (bottom - top));
  for (let q = 1; q <= 4; q++) rect(left, yOf((max * q) / 4), right, yOf((max * q) / 4) + 1, [225, 228, 235]);
  rect(left, bottom, right, bottom + 2, [90, 90, 90]);
  rect(left - 2, top, left, bottom + 2, [90, 90, 90]);
  const n = Math.max(1, values.length);
  const slot = (right - left) / n;
  const barW = Math.max(2, Math.floor(slot * 0.6));
  values.forEach((v, i) => {
    if (v === null) return;
    const x0 = Math.round(left + i * slot + (slot - barW) / 2);
    rect(x0, yOf(v), x0 + barW, bottom, opts.color ?? [31, 95, 191]);
  });
  if (opts.target != null) {
    const y = yOf(opts.target);
    for (let x = left; x < right; x++) if (Math.floor((x - left) / 6) % 2 === 0) rect(x, y - 1, x + 1, y + 1, [245, 34, 45]);
  }
  // tick marks under each slot
  for (let i = 0; i <= n; i++) rect(Math.round(left + i * slot), bottom, Math.round(left + i * slot) + 1, bottom + 6, [90, 90, 90]);
  return encodePng(W, H, px);
}
