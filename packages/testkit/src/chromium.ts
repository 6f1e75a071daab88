// Debian's Chromium driven by playwright-core (no browser download): the flags keep it off the network and
// quiet on a machine without a display or a sandbox.
import { chromium, type Browser } from "playwright-core";

export const chromiumPath = "/usr/bin/chromium";

const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
}
