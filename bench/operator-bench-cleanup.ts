import { skillPodClassPlural } from "@skillpod/api";
import { rmSync } from "node:fs";
import { deleteNamespace, stripFinalizers } from "./operator-bench-cluster.js";
import { entry, operators } from "./operator-bench-process.js";
import { className, core, custom, made, skillPods } from "./operator-bench-settings.js";

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
