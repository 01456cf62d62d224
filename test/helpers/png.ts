// Reads the PNG files our programs save (Qt writes 8-bit RGB or RGBA, non-interlaced) with Node's zlib only, so
// tests can check that a screenshot really shows something.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  rgba: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(file: string): DecodedPng {
  const buf = readFileSync(file);
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error(`${file}: not a PNG`);
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const bitDepth = data[8];
      const colorType = data[9];
      if (bitDepth !== 8 || data[12] !== 0) throw new Error(`${file}: unsupported PNG (depth ${bitDepth})`);
      channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
      if (channels === 0) throw new Error(`${file}: unsupported PNG colour type ${colorType}`);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  const prev = new Uint8Array(stride);
  const cur = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const rowStart = y * (stride + 1);
    const filter = raw[rowStart] ?? 0;
    for (let x = 0; x < stride; x++) {
      const v = raw[rowStart + 1 + x] ?? 0;
      const a = x >= channels ? (cur[x - channels] ?? 0) : 0;
      const b = prev[x] ?? 0;
      let predictor = 0;
      switch (filter) {
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >> 1;
          break;
        case 4:
          predictor = paeth(a, b, x >= channels ? (prev[x - channels] ?? 0) : 0);
          break;
      }
      cur[x] = (v + predictor) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const i = x * channels;
      out[o] = cur[i] ?? 0;
      out[o + 1] = cur[i + 1] ?? 0;
      out[o + 2] = cur[i + 2] ?? 0;
      out[o + 3] = channels === 4 ? (cur[i + 3] ?? 0) : 255;
    }
    prev.set(cur);
  }
  return { width, height, rgba: out };
}

/** How many distinct colours the image has (a blank or single-colour screenshot has 1). */
export function distinctColours(png: DecodedPng): number {
  const seen = new Set<number>();
  for (let i = 0; i < png.rgba.length; i += 4) {
    seen.add(((png.rgba[i] ?? 0) << 16) | ((png.rgba[i + 1] ?? 0) << 8) | (png.rgba[i + 2] ?? 0));
  }
  return seen.size;
}
