import { skillPodClassPlural } from "@skillpod/api";
import { rmSync } from "node:fs";
import { deleteNamespace, stripFinalizers } from "./operator-bench-cluster.js";
import { entry, operators } from "./operator-bench-process.js";
import { className, core, custom, kc, made, say, skillPods } from "./operator-bench-settings.js";

export async function cleanUp(): Promise<void> {
  for (const operator of [...operators]) await operator.stop();
  for (const namespace of [...made.namespaces]) {
    await stripFinalizers(namespace);
    await deleteNamespace(namespace, 120_000);
  }
  if (made.classCreated) {
    await custom
      .deleteClusterCustomObject({ ...skillPods, plural: skillPodClassPlural, name: className })
      .catch(() => undefined);
    made.classCreated = false;
  }
  for (const name of [...made.nodes]) {
    await core.deleteNode({ name }).catch(() => undefined);
    made.nodes.delete(name);
  }
  if (entry.file) rmSync(entry.file, { force: true });
}

/** Runs a bench's main with everything it made removed at the end: on success, failure, SIGINT or SIGTERM. */
export async function runCleaningUp(main: () => Promise<void>): Promise<void> {
  let cleaning: Promise<void> | undefined;
  const cleanOnce = (): Promise<void> => (cleaning ??= cleanUp());
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // `on`, not `once`: npx passes the same signal on, and a second one must not end the clean-up half done.
    process.on(signal, () => {
      if (cleaning) return;
      say(`${signal}: cleaning up`);
      void cleanOnce().finally(() => process.exit(130));
    });
  }
  try {
    await main();
  } finally {
    await cleanOnce();
    kc.destroyAgents();
    say("cleaned up");
  }
}
