"use server";
import { refresh } from "next/cache";
import type { FormState } from "../../../components/ui";
import { textOf } from "../../../lib/form-fields";
import { actionStateOf, api } from "../../../server/api";

export async function markNotificationRead(_state: FormState, form: FormData): Promise<FormState> {
  const result = await (
    await api()
  ).POST("/v1/notifications/{notificationId}/read", {
    params: { path: { notificationId: textOf(form, "notificationId") } },
  });
  const state = actionStateOf(result, "Marked read");
  if (state.ok) refresh();
  return state;
}

export async function markAllNotificationsRead(): Promise<FormState> {
  const result = await (await api()).POST("/v1/notifications/read-all");
  const count = result.data?.markedRead ?? 0;
  const state = actionStateOf(
    result,
    count === 1 ? "1 notification marked read" : `${count} notifications marked read`,
  );
  if (state.ok) refresh();
  return state;
}
