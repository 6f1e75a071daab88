import type { SkillPod, SkillPodPhase } from "@skillpod/api";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createOperatorMetrics } from "../runtime/index.js";
import { skillPodFixture } from "./fixtures.test-support.js";
import { SkillPodPhases } from "./phase-metrics.js";

function skillPod(name: string, phase?: SkillPodPhase, createdAt = "2026-12-07T10:00:00Z"): SkillPod {
  const base = skillPodFixture({}, phase ? { phase } : undefined);
  return {
    ...base,
    metadata: { ...base.metadata, name, uid: `uid-${name}`, creationTimestamp: new Date(createdAt) },
  };
}

async function scrape(registry: Registry): Promise<string[]> {
  return (await registry.metrics()).split("\n").filter((l) => l.startsWith("skillpod_operator_skillpods"));
}

describe("SkillPodPhases", () => {
  const t0 = Date.parse("2026-12-07T12:00:00Z");

  it("times the SkillPod longest in each phase from when it was first seen there, not the count's history", async () => {
    const registry = new Registry();
    const phases = new SkillPodPhases(createOperatorMetrics(registry));
    phases.observe([skillPod("a", "Provisioning"), skillPod("b", "Running")], t0);
    phases.observe(
      [skillPod("a", "Provisioning"), skillPod("b", "Running"), skillPod("c", "Provisioning")],
      t0 + 60_000,
    );
    expect(await scrape(registry)).toEqual(
      expect.arrayContaining([
        'skillpod_operator_skillpods{phase="Provisioning"} 2',
        'skillpod_operator_skillpods{phase="Running"} 1',
        'skillpod_operator_skillpods_oldest_in_phase_seconds{phase="Provisioning"} 60',
        'skillpod_operator_skillpods_oldest_in_phase_seconds{phase="Running"} 60',
      ]),
    );
    // "a" moves on: the Provisioning clock is now the newer SkillPod's, so a steady stream never looks stuck.
    phases.observe(
      [skillPod("a", "Running"), skillPod("b", "Running"), skillPod("c", "Provisioning")],
      t0 + 90_000,
    );
    expect(await scrape(registry)).toEqual(
      expect.arrayContaining([
        'skillpod_operator_skillpods{phase="Provisioning"} 1',
        'skillpod_operator_skillpods_oldest_in_phase_seconds{phase="Provisioning"} 30',
        'skillpod_operator_skillpods_oldest_in_phase_seconds{phase="Running"} 90',
      ]),
    );
  });

  it("counts a SkillPod without status as Pending since its creation, and drops phases nobody is in", async () => {
    const registry = new Registry();
    const phases = new SkillPodPhases(createOperatorMetrics(registry));
    phases.observe([skillPod("new", undefined, "2026-12-07T11:50:00Z"), skillPod("x", "Stopped")], t0);
    expect(await scrape(registry)).toEqual(
      expect.arrayContaining([
        'skillpod_operator_skillpods{phase="Pending"} 1',
        'skillpod_operator_skillpods_oldest_in_phase_seconds{phase="Pending"} 600',
      ]),
    );
    phases.observe([skillPod("x", "Stopped")], t0 + 1_000);
    const lines = await scrape(registry);
    expect(lines.some((l) => l.includes('phase="Pending"'))).toBe(false);
    expect(lines).toContain('skillpod_operator_skillpods_oldest_in_phase_seconds{phase="Stopped"} 1');
  });

  it("starts the clock again for a SkillPod recreated under the same name (a new uid)", async () => {
    const registry = new Registry();
    const phases = new SkillPodPhases(createOperatorMetrics(registry));
    phases.observe([skillPod("a", "Provisioning")], t0);
    const recreated = skillPod("a", "Provisioning");
    recreated.metadata = { ...recreated.metadata, uid: "uid-other" };
    phases.observe([recreated], t0 + 120_000);
    expect(await scrape(registry)).toContain(
      'skillpod_operator_skillpods_oldest_in_phase_seconds{phase="Provisioning"} 0',
    );
  });
});
