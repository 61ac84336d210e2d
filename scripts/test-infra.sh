#!/usr/bin/env bash
# The container toolchain the e2e tests run against, on an offline Debian 12 machine:
# dockerd (no bridge network), the buildx plugin, an authenticated registry on 127.0.0.1:5000 and
# two base images made with debootstrap (no Docker Hub here). See docs in the README / test-infra.
#
#   bash scripts/test-infra.sh install   # apt packages + buildx plugin (skips what is present)
#   bash scripts/test-infra.sh up        # install, then start dockerd + registry, build base images
#   bash scripts/test-infra.sh down      # stop the dockerd and registry this script started
#   bash scripts/test-infra.sh env       # export lines for the test variables
#   bash scripts/test-infra.sh status    # what is running
#   bash scripts/test-infra.sh logs [N]  # last N lines of the dockerd and registry logs
#   bash scripts/test-infra.sh rootfs    # only the cached base image rootfs tarballs
#
# Every step is idempotent: `up` on a machine where everything already runs takes about a second.
set -euo pipefail

STATE_DIR="${LAUNCH_TEST_STATE_DIR:-/var/tmp/launch-action-test}"
REGISTRY_HOST='127.0.0.1:5000'
REGISTRY_USER='launch'
REGISTRY_PASSWORD='launch-test-password'
PYTHON_BASE_IMAGE='local/python:3.11-bookworm'
NOPYTHON_BASE_IMAGE='local/debian-nopython:bookworm'
APT_PACKAGES=(docker.io docker-registry apache2-utils debootstrap git)
DOCKER_READY_TIMEOUT=60
REGISTRY_READY_TIMEOUT=30

# The user's plugin directory (what `docker` looks at first) and a system one, so that a build
# run with a temporary DOCKER_CONFIG (as the action does for logins) still finds buildx, exactly
# like on a hosted runner where buildx lives in a system plugin directory.
USER_PLUGIN_DIR="${HOME}/.docker/cli-plugins"
SYSTEM_PLUGIN_DIR='/usr/local/lib/docker/cli-plugins'

log() { printf '[test-infra] %s\n' "$*" >&2; }
die() {
  printf '[test-infra] ERROR: %s\n' "$*" >&2
  exit 1
}

# Runs a command and prints how long it took.
timed() {
  local label=$1
  shift
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  log "$(awk -v l="$label" -v s="$start" -v e="$end" 'BEGIN { printf "%s: %.1fs", l, e - s }')"
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "root is needed to run: $*"
  fi
}

# The Debian archive this machine's apt uses (the only package mirror reachable offline).
debian_mirror() {
  local uri=''
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    # deb822: the first URIs line of the stanza for the main archive (not debian-security).
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' \
      /etc/apt/sources.list.d/debian.sources)
  fi
  if [[ -z $uri && -f /etc/apt/sources.list ]]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ {
        for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit }
      }' /etc/apt/sources.list)
  fi
  [[ -n $uri ]] || die 'no Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list'
  printf '%s\n' "${uri%/}"
}

# ---------------------------------------------------------------------------------------------
# install
# ---------------------------------------------------------------------------------------------

missing_apt_packages() {
  local pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
      printf '%s\n' "$pkg"
    fi
  done
}

install_apt_packages() {
  local missing
  mapfile -t missing < <(missing_apt_packages)
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "apt packages present: ${APT_PACKAGES[*]}"
    return
  fi
  log "installing apt packages: ${missing[*]}"
  as_root apt-get update -q </dev/null
  # With recommends (cgroupfs-mount, apparmor …): the combination known to work on these machines.
  as_root env DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 NEEDRESTART_MODE=l \
    apt-get install -y -q "${missing[@]}" </dev/null
}

buildx_works() {
  docker buildx version >/dev/null 2>&1
}

