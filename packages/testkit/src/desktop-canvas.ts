// What a noVNC canvas in a Chromium page shows, read back from its pixels: a desktop test's eyes and fingers.
// The canvas is the framebuffer at full size, whatever the page's scale.
import type { Page } from "playwright-core";

export type Screen = {
  width: number;
  height: number;
  /** Distinct colours (quantised to 4 bits a channel). */
  colours: number;
  /** Near-white pixels: xterm's background. */
  white: number;
  /** Their bounding box in framebuffer pixels. */
  box: { x0: number; y0: number; x1: number; y1: number };
  /** Mean brightness of each 16x16 block, to compare two views of one desktop (encodings may be lossy). */
  blocks: number[];
};

type CanvasGlobals = {
  document: {
    querySelector(selector: string): {
      width: number;
      height: number;
      getContext(kind: "2d"): { getImageData(...box: number[]): { data: Uint8ClampedArray } } | null;
    } | null;
  };
};

/** The pixels of the canvas under `selector` (e.g. "#screen canvas"), summarised. */
export async function screenOf(page: Page, selector: string): Promise<Screen> {
  // One pass over every pixel, run inside the page: split up it would need its helpers shipped along.
  // eslint-disable-next-line complexity
  return page.evaluate((selector) => {
    const canvas = (globalThis as unknown as CanvasGlobals).document.querySelector(selector);
    const context = canvas?.getContext("2d");
    if (!canvas || !context) throw new Error(`no canvas at ${selector}`);
    const { width, height } = canvas;
    const data = context.getImageData(0, 0, width, height).data;
    const colours = new Set<number>();
    const box = { x0: width, y0: height, x1: -1, y1: -1 };
    const columns = Math.ceil(width / 16);
    const blocks = new Array<number>(columns * Math.ceil(height / 16)).fill(0);
    let white = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r = 0, g = 0, b = 0] = [data[i], data[i + 1], data[i + 2]];
      const x = (i / 4) % width;
      const y = Math.floor(i / 4 / width);
      colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      const block = Math.floor(y / 16) * columns + Math.floor(x / 16);
      blocks[block] = (blocks[block] ?? 0) + (r + g + b) / 3 / 256;
      if (r < 240 || g < 240 || b < 240) continue;
      white++;
      Object.assign(box, { x0: Math.min(box.x0, x), y0: Math.min(box.y0, y) });
      Object.assign(box, { x1: Math.max(box.x1, x), y1: Math.max(box.y1, y) });
    }
    return { width, height, colours: colours.size, white, box, blocks };
  }, selector);
}

/** Blocks whose brightness differs between two views: 0 for the same picture, whatever the encoding. */
export function differingBlocks(a: Screen, b: Screen): number {
  return a.blocks.filter((value, i) => Math.abs(value - (b.blocks[i] ?? 0)) > 8).length;
}

/** The terminal's window, once its white background is on the screen (the desktop's xterm). */
export async function terminalOn(page: Page, selector: string, timeoutMs = 20_000): Promise<Screen> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = await screenOf(page, selector).catch(() => undefined);
    if (screen && screen.white > 40_000) return screen;
    if (Date.now() > deadline)
      throw new Error(`no terminal on the desktop at ${selector} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Clicks the middle of the terminal (noVNC focuses its canvas on a click) and types a command line. */
export async function typeInTerminal(
  page: Page,
  selector: string,
  screen: Screen,
  line: string,
): Promise<void> {
  const canvas = await page.locator(selector).boundingBox();
  if (!canvas) throw new Error("the noVNC canvas is not laid out");
  const scale = canvas.width / screen.width;
  const x = canvas.x + ((screen.box.x0 + screen.box.x1) / 2) * scale;
  const y = canvas.y + ((screen.box.y0 + screen.box.y1) / 2) * scale;
  await page.mouse.click(x, y);
  await page.keyboard.type(line, { delay: 15 });
  await page.keyboard.press("Enter");
}
