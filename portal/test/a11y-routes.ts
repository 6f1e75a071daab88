// Which pages the accessibility test visits, as whom, and at which address in the test's world. Every page
// of the app must be named here (a11y.test.ts fails on a page missing from this list, or listed and gone).
import type { Role, World } from "@skillpod/testkit";

export type Visitor = Role | "anonymous";
export type RouteVisit = { as: Visitor[]; url: (w: World) => string };

const ws = (w: World): string => `${w.workspace.namespace}/${w.workspace.name}`;
const signedIn: Visitor[] = ["freelancer", "client"];
const everyone: Visitor[] = ["anonymous", "freelancer", "client"];
const staff: Visitor[] = ["admin", "auditor"];

export const a11yRoutes: Record<string, RouteVisit> = {
  "/": { as: everyone, url: () => "/" },
  "/sign-in": { as: ["anonymous"], url: () => "/sign-in" },
  "/sign-up": { as: ["anonymous"], url: () => "/sign-up" },
  "/jobs": { as: everyone, url: () => "/jobs?q=portal" },
  "/jobs/[jobId]": { as: everyone, url: (w) => `/jobs/${w.jobId}` },
  "/freelancers": { as: everyone, url: () => "/freelancers" },
  "/freelancers/[handle]": { as: everyone, url: (w) => `/freelancers/${w.freelancerHandle}` },
  "/for-you": { as: ["freelancer"], url: () => "/for-you" },
  "/proposals": { as: ["freelancer"], url: () => "/proposals" },
  "/proposals/[proposalId]": { as: ["freelancer"], url: (w) => `/proposals/${w.proposalId}` },
  "/jobs/[jobId]/propose": { as: ["freelancer"], url: (w) => `/jobs/${w.jobId}/propose` },
  "/offers": { as: signedIn, url: () => "/offers" },
  "/offers/[offerId]": { as: signedIn, url: (w) => `/offers/${w.offerId}` },
  "/jobs/new": { as: ["client"], url: () => "/jobs/new" },
  "/jobs/[jobId]/edit": { as: ["client"], url: (w) => `/jobs/${w.jobId}/edit` },
  "/my-jobs": { as: ["client"], url: () => "/my-jobs" },
  "/my-jobs/[jobId]": { as: ["client"], url: (w) => `/my-jobs/${w.jobId}` },
  "/my-jobs/[jobId]/offer/[proposalId]": {
    as: ["client"],
    url: (w) => `/my-jobs/${w.jobId}/offer/${w.proposalId}`,
  },
  "/saved-searches": { as: signedIn, url: () => "/saved-searches" },
  "/contracts": { as: signedIn, url: () => "/contracts" },
  "/contracts/[contractId]": { as: signedIn, url: (w) => `/contracts/${w.contractId}` },
  "/contracts/[contractId]/activity": { as: signedIn, url: (w) => `/contracts/${w.contractId}/activity` },
  "/contracts/[contractId]/messages": { as: signedIn, url: (w) => `/contracts/${w.contractId}/messages` },
  "/contracts/[contractId]/workspace": { as: signedIn, url: (w) => `/contracts/${w.contractId}/workspace` },
  "/contracts/[contractId]/payments": { as: signedIn, url: (w) => `/contracts/${w.contractId}/payments` },
  "/contracts/[contractId]/dispute": { as: signedIn, url: (w) => `/contracts/${w.contractId}/dispute` },
  "/workspaces": { as: signedIn, url: () => "/workspaces" },
  "/workspaces/[namespace]/[name]": { as: signedIn, url: (w) => `/workspaces/${ws(w)}` },
  "/workspaces/[namespace]/[name]/desktop": { as: signedIn, url: (w) => `/workspaces/${ws(w)}/desktop` },
  "/wallet": { as: signedIn, url: () => "/wallet" },
  "/wallet/invoices": { as: signedIn, url: () => "/wallet/invoices" },
  "/messages": { as: signedIn, url: () => "/messages" },
  "/messages/[conversationId]": { as: signedIn, url: (w) => `/messages/${w.conversationId}` },
  "/notifications": { as: signedIn, url: () => "/notifications" },
  "/settings": { as: signedIn, url: () => "/settings" },
  "/settings/security": { as: signedIn, url: () => "/settings/security" },
  "/settings/notifications": { as: signedIn, url: () => "/settings/notifications" },
  "/admin": { as: staff, url: () => "/admin" },
  "/admin/audit": { as: staff, url: () => "/admin/audit" },
  "/admin/disputes": { as: staff, url: () => "/admin/disputes" },
  "/admin/users": { as: ["admin"], url: () => "/admin/users" },
  "/admin/classes": { as: staff, url: () => "/admin/classes" },
};