# bookworm has no buildx package; trixie's docker-buildx is one static Go binary that runs here.
# It is fetched with a throw-away sources list and lists directory: the system apt config is
# never touched.
install_buildx() {
  if [[ -x $USER_PLUGIN_DIR/docker-buildx ]] && buildx_works; then
    if [[ $(id -u) -ne 0 || -x $SYSTEM_PLUGIN_DIR/docker-buildx ]]; then
      log "buildx present: $(docker buildx version 2>/dev/null)"
      return
    fi
  fi
  local work mirror
  work=$(mktemp -d)
  mirror=$(debian_mirror)
  log "fetching docker-buildx from Debian trixie ($mirror)"
  mkdir -p "$work/lists/partial" "$work/archives/partial"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' \
    "$mirror" >"$work/trixie.list"
  local apt_opts=(
    -o "Dir::Etc::SourceList=$work/trixie.list"
    -o 'Dir::Etc::SourceParts=/dev/null'
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache::Archives=$work/archives"
    -o 'Dir::Cache::pkgcache='
    -o 'Dir::Cache::srcpkgcache='
    -o 'APT::Sandbox::User=root'
  )
  apt-get "${apt_opts[@]}" -q update
  (cd "$work" && apt-get "${apt_opts[@]}" -q download docker-buildx)
  local deb
  deb=$(find "$work" -maxdepth 1 -name 'docker-buildx_*.deb' | head -n 1)
  [[ -n $deb ]] || die "apt-get download docker-buildx produced no .deb in $work"
  dpkg-deb -x "$deb" "$work/root"
  local binary="$work/root/usr/libexec/docker/cli-plugins/docker-buildx"
  [[ -x $binary ]] || die "the docker-buildx package has no $binary"
  mkdir -p "$USER_PLUGIN_DIR"
  install -m 0755 "$binary" "$USER_PLUGIN_DIR/docker-buildx"
  if [[ $(id -u) -eq 0 ]]; then
    mkdir -p "$SYSTEM_PLUGIN_DIR"
    install -m 0755 "$binary" "$SYSTEM_PLUGIN_DIR/docker-buildx"
  fi
  rm -rf "$work"
  buildx_works || die 'docker buildx does not run after installing the plugin'
  log "buildx installed: $(docker buildx version)"
}

cmd_install() {
  timed 'apt packages' install_apt_packages
  timed 'buildx plugin' install_buildx
}

# ---------------------------------------------------------------------------------------------
# dockerd
# ---------------------------------------------------------------------------------------------

docker_answers() {
  timeout 10 docker info >/dev/null 2>&1
}

# Is the process in this pid file alive, and still the program we started (a pid file left from
# an earlier boot may name an unrelated process by now)?
pid_alive() {
  local file=$1 program=$2 pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$program" ]]
}

start_dockerd() {
  if docker_answers; then
    log 'dockerd already answers'
    return
  fi
  mkdir -p "$STATE_DIR"
  if pid_alive "$STATE_DIR/dockerd.pid" dockerd; then
    log "dockerd (pid $(<"$STATE_DIR/dockerd.pid")) is starting; waiting for it"
  else
    # No bridge: containers and builds use the host network (the default bridge would put them on
    # a private range these machines must not use).
    log "starting dockerd (log: $STATE_DIR/dockerd.log)"
    setsid dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
      </dev/null >>"$STATE_DIR/dockerd.log" 2>&1 &
    echo $! >"$STATE_DIR/dockerd.pid"
  fi
  local waited=0
  until docker_answers; do
    if ! pid_alive "$STATE_DIR/dockerd.pid" dockerd; then
      tail -n 30 "$STATE_DIR/dockerd.log" >&2 || true
      die "dockerd exited during startup (log above, full log: $STATE_DIR/dockerd.log)"
    fi
    if ((waited >= DOCKER_READY_TIMEOUT)); then
      tail -n 30 "$STATE_DIR/dockerd.log" >&2 || true
      die "dockerd did not answer 'docker info' within ${DOCKER_READY_TIMEOUT}s (log: $STATE_DIR/dockerd.log)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "dockerd ready: server $(docker version --format '{{.Server.Version}}')"
}

# ---------------------------------------------------------------------------------------------
# registry
# ---------------------------------------------------------------------------------------------

