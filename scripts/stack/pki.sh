# Certificates and keys for the local control plane (openssl), made once per stack directory.
# shellcheck shell=bash

issue_cert() { # NAME CN O USAGE SAN
  local name=$1 cn=$2 o=$3 usage=$4 san=${5:-}
  local ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=$usage"
  [ -n "$san" ] && ext="$ext
subjectAltName=$san"
  local subj="/CN=$cn"
  [ -n "$o" ] && subj="/O=$o/CN=$cn"
  openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout "$PKI_DIR/$name.key" \
    -out "$PKI_DIR/$name.csr" -subj "$subj" 2>/dev/null
  openssl x509 -req -in "$PKI_DIR/$name.csr" -CA "$PKI_DIR/ca.crt" -CAkey "$PKI_DIR/ca.key" -CAcreateserial \
    -days 3650 -out "$PKI_DIR/$name.crt" -extfile <(echo "$ext") 2>/dev/null
  rm -f "$PKI_DIR/$name.csr"
}

pki_up() {
  [ -f "$PKI_DIR/.complete" ] && return 0
  say "creating certificates in $PKI_DIR"
  rm -rf "$PKI_DIR" && mkdir -p "$PKI_DIR" && chmod 700 "$PKI_DIR"
  openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 3650 \
    -keyout "$PKI_DIR/ca.key" -out "$PKI_DIR/ca.crt" -subj "/CN=skillpod-local-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  issue_cert apiserver kube-apiserver "" serverAuth \
    "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  issue_cert admin skillpod-admin system:masters clientAuth
  issue_cert controller-manager system:kube-controller-manager "" clientAuth
  issue_cert scheduler system:kube-scheduler "" clientAuth
  issue_cert kwok kwok-controller system:masters clientAuth
  openssl genrsa -out "$PKI_DIR/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI_DIR/sa.key" -pubout -out "$PKI_DIR/sa.pub" 2>/dev/null
  touch "$PKI_DIR/.complete"
}

write_kubeconfig() { # FILE CERT_NAME
  local file=$1 name=$2
  mkdir -p "$(dirname "$file")"
  cat >"$file" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: skillpod-local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 <"$PKI_DIR/ca.crt")
users:
- name: $name
  user:
    client-certificate-data: $(base64 -w0 <"$PKI_DIR/$name.crt")
    client-key-data: $(base64 -w0 <"$PKI_DIR/$name.key")
contexts:
- name: skillpod-local
  context: { cluster: skillpod-local, user: $name }
current-context: skillpod-local
KUBECONFIG
  chmod 600 "$file"
}

kubeconfigs_up() {
  write_kubeconfig "$KUBECONFIG_FILE" admin
  for n in controller-manager scheduler kwok; do write_kubeconfig "$KUBE_DIR/$n.kubeconfig" "$n"; done
}
