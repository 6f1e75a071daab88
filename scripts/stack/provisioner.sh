# The local-path provisioner (packages/local-path-provisioner): binds PVCs of the default StorageClass.
# shellcheck shell=bash

provisioner_up() {
  mkdir -p "$STACK_DIR/volumes"
  spawn local-path-provisioner "$PROVISIONER_PORT" env KUBECONFIG="$KUBECONFIG_FILE" \
    VOLUME_ROOT="$STACK_DIR/volumes" HEALTH_PORT="$PROVISIONER_PORT" \
    "$repo/node_modules/.bin/tsx" "$repo/packages/local-path-provisioner/src/main.ts"
  await local-path-provisioner 60 provisioner_status
}

provisioner_status() { curl -fsS "http://127.0.0.1:$PROVISIONER_PORT/healthz" >/dev/null; }