# HTTP status of GET /v2/ on the registry, or 000 when nothing answers. Plain bash (/dev/tcp):
# no curl needed on a fresh machine.
registry_status() {
  local host=${REGISTRY_HOST%:*} port=${REGISTRY_HOST##*:} line
  # shellcheck disable=SC2016 # the inner script expands its own positional arguments
  line=$(timeout 5 bash -c '
      exec 3<>"/dev/tcp/$1/$2" || exit 1
      printf "GET /v2/ HTTP/1.0\r\nHost: %s:%s\r\n\r\n" "$1" "$2" >&3
      head -n 1 <&3' _ "$host" "$port" 2>/dev/null) || true
  if [[ $line =~ ^HTTP/[0-9.]+\ ([0-9]{3}) ]]; then
    printf '%s\n' "${BASH_REMATCH[1]}"
  else
    printf '000\n'
  fi
}

write_registry_config() {
  mkdir -p "$STATE_DIR/registry-data"
  htpasswd -Bbn "$REGISTRY_USER" "$REGISTRY_PASSWORD" >"$STATE_DIR/htpasswd"
  cat >"$STATE_DIR/registry.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $STATE_DIR/registry-data
  delete:
    enabled: true
http:
  addr: $REGISTRY_HOST
auth:
  htpasswd:
    realm: launch-action-test
    path: $STATE_DIR/htpasswd
EOF
}

start_registry() {
  local status
  status=$(registry_status)
  if [[ $status == 401 ]]; then
    log "registry already answers on $REGISTRY_HOST"
    return
  fi
  [[ $status == 000 ]] ||
    die "something else answers on $REGISTRY_HOST (GET /v2/ gave $status, expected 401): stop it first"
  mkdir -p "$STATE_DIR"
  if ! pid_alive "$STATE_DIR/registry.pid" docker-registry; then
    write_registry_config
    log "starting docker-registry on $REGISTRY_HOST (log: $STATE_DIR/registry.log)"
    setsid docker-registry serve "$STATE_DIR/registry.yml" \
      </dev/null >>"$STATE_DIR/registry.log" 2>&1 &
    echo $! >"$STATE_DIR/registry.pid"
  fi
  local waited=0
  until [[ $(registry_status) == 401 ]]; do
    if ! pid_alive "$STATE_DIR/registry.pid" docker-registry; then
      tail -n 30 "$STATE_DIR/registry.log" >&2 || true
      die "docker-registry exited during startup (log above, full log: $STATE_DIR/registry.log)"
    fi
    if ((waited >= REGISTRY_READY_TIMEOUT * 5)); then
      tail -n 30 "$STATE_DIR/registry.log" >&2 || true
      die "registry did not answer 401 on http://$REGISTRY_HOST/v2/ within ${REGISTRY_READY_TIMEOUT}s"
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  log "registry ready on $REGISTRY_HOST (user $REGISTRY_USER)"
}

# ---------------------------------------------------------------------------------------------
# base images
# ---------------------------------------------------------------------------------------------

image_present() {
  docker image inspect "$1" >/dev/null 2>&1
}

# The label this script puts on its base images: an image of the same name made some other way
# (say, by hand without python3-venv) is replaced instead of silently used.
BASE_LABEL='org.launch-action.test-base'

base_image_current() {
  local image=$1 name=$2
  [[ $(docker image inspect --format "{{index .Config.Labels \"$BASE_LABEL\"}}" "$image" 2>/dev/null) == "$name" ]]
}

# Base images: image|name|packages for debootstrap --include (name: tarball and label value).
BASE_IMAGES=(
  "$PYTHON_BASE_IMAGE|python-3.11-bookworm|python3,python3-pip,python3-venv,ca-certificates"
  "$NOPYTHON_BASE_IMAGE|debian-nopython-bookworm|ca-certificates"
)

rootfs_tarball() {
  printf '%s/rootfs-%s.tar\n' "$STATE_DIR" "$1"
}

# debootstraps a minbase rootfs and tars it into the state dir (the cache between runs).
make_rootfs_tarball() {
  local name=$1 include=$2 mirror rootfs tarball logfile
  tarball=$(rootfs_tarball "$name")
  logfile="$STATE_DIR/debootstrap-$name.log"
  mirror=$(debian_mirror)
  rootfs=$(mktemp -d "$STATE_DIR/rootfs-$name.XXXXXX")
  log "debootstrap $name (minbase + $include) from $mirror (log: $logfile)"
  local start=$SECONDS
  if ! as_root debootstrap --variant=minbase --include="$include" bookworm "$rootfs" "$mirror" \
    </dev/null >"$logfile" 2>&1; then
    tail -n 30 "$logfile" >&2 || true
    as_root rm -rf "$rootfs"
    die "debootstrap of $name failed (log: $logfile)"
  fi
  # What a published base image leaves out: downloaded .debs and package lists.
  as_root rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/log/bootstrap.log
  as_root tar --numeric-owner -C "$rootfs" -cf "$tarball.partial" .
  mv "$tarball.partial" "$tarball"
  as_root rm -rf "$rootfs"
  log "rootfs $name: $((SECONDS - start))s, $(du -h "$tarball" | cut -f1)"
}

# Makes the missing rootfs tarballs, in parallel (debootstrap mostly waits on downloads and dpkg).
# Arguments: name|include pairs.
make_rootfs_tarballs() {
  local spec name include pids=() failed=0 pid
  for spec in "$@"; do
    IFS='|' read -r name include <<<"$spec"
    if [[ -s $(rootfs_tarball "$name") ]]; then
      log "using cached rootfs $(rootfs_tarball "$name")"
      continue
    fi
    make_rootfs_tarball "$name" "$include" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || failed=1
  done
  ((failed == 0)) || die 'making a base image rootfs failed (see above)'
}

import_base_image() {
  local image=$1 name=$2 include=$3
  timed "docker import $image" docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    --change "LABEL $BASE_LABEL=$name" \
    --message "debootstrap minbase bookworm + $include" \
    "$(rootfs_tarball "$name")" "$image" >/dev/null
  log "base image ready: $image ($(docker image inspect --format '{{.Size}}' "$image") bytes)"
}

# Imports each base image not already made by this script, from cached or new rootfs tarballs.
build_base_images() {
  local spec image name include pending=()
  for spec in "${BASE_IMAGES[@]}"; do
    IFS='|' read -r image name include <<<"$spec"
    if base_image_current "$image" "$name"; then
      log "base image present: $image"
    else
      if image_present "$image"; then
        log "$image exists but was not made by this script (no $BASE_LABEL=$name label): replacing it"
      fi
      pending+=("$spec")
    fi
  done
  [[ ${#pending[@]} -gt 0 ]] || return 0
  local rootfs_specs=()
  for spec in "${pending[@]}"; do rootfs_specs+=("${spec#*|}"); done
  timed 'rootfs tarballs' make_rootfs_tarballs "${rootfs_specs[@]}"
  for spec in "${pending[@]}"; do
    IFS='|' read -r image name include <<<"$spec"
    import_base_image "$image" "$name" "$include"
  done
}

# Only the cached rootfs tarballs (no docker needed): warms the cache.
cmd_rootfs() {
  mkdir -p "$STATE_DIR"
  local spec rootfs_specs=()
  for spec in "${BASE_IMAGES[@]}"; do rootfs_specs+=("${spec#*|}"); done
  timed 'rootfs tarballs' make_rootfs_tarballs "${rootfs_specs[@]}"
}

# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------

cmd_up() {
  local start=$SECONDS
  mkdir -p "$STATE_DIR"
  cmd_install
  timed 'dockerd' start_dockerd
  timed 'registry' start_registry
  timed 'base images' build_base_images
  log "up in $((SECONDS - start))s; state in $STATE_DIR"
}

stop_pid_file() {
  local name=$1 file=$2 waited=0 pid
  if ! pid_alive "$file" "$name"; then
    log "$name: not started by this script (no live pid in $file)"
    rm -f "$file"
    return
  fi
  pid=$(<"$file")
  log "stopping $name (pid $pid)"
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 150)); then
      log "$name did not stop within 30s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  rm -f "$file"
}

cmd_down() {
  stop_pid_file docker-registry "$STATE_DIR/registry.pid"
  stop_pid_file dockerd "$STATE_DIR/dockerd.pid"
}

cmd_env() {
  cat <<EOF
export LAUNCH_TEST_REGISTRY='$REGISTRY_HOST'
export LAUNCH_TEST_REGISTRY_USER='$REGISTRY_USER'
export LAUNCH_TEST_REGISTRY_PASSWORD='$REGISTRY_PASSWORD'
export LAUNCH_TEST_PYTHON_BASE_IMAGE='$PYTHON_BASE_IMAGE'
export LAUNCH_TEST_NOPYTHON_BASE_IMAGE='$NOPYTHON_BASE_IMAGE'
export LAUNCH_TEST_STATE_DIR='$STATE_DIR'
EOF
}

cmd_status() {
  local ok=0
  if docker_answers; then log 'dockerd: up'; else log 'dockerd: down' && ok=1; fi
  if [[ $(registry_status) == 401 ]]; then log "registry: up on $REGISTRY_HOST"; else log 'registry: down' && ok=1; fi
  if buildx_works; then log "buildx: $(docker buildx version)"; else log 'buildx: missing' && ok=1; fi
  local image
  for image in "$PYTHON_BASE_IMAGE" "$NOPYTHON_BASE_IMAGE"; do
    if image_present "$image"; then log "image $image: present"; else log "image $image: missing" && ok=1; fi
  done
  return "$ok"
}

# Last lines of the service logs, for CI failure output.
cmd_logs() {
  local file
  for file in "$STATE_DIR/dockerd.log" "$STATE_DIR/registry.log"; do
    if [[ -f $file ]]; then
      printf -- '----- tail of %s -----\n' "$file"
      # Registry lines carry every request field; the first 400 characters say what happened.
      tail -n "${1:-60}" "$file" | cut -c 1-400
    fi
  done
}

main() {
  local command=${1:-}
  shift || true
  case $command in
    install) cmd_install ;;
    rootfs) cmd_rootfs ;;
    up) cmd_up ;;
    down) cmd_down ;;
    env) cmd_env ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    *)
      printf 'usage: %s install|up|down|env|status|logs [lines]|rootfs\n' "$0" >&2
      exit 2
      ;;
  esac
}

main "$@"
