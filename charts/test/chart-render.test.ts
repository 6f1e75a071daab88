// The chart without a cluster install: lint, template unit tests (helm-unittest), the values schema, and every
// rendered object accepted by the real kube-apiserver (server-side dry run, strict field validation).
import { runTool } from "@skillpod/testkit";
import { randomBytes } from "node:crypto";
import { basename } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir, ciValuesFiles, helm, kubectl, renderChart } from "./chart-tools.js";
import { installPrometheusOperatorCrds } from "./prometheus-operator-crds.js";

const namespace = `chart-dry-run-${randomBytes(3).toString("hex")}`;

describe("the SkillPod chart, rendered", () => {
  it.each(ciValuesFiles().map((f) => [basename(f), f]))(
    "passes helm lint --strict with %s",
    async (_name, file) => {
      const { stdout } = await helm(["lint", "--strict", chartDir, "-f", file]);
      expect(stdout).toContain("1 chart(s) linted, 0 chart(s) failed");
    },
  );

  it("passes its template unit tests (helm-unittest)", async () => {
    const { stdout, code } = await runTool("helm-unittest", [chartDir], { allowFailure: true });
    expect(stdout, stdout).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(stdout).not.toMatch(/Tests:.*failed/);
    expect(code).toBe(0);
  });

  it("rejects values it does not know, naming the key", async () => {
    const { code, stderr } = await helm(["template", "x", chartDir, "--set", "operator.replicas=3"]).catch(
      (error: Error) => ({ code: 1, stderr: error.message, stdout: "" }),
    );
    expect(code).not.toBe(0);
    expect(stderr).toContain("additional properties 'replicas' not allowed");
  });

  it("refuses a workers group with a task queue that does not exist", async () => {
    const refused = await helm([
      "template",
      "x",
      chartDir,
      "--set",
      "workers.groups.all.taskQueues={billing}",
    ]).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/taskQueues\/0.*value must be one of/);
  });
});

describe("the SkillPod chart, checked by the real apiserver", () => {
  beforeAll(async () => {
    await installPrometheusOperatorCrds();
    await kubectl(["create", "namespace", namespace]);
  });

  afterAll(async () => {
    await kubectl(["delete", "namespace", namespace, "--wait=false"]).catch(() => undefined);
  });

  it.each(ciValuesFiles().map((f) => [basename(f), f]))(
    "renders only objects the apiserver accepts with strict field validation (%s)",
    async (_name, file) => {
      const manifest = await renderChart(file, namespace);
      const { stdout } = await kubectl(
        ["apply", "--server-side", "--force-conflicts", "--dry-run=server", "--validate=strict", "-f", "-"],
        manifest,
      );
      const applied = stdout.split("\n").filter((line) => line.includes("(server dry run)"));
      const documents = manifest.split(/^---$/m).filter((doc) => /^kind:/m.test(doc));
      expect(applied).toHaveLength(documents.length);
    },
  );
});
