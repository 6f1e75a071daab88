# The Kubernetes control plane of real binaries: kube-apiserver, kube-controller-manager, kube-scheduler,
# and kwok simulating the nodes' kubelets.
# shellcheck shell=bash

kubectl_() { "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

apiserver_up() {
  spawn kube-apiserver "$APISERVER_PORT" "$BIN/kube-apiserver" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$APISERVER_PORT" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --tls-cert-file="$PKI_DIR/apiserver.crt" --tls-private-key-file="$PKI_DIR/apiserver.key" \
    --client-ca-file="$PKI_DIR/ca.crt" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI_DIR/sa.pub" --service-account-signing-key-file="$PKI_DIR/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction --allow-privileged=true \
    --endpoint-reconciler-type=none --profiling=$PROFILING \
    --max-requests-inflight=800 --max-mutating-requests-inflight=400
  await kube-apiserver 120 apiserver_status
}

apiserver_status() {
  curl -fsS --cacert "$PKI_DIR/ca.crt" --cert "$PKI_DIR/admin.crt" --key "$PKI_DIR/admin.key" \
    "https://127.0.0.1:$APISERVER_PORT/readyz" | grep -q '^ok$'
}

controller_manager_up() {
  local kc="$KUBE_DIR/controller-manager.kubeconfig"
  spawn kube-controller-manager "$KCM_PORT" "$BIN/kube-controller-manager" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --leader-elect=false \
    --use-service-account-credentials=true --service-account-private-key-file="$PKI_DIR/sa.key" \
    --root-ca-file="$PKI_DIR/ca.crt" \
    --cluster-signing-cert-file="$PKI_DIR/ca.crt" --cluster-signing-key-file="$PKI_DIR/ca.key" \
    --kube-api-qps=200 --kube-api-burst=400 --profiling=$PROFILING
  await kube-controller-manager 90 secure_healthz "$KCM_PORT"
}

scheduler_up() {
  local kc="$KUBE_DIR/scheduler.kubeconfig"
  spawn kube-scheduler "$SCHEDULER_PORT" "$BIN/kube-scheduler" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" --leader-elect=false --profiling=$PROFILING
  await kube-scheduler 90 secure_healthz "$SCHEDULER_PORT"
}

secure_healthz() { curl -fsSk "https://127.0.0.1:$1/healthz" | grep -q '^ok$'; }

kwok_up() {
  mkdir -p "$STACK_DIR/kwok"
  # An explicit (empty) configuration keeps kwok from reading ~/.kwok; it then uses its built-in stages.
  : >"$STACK_DIR/kwok/kwok.yaml"
  spawn kwok "$KWOK_PORT" "$BIN/kwok" --kubeconfig="$KUBE_DIR/kwok.kubeconfig" -c "$STACK_DIR/kwok/kwok.yaml" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --cidr="$POD_CIDR" --node-lease-duration-seconds=40 --server-address="127.0.0.1:$KWOK_PORT"
  await kwok 60 kwok_status
}

kwok_status() { curl -fsS "http://127.0.0.1:$KWOK_PORT/healthz" >/dev/null; }

# Fake nodes that look like a small real cluster: three zones, realistic capacity.
nodes_up() {
  local i zones=(a b c)
  for i in $(seq 1 "$NODE_COUNT"); do
    render_node "skillpod-node-$i" "local-${zones[$(((i - 1) % 3))]}"
  done | kubectl_ apply -f - >/dev/null
  # Node status is a subresource: an apply to an existing node leaves it alone, so set it explicitly.
  for i in $(seq 1 "$NODE_COUNT"); do
    kubectl_ patch node "skillpod-node-$i" --subresource=status --type=merge -p "$(node_status "$i")" >/dev/null
  done
  await kwok 120 kubectl_ wait node -l skillpod.dev/stack-node=true --for=condition=Ready --timeout=5s
  kubectl_ apply -f "$repo/scripts/stack/cluster-defaults.yaml" >/dev/null
}

render_node() { # NAME ZONE
  cat <<NODE
---
apiVersion: v1
kind: Node
metadata:
  name: $1
  annotations:
    node.alpha.kubernetes.io/ttl: "0"
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: $1
    node.kubernetes.io/instance-type: m6i.4xlarge
    topology.kubernetes.io/region: local
    topology.kubernetes.io/zone: $2
    node-role.kubernetes.io/worker: ""
    skillpod.dev/stack-node: "true"
    type: kwok
NODE
}

node_status() { # INDEX
  cat <<STATUS
{"status": {
  "addresses": [{"type": "InternalIP", "address": "10.0.0.$((10 + $1))"}, {"type": "Hostname", "address": "skillpod-node-$1"}],
  "capacity": {"cpu": "16", "memory": "64Gi", "pods": "${SKILLPOD_NODE_PODS:-110}", "ephemeral-storage": "200Gi"},
  "allocatable": {"cpu": "15800m", "memory": "62Gi", "pods": "${SKILLPOD_NODE_PODS:-110}", "ephemeral-storage": "190Gi"},
  "nodeInfo": {"architecture": "amd64", "operatingSystem": "linux", "osImage": "Debian GNU/Linux 12 (kwok)",
    "kernelVersion": "6.1.0-kwok", "containerRuntimeVersion": "kwok://$KWOK_VERSION",
    "kubeletVersion": "$KUBERNETES_VERSION", "kubeProxyVersion": "$KUBERNETES_VERSION",
    "machineID": "", "systemUUID": "", "bootID": ""}
}}
STATUS
}
