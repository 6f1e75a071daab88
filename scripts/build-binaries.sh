#!/usr/bin/env bash
# Builds the local stack's Go binaries from the Go module proxy, once per version.
# Output: $SKILLPOD_CACHE/bin/<name>-<version>/<binary>, plus symlinks in $SKILLPOD_CACHE/bin/current/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=/dev/null
source "$here/tools/versions.env"
cache=${SKILLPOD_CACHE:-$HOME/.cache/skillpod}
current="$cache/bin/current"
mkdir -p "$current" "$cache/build"
export GOFLAGS="-buildvcs=false -trimpath" CGO_ENABLED=0
ldflags="-s -w"

log() { printf '[build-binaries] %s\n' "$*" >&2; }

# done_marker DIR: a build is complete only when its marker exists (a killed build leaves none).
built() { [ -f "$1/.complete" ]; }

link_current() { # DIR BINARY...
  local dir=$1; shift
  for b in "$@"; do ln -sfn "$dir/$b" "$current/$b"; done
}

build_kubernetes() {
  # -r2: version stamped into the binaries (kubectl version refuses an unstamped server).
  local v=$KUBERNETES_VERSION dir="$cache/bin/kubernetes-$KUBERNETES_VERSION-r2"
  local bins=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  if ! built "$dir"; then
    log "building kubernetes $v (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl); first time takes ~15-25 min on 2 cores"
    local src="$cache/build/kubernetes-$v" staging="v0.${v#v1.}"
    mkdir -p "$src" "$dir"
    {
      echo "module skillpod.dev/tools/kubernetes"
      echo
      echo "go 1.24.0"
      echo
      echo "require k8s.io/kubernetes $v"
      echo
      echo "replace ("
      local mods
      mods=$(go mod download -json "k8s.io/kubernetes@$v" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
      grep -E '^\s*k8s.io/[a-z-]+ => ./staging' "$mods" | awk -v s="$staging" '{print "\t" $1 " => " $1 " " s}'
      echo ")"
    } > "$src/go.mod"
    (cd "$src" && GOFLAGS="$GOFLAGS -mod=mod" go get "k8s.io/kubernetes@$v" >/dev/null 2>&1 || true)
    local minor=${v#v1.}
    minor=${minor%%.*}
    local stamp=""
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      stamp="$stamp -X $pkg.gitVersion=$v -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
    done
    (cd "$src" && GOFLAGS="$GOFLAGS -mod=mod" go build -ldflags="$ldflags $stamp" -o "$dir/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
      k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
    touch "$dir/.complete"
    log "built kubernetes $v"
  fi
  link_current "$dir" "${bins[@]}"
}

build_etcd() {
  local v=$ETCD_VERSION dir="$cache/bin/etcd-$ETCD_VERSION"
  if ! built "$dir"; then
    log "building etcd $v"
    local src="$cache/build/etcd-$v"
    mkdir -p "$src" "$dir"
    cat > "$src/go.mod" <<GOMOD
module skillpod.dev/tools/etcd

go 1.24.0

require go.etcd.io/etcd/server/v3 $v
GOMOD
    cat > "$src/main.go" <<'GOSRC'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GOSRC
    (cd "$src" && GOFLAGS="$GOFLAGS -mod=mod" go mod tidy >/dev/null && GOFLAGS="$GOFLAGS -mod=mod" go build -ldflags="$ldflags" -o "$dir/etcd" .)
    touch "$dir/.complete"
    log "built etcd $v"
  fi
  link_current "$dir" etcd
}

go_install() { # NAME VERSION PACKAGE BINARY
  local name=$1 v=$2 pkg=$3 bin=$4 dir="$cache/bin/$1-$2"
  if ! built "$dir"; then
    log "building $name $v ($pkg)"
    mkdir -p "$dir"
    GOBIN="$dir" go install -ldflags="$ldflags" "$pkg@$v"
    touch "$dir/.complete"
    log "built $name $v"
  fi
  link_current "$dir" "$bin"
}

# Modules whose go.mod has replace directives cannot be `go install`ed: build them inside their downloaded
# module directory (read-only in the module cache, so from a copy).
build_in_module() { # NAME VERSION MODULE PACKAGE BINARY
  local name=$1 v=$2 mod=$3 pkg=$4 bin=$5 dir="$cache/bin/$1-$2"
  if ! built "$dir"; then
    log "building $name $v ($mod, inside its module)"
    local src="$cache/build/$name-$v" from
    from=$(go mod download -json "$mod@$v" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
    rm -rf "$src" && mkdir -p "$dir" && cp -r "$from" "$src" && chmod -R u+w "$src"
    (cd "$src" && go build -ldflags="$ldflags" -o "$dir/$bin" "$pkg")
    touch "$dir/.complete"
    log "built $name $v"
  fi
  link_current "$dir" "$bin"
}

# The Prometheus Operator's CRDs (ServiceMonitor, PrometheusRule), from its module: the chart tests install them
# so that the apiserver validates the chart's monitoring objects like any other.
fetch_prometheus_operator_crds() {
  local v=$PROMETHEUS_OPERATOR_VERSION dir="$cache/bin/prometheus-operator-crds-$PROMETHEUS_OPERATOR_VERSION"
  if ! built "$dir"; then
    log "fetching the Prometheus Operator $v CRDs"
    local from
    from=$(go mod download -json "github.com/prometheus-operator/prometheus-operator@$v" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
    mkdir -p "$dir"
    cp "$from"/example/prometheus-operator-crd/monitoring.coreos.com_{servicemonitors,prometheusrules}.yaml "$dir/"
    touch "$dir/.complete"
  fi
  ln -sfn "$dir" "$current/prometheus-operator-crds"
}

want=${*:-etcd kubernetes kwok temporal helm stripe-mock helm-unittest tofu tflint terraform-provider-helm terraform-provider-kubernetes prometheus-operator-crds}
for part in $want; do
  case $part in
    kubernetes) build_kubernetes ;;
    etcd) build_etcd ;;
    kwok) go_install kwok "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok kwok ;;
    temporal) go_install temporal "$TEMPORAL_CLI_VERSION" github.com/temporalio/cli/cmd/temporal temporal ;;
    helm) go_install helm "$HELM_VERSION" helm.sh/helm/v3/cmd/helm helm ;;
    # Stripe's official API mock: tests run the Stripe payment provider against it (not a stack part).
    stripe-mock) go_install stripe-mock "$STRIPE_MOCK_VERSION" github.com/stripe/stripe-mock stripe-mock ;;
    # Chart unit tests (helm-unittest's binary, run directly rather than as a helm plugin).
    helm-unittest) build_in_module helm-unittest "$HELM_UNITTEST_VERSION" github.com/helm-unittest/helm-unittest \
      ./cmd/helm-unittest helm-unittest ;;
    # Terraform module checks: OpenTofu and tflint.
    tofu) build_in_module tofu "$OPENTOFU_VERSION" github.com/opentofu/opentofu ./cmd/tofu tofu ;;
    tflint) go_install tflint "$TFLINT_VERSION" github.com/terraform-linters/tflint tflint ;;
    # The providers terraform/modules/skillpod uses (~4 and ~6 min on 2 cores).
    terraform-provider-helm) go_install terraform-provider-helm "$TF_PROVIDER_HELM_VERSION" \
      github.com/hashicorp/terraform-provider-helm terraform-provider-helm ;;
    terraform-provider-kubernetes) go_install terraform-provider-kubernetes "$TF_PROVIDER_KUBERNETES_VERSION" \
      github.com/hashicorp/terraform-provider-kubernetes terraform-provider-kubernetes ;;
    prometheus-operator-crds) fetch_prometheus_operator_crds ;;
    *) log "unknown part: $part"; exit 2 ;;
  esac
done
log "binaries ready in $current"
