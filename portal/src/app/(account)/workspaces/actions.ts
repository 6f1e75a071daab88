"use server";
import { refresh } from "next/cache";
import type { FormState } from "../../../components/ui";
import { textOf } from "../../../lib/form-fields";
import { actionStateOf, api } from "../../../server/api";
import type { Workspace } from "./workspace-state";

function refOf(form: FormData): { namespace: string; name: string } {
  return { namespace: textOf(form, "namespace"), name: textOf(form, "name") };
}

/** Asks for the workspace to run; the operator starts its desktop within a minute. */
export async function startWorkspace(_state: FormState, form: FormData): Promise<FormState> {
  const result = await (
    await api()
  ).POST("/v1/workspaces/{namespace}/{name}/start", {
    params: { path: refOf(form) },
  });
  const state = actionStateOf(result, "Starting: the desktop is ready in a minute or so.");
  if (state.ok) refresh();
  return state;
}

/** Asks for the workspace to stop; its home folder is kept. */
export async function stopWorkspace(_state: FormState, form: FormData): Promise<FormState> {
  const result = await (
    await api()
  ).POST("/v1/workspaces/{namespace}/{name}/stop", {
    params: { path: refOf(form) },
  });
  const state = actionStateOf(result, "Stopping: your files stay in the workspace.");
  if (state.ok) refresh();
  return state;
}

/** The workspace as it stands now, for a page that follows it without reloading (undefined when gone). */
export async function workspaceNow(namespace: string, name: string): Promise<Workspace | undefined> {
  const { data } = await (
    await api()
  ).GET("/v1/workspaces/{namespace}/{name}", {
    params: { path: { namespace, name } },
  });
  return data;
}
