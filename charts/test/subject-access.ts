// What each of the chart's ServiceAccounts may do, asked of the real authorizer with SubjectAccessReviews: the
// operator's least-privilege RBAC (operator/config/rbac), the workers', the control plane's and the gateway's.
import { AuthorizationV1Api, KubeConfig } from "@kubernetes/client-node";
import { stackEnv } from "@skillpod/testkit";

export type Access = {
  who: string;
  verb: string;
  resource: string;
  namespace?: string;
  expected: boolean;
  allowed: boolean;
};

type Question = [
  who: string,
  verb: string,
  resource: string,
  where: "release" | "tenant" | "cluster" | "kube-system",
  expected: boolean,
];

// resource is [group/]plural[/subresource].
const questions: Question[] = [
  ["operator", "patch", "skillpod.dev/skillpods", "tenant", true],
  ["operator", "update", "skillpod.dev/skillpods/status", "tenant", true],
  ["operator", "create", "pods", "tenant", true],
  ["operator", "create", "networking.k8s.io/networkpolicies", "tenant", true],
  ["operator", "update", "coordination.k8s.io/leases", "release", true],
  ["operator", "list", "skillpod.dev/skillpodclasses", "cluster", true],
  ["operator", "create", "skillpod.dev/skillpods", "tenant", false],
  ["operator", "update", "skillpod.dev/skillpodclasses", "cluster", false],
  ["operator", "update", "coordination.k8s.io/leases", "kube-system", false],
  ["operator", "delete", "namespaces", "cluster", false],
  ["operator", "create", "rbac.authorization.k8s.io/clusterroles", "cluster", false],
  ["workers", "create", "skillpod.dev/skillpods", "tenant", true],
  ["workers", "create", "namespaces", "cluster", true],
  ["workers", "delete", "skillpod.dev/skillpods", "tenant", false],
  ["workers", "list", "secrets", "tenant", false],
  ["control-plane", "patch", "skillpod.dev/skillpods", "tenant", true],
  ["control-plane", "list", "skillpod.dev/skillpodclasses", "cluster", true],
  ["control-plane", "delete", "skillpod.dev/skillpods", "tenant", false],
  ["control-plane", "list", "secrets", "tenant", false],
  ["gateway", "watch", "skillpod.dev/skillpods", "cluster", true],
  ["gateway", "list", "secrets", "tenant", true],
  ["gateway", "list", "discovery.k8s.io/endpointslices", "tenant", true],
  ["gateway", "create", "secrets", "tenant", false],
  ["gateway", "create", "pods", "tenant", false],
  ["portal", "list", "pods", "release", false],
  ["portal", "get", "secrets", "release", false],
];

function parseResource(resource: string): { group: string; resource: string; subresource?: string } {
  const parts = resource.split("/");
  const group = parts.length > 1 && parts[0]?.includes(".") ? (parts.shift() ?? "") : "";
  return { group, resource: parts[0] ?? "", ...(parts[1] ? { subresource: parts[1] } : {}) };
}

/** Asks the apiserver every question about release `release`'s ServiceAccounts in `namespace`. */
export async function accessOf(release: string, namespace: string, tenant: string): Promise<Access[]> {
  const kc = new KubeConfig();
  kc.loadFromFile(stackEnv("KUBECONFIG"));
  const api = kc.makeApiClient(AuthorizationV1Api);
  const places = { release: namespace, tenant, "kube-system": "kube-system", cluster: undefined };
  return Promise.all(
    questions.map(async ([who, verb, resource, where, expected]) => {
      const account = `${release}-skillpod-${who}`;
      const ns = places[where];
      const review = await api.createSubjectAccessReview({
        body: {
          spec: {
            user: `system:serviceaccount:${namespace}:${account}`,
            groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"],
            resourceAttributes: { verb, ...parseResource(resource), ...(ns ? { namespace: ns } : {}) },
          },
        },
      });
      return {
        who,
        verb,
        resource,
        ...(ns ? { namespace: ns } : {}),
        expected,
        allowed: review.status?.allowed ?? false,
      };
    }),
  );
}
