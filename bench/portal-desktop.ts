// Open → first desktop pixels: the freelancer on /workspaces clicks the first "Open"; the time runs from the
// click until the noVNC canvas shows a pixel that is not black (the desktop's first framebuffer update: the
// terminal's white background). Each Open fetches a new single-use ticket, as the portal always does.
import { apiCall, waitFor, type World } from "@skillpod/testkit";
import type { Page } from "playwright-core";

type Workspace = { namespace: string; name: string; state: string; phase: string | null; ready: boolean };

/** Every 13th pixel of the canvas, looking for one brighter than near-black. */
const showsPixels = `(() => {
  const canvas = document.querySelector("#desktop-screen canvas");
  if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 0; i < data.length; i += 4 * 13) if (data[i] + data[i + 1] + data[i + 2] > 96) return true;
  return false;
})()`;

/** Starts the world's SkillPod if it is stopped and waits until the operator reports it Running and ready. */
export async function ensureRunning(world: World): Promise<void> {
  const { token } = world.people.freelancer;
  const { namespace, name } = world.workspace;
  const find = async (): Promise<Workspace | undefined> => {
    const list = await apiCall<{ items: Workspace[] }>(token, "GET /v1/workspaces");
    return list.items.find((w) => w.namespace === namespace && w.name === name);
  };
  if ((await find())?.state === "Stopped")
    await apiCall(token, `POST /v1/workspaces/${namespace}/${name}/start`);
  await waitFor(
    "the SkillPod to run",
    async () => {
      const workspace = await find();
      return workspace?.phase === "Running" && workspace.ready;
    },
    { timeoutMs: 180_000 },
  );
}

async function firstPixels(page: Page, since: number, timeoutMs: number): Promise<number> {
  for (;;) {
    // The page navigates after the click: an evaluation in the document being left fails, and is retried.
    const shown = await page.evaluate(showsPixels).catch(() => false);
    if (shown) return performance.now() - since;
    if (performance.now() - since > timeoutMs)
      throw new Error(`no desktop pixels ${timeoutMs} ms after Open`);
  }
}

/** One Open per run from /workspaces, in milliseconds from the click. */
export async function openToPixels(page: Page, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    await page.goto("/workspaces", { waitUntil: "load" });
    const open = page.getByRole("link", { name: "Open", exact: true }).first();
    await open.waitFor();
    const clicked = performance.now();
    await open.click();
    times.push(await firstPixels(page, clicked, 60_000));
  }
  return times;
}
