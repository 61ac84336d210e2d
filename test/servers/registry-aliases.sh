#!/usr/bin/env bash
# Makes cloud registry host names reach the local test registry, for end-to-end login tests:
#   - a test CA and a server certificate for the alias hosts,
#   - /etc/hosts lines pointing the alias hosts at 127.0.0.1,
#   - the CA in /etc/docker/certs.d/<host>/ca.crt (dockerd reads it per connection: no restart).
# A TLS proxy in the tests (test/servers/registry-proxy.ts) then listens on 127.0.0.1:443 with this
# certificate. Node processes trust the CA through NODE_EXTRA_CA_CERTS=<dir>/ca.crt.
#
#   bash test/servers/registry-aliases.sh up [HOST...]   # prints the directory holding the certs
#   bash test/servers/registry-aliases.sh down [HOST...]
set -euo pipefail

DIR="${LAUNCH_ACTION_ALIAS_DIR:-/var/tmp/launch-action-test/aliases}"
MARK="# launch-action-test-alias"
DEFAULT_HOSTS=(
  123456789012.dkr.ecr.us-east-1.amazonaws.com
  us-central1-docker.pkg.dev
  acmeml.azurecr.io
)

action="${1:-}"
shift || true
hosts=("$@")
if [ "${#hosts[@]}" -eq 0 ]; then hosts=("${DEFAULT_HOSTS[@]}"); fi

for host in "${hosts[@]}"; do
  if ! [[ "$host" =~ ^[a-z0-9.-]+$ ]]; then
    echo "registry-aliases: not a host name: $host" >&2
    exit 2
  fi
done

make_certs() {
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  local sans="" i=1
  for host in "${hosts[@]}"; do
    sans+="DNS.$i = $host"$'\n'
    i=$((i + 1))
  done
  # Regenerate when the host list changed.
  if [ -f "$DIR/server.crt" ] && [ "$(cat "$DIR/hosts" 2>/dev/null)" = "${hosts[*]}" ]; then
    return
  fi
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=launch-action test CA" \
    -keyout "$DIR/ca.key" -out "$DIR/ca.crt" 2>/dev/null
  cat >"$DIR/server.cnf" <<CNF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = ${hosts[0]}
[ext]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = @alt
[alt]
${sans}
CNF
  openssl req -newkey rsa:2048 -nodes -keyout "$DIR/server.key" -out "$DIR/server.csr" \
    -config "$DIR/server.cnf" 2>/dev/null
  openssl x509 -req -in "$DIR/server.csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" -CAcreateserial \
    -days 30 -extfile "$DIR/server.cnf" -extensions ext -out "$DIR/server.crt" 2>/dev/null
  echo "${hosts[*]}" >"$DIR/hosts"
}

hosts_up() {
  for host in "${hosts[@]}"; do
    grep -qE "^127\.0\.0\.1[[:space:]]+${host//./\\.}[[:space:]]+${MARK}$" /etc/hosts ||
      echo "127.0.0.1 $host $MARK" >>/etc/hosts
    mkdir -p "/etc/docker/certs.d/$host"
    cp "$DIR/ca.crt" "/etc/docker/certs.d/$host/ca.crt"
  done
}

hosts_down() {
  # /etc/hosts may be a bind mount: rewrite it in place rather than replacing the file.
  local kept
  kept="$(grep -vF "$MARK" /etc/hosts || true)"
  printf '%s\n' "$kept" >/etc/hosts
  for host in "${hosts[@]}"; do
    rm -rf "/etc/docker/certs.d/$host"
  done
}

case "$action" in
  up)
    make_certs
    hosts_up
    echo "$DIR"
    ;;
  down)
    hosts_down
    ;;
  *)
    echo "usage: $0 up|down [HOST...]" >&2
    exit 2
    ;;
esac
