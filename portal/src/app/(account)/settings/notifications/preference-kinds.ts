import type { paths } from "../../../../api/generated/schema";

type PutBody = paths["/v1/notifications/preferences"]["put"]["requestBody"]["content"]["application/json"];
export type PreferenceInput = PutBody["preferences"][number];
export type Preference =
  paths["/v1/notifications/preferences"]["get"]["responses"][200]["content"]["application/json"]["preferences"][number];
export type Channel = "inApp" | "email";

const words: Record<string, [group: string, label: string]> = {
  "offer.received": ["Offers", "An offer reaches you"],
  "offer.accepted": ["Offers", "Your offer is accepted"],
  "offer.declined": ["Offers", "Your offer is declined"],
  "contract.accepted": ["Contracts", "A contract starts"],
  "contract.funded": ["Contracts", "A milestone is funded"],
  "contract.submitted": ["Contracts", "Work is submitted"],
  "contract.approved": ["Contracts", "Work is approved"],
  "contract.changes": ["Contracts", "Changes are requested"],
  "contract.dispute": ["Contracts", "A dispute opens"],
  "contract.resolved": ["Contracts", "A dispute is resolved"],
  "contract.cancelled": ["Contracts", "A contract is cancelled"],
  "contract.completed": ["Contracts", "A contract is completed"],
  "contract.reminder": ["Contracts", "Deadline reminders"],
  "payout.paid": ["Money", "A payout is paid"],
  "message.received": ["Messages", "A message arrives while you are away"],
  "*": ["Other", "Anything else"],
};

/** A kind in words, and the group it is listed under. */
export function kindWords(kind: string): { group: string; label: string } {
  const [group, label] = words[kind] ?? ["Other", kind];
  return { group, label };
}

/** The preferences grouped for the form, in the API's order within each group. */
export function groupedPreferences(preferences: Preference[]): { group: string; items: Preference[] }[] {
  const groups = new Map<string, Preference[]>();
  for (const p of preferences) {
    const { group } = kindWords(p.kind);
    groups.set(group, [...(groups.get(group) ?? []), p]);
  }
  return [...groups].map(([group, items]) => ({ group, items }));
}

export const fieldName = (kind: string, channel: Channel): string => `${kind}:${channel}`;

/** Every listed kind with its two channels as the form's checkboxes say (an unticked box is absent). */
export function preferencesFromForm(form: FormData, kinds: string[]): PreferenceInput[] {
  return kinds.map((kind) => ({
    kind: kind as PreferenceInput["kind"],
    inApp: form.get(fieldName(kind, "inApp")) === "on",
    email: form.get(fieldName(kind, "email")) === "on",
  }));
}
