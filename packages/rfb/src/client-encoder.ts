// Encoders for every client→server message the filter knows, for RFB test clients (ours and the gateway's) that
// must speak to a desktop exactly as noVNC would.

export type PixelFormat = {
  bitsPerPixel: number;
  depth: number;
  bigEndian: boolean;
  trueColour: boolean;
  redMax: number;
  greenMax: number;
  blueMax: number;
  redShift: number;
  greenShift: number;
  blueShift: number;
};

export type Rect = { x: number; y: number; width: number; height: number };

export type Screen = Rect & { id: number; flags: number };

/** noVNC's choice: 32 bits per pixel, depth 24, little-endian RGB888. */
export const rgb888: PixelFormat = {
  bitsPerPixel: 32,
  depth: 24,
  bigEndian: false,
  trueColour: true,
  redMax: 255,
  greenMax: 255,
  blueMax: 255,
  redShift: 0,
  greenShift: 8,
  blueShift: 16,
};

function header(type: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  out.writeUInt8(type, 0);
  return out;
}

function writeRect(out: Buffer, offset: number, rect: Rect): void {
  out.writeUInt16BE(rect.x, offset);
  out.writeUInt16BE(rect.y, offset + 2);
  out.writeUInt16BE(rect.width, offset + 4);
  out.writeUInt16BE(rect.height, offset + 6);
}

function setPixelFormat(format: PixelFormat = rgb888): Buffer {
  const out = header(0, 20);
  out.writeUInt8(format.bitsPerPixel, 4);
  out.writeUInt8(format.depth, 5);
  out.writeUInt8(format.bigEndian ? 1 : 0, 6);
  out.writeUInt8(format.trueColour ? 1 : 0, 7);
  out.writeUInt16BE(format.redMax, 8);
  out.writeUInt16BE(format.greenMax, 10);
  out.writeUInt16BE(format.blueMax, 12);
  out.writeUInt8(format.redShift, 14);
  out.writeUInt8(format.greenShift, 15);
  out.writeUInt8(format.blueShift, 16);
  return out;
}

function setEncodings(encodings: readonly number[]): Buffer {
  const out = header(2, 4 + 4 * encodings.length);
  out.writeUInt16BE(encodings.length, 2);
  encodings.forEach((encoding, i) => out.writeInt32BE(encoding, 4 + 4 * i));
  return out;
}

function framebufferUpdateRequest(incremental: boolean, rect: Rect): Buffer {
  const out = header(3, 10);
  out.writeUInt8(incremental ? 1 : 0, 1);
  writeRect(out, 2, rect);
  return out;
}

function keyEvent(down: boolean, keysym: number): Buffer {
  const out = header(4, 8);
  out.writeUInt8(down ? 1 : 0, 1);
  out.writeUInt32BE(keysym, 4);
  return out;
}

function pointerEvent(buttonMask: number, x: number, y: number): Buffer {
  const out = header(5, 6);
  out.writeUInt8(buttonMask, 1);
  out.writeUInt16BE(x, 2);
  out.writeUInt16BE(y, 4);
  return out;
}

/** Classic cut text: Latin-1. */
function clientCutText(text: string): Buffer {
  const body = Buffer.from(text, "latin1");
  const out = header(6, 8 + body.length);
  out.writeUInt32BE(body.length, 4);
  body.copy(out, 8);
  return out;
}

/** Extended clipboard: flags then data, sent with the negated length. */
function extendedClientCutText(flags: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const out = header(6, 12 + data.length);
  out.writeInt32BE(-(4 + data.length), 4);
  out.writeUInt32BE(flags >>> 0, 8);
  data.copy(out, 12);
  return out;
}

function enableContinuousUpdates(enable: boolean, rect: Rect): Buffer {
  const out = header(150, 10);
  out.writeUInt8(enable ? 1 : 0, 1);
  writeRect(out, 2, rect);
  return out;
}

function clientFence(flags: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const out = header(248, 9 + payload.length);
  out.writeUInt32BE(flags >>> 0, 4);
  out.writeUInt8(payload.length, 8);
  payload.copy(out, 9);
  return out;
}

function setDesktopSize(width: number, height: number, screens: readonly Screen[]): Buffer {
  const out = header(251, 8 + 16 * screens.length);
  out.writeUInt16BE(width, 2);
  out.writeUInt16BE(height, 4);
  out.writeUInt8(screens.length, 6);
  screens.forEach((screen, i) => {
    const offset = 8 + 16 * i;
    out.writeUInt32BE(screen.id >>> 0, offset);
    writeRect(out, offset + 4, screen);
    out.writeUInt32BE(screen.flags >>> 0, offset + 12);
  });
  return out;
}

function qemuKeyEvent(down: boolean, keysym: number, keycode: number): Buffer {
  const out = header(255, 12);
  out.writeUInt16BE(down ? 1 : 0, 2);
  out.writeUInt32BE(keysym, 4);
  out.writeUInt32BE(keycode, 8);
  return out;
}

export const rfbClientMessages = {
  setPixelFormat,
  setEncodings,
  framebufferUpdateRequest,
  keyEvent,
  pointerEvent,
  clientCutText,
  extendedClientCutText,
  enableContinuousUpdates,
  clientFence,
  setDesktopSize,
  qemuKeyEvent,
} as const;
