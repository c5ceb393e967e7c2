#!/usr/bin/env bash
# Turns a freshly flashed Raspberry Pi OS Lite (Debian 13 "trixie"; Debian 12 "bookworm" with a
# Node 20.19+ you installed) into a kpi-signage box: packages, a service user in group video, the
# app under /opt/kpi-signage, a device token, /etc/kpi-signage/config.yaml, console blanking off,
# and the systemd unit enabled and started.
#
# Idempotent: every step checks first and only acts on a difference, so running it again (for
# example after `git pull`, to update the app) changes only what changed, and a run with nothing
# to do says so. Run it from a checkout of the repository:  sudo deploy/pi-setup.sh
set -euo pipefail

# ----------------------------------------------------------------------------- settings
readonly APP_DIR=/opt/kpi-signage
readonly CONF_DIR=/etc/kpi-signage
readonly CONFIG_FILE=$CONF_DIR/config.yaml
readonly TOKEN_FILE=$CONF_DIR/token
readonly STATE_ROOT=/var/lib/kpi-signage          # the unit's StateDirectory=kpi-signage
readonly SERVICE_USER=kpi-signage
readonly SERVICE_GROUP=kpi-signage
readonly DEVICE_GROUP=video                       # /dev/fb0 is root:video 0660
readonly UNIT_NAME=kpi-signage.service
readonly UNIT_FILE=/etc/systemd/system/$UNIT_NAME
readonly UNIT_LINK=/etc/systemd/system/multi-user.target.wants/$UNIT_NAME
readonly STAMP_FILE=.kpi-signage-install          # in APP_DIR: fingerprint of what was built
readonly NODE_MIN_MAJOR=20
readonly NODE_MIN_MINOR=19
readonly TOKEN_BYTES=32                           # 256 bits, written as 64 hex digits
readonly LOG_FILE=/var/log/kpi-signage-setup.log  # apt and npm output: long, and only needed on failure
readonly LOG_TAIL_LINES=40                        # lines of it shown when a step fails
readonly KERNEL_PARAMS=(consoleblank=0 vt.global_cursor_default=0)
readonly BUILD_PACKAGES=(
  build-essential python3 pkg-config
  libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev
  fonts-dejavu-core ca-certificates systemd
)

# ----------------------------------------------------------------------------- options
dry_run=0
start_service=1
rotate_token=0
skip_node_install=${KPI_SIGNAGE_SKIP_NODE_INSTALL:-0}
source_dir=""
listen=0.0.0.0:8080
listen_given=0
output=fb:/dev/fb0
output_given=0
connect=""
admin_user=${SUDO_USER:-}

usage() {
  cat <<EOF
Usage: sudo $0 [options]

Sets up this Raspberry Pi (Raspberry Pi OS Lite / Debian 13 or 12) as a kpi-signage screen.
Safe to run again: it changes only what differs, and says when there is nothing to do.

Options:
  --dry-run, -n        say what would change, change nothing
  --source DIR         the kpi-signage checkout to install (default: the one holding this script)
  --listen HOST:PORT   where the daemon listens for pushes (default $listen)
  --output SINK        where frames go: fb:/dev/fb0 or png:FILE (default $output)
  --connect URL        dial out to a central server, e.g. wss://central.example.com/v1/devices
  --admin-user NAME    a login user allowed to copy layouts and data without sudo
                       (added to group $SERVICE_GROUP; default: \$SUDO_USER)
  --skip-node-install  use the node and npm on PATH (must be >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR) instead of apt's
                       (also: KPI_SIGNAGE_SKIP_NODE_INSTALL=1)
  --no-start           install and enable the service, but do not start or restart it
  --rotate-token       replace the device token (the old one stops working) and restart
  --help, -h           this text

--listen, --output and --connect only shape a new $CONFIG_FILE; an existing one (with your
edits) is kept as it is.

What it does: apt packages (Node.js from apt on Debian 13; the node-canvas build libraries;
fonts-dejavu-core), a system user $SERVICE_USER in group $DEVICE_GROUP, the app built and installed
under $APP_DIR, a token in $TOKEN_FILE (mode 0400, never replaced unless asked),
$CONFIG_FILE, consoleblank=0 vt.global_cursor_default=0 on the kernel command line,
and $UNIT_NAME enabled and started. See docs/DEPLOY.md.
EOF
}

die() {
  printf 'pi-setup: error: %s\n' "$*" >&2
  exit 1
}

while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    -n | --dry-run) dry_run=1 ;;
    --source) source_dir=${2:?--source needs a directory}; shift ;;
    --source=*) source_dir=${1#*=} ;;
    --listen) listen=${2:?--listen needs HOST:PORT}; listen_given=1; shift ;;
    --listen=*) listen=${1#*=}; listen_given=1 ;;
    --output) output=${2:?--output needs a sink}; output_given=1; shift ;;
    --output=*) output=${1#*=}; output_given=1 ;;
    --connect) connect=${2:?--connect needs a URL}; shift ;;
    --connect=*) connect=${1#*=} ;;
    --admin-user) admin_user=${2:?--admin-user needs a user name}; shift ;;
    --admin-user=*) admin_user=${1#*=} ;;
    --skip-node-install) skip_node_install=1 ;;
    --no-start) start_service=0 ;;
    --rotate-token) rotate_token=1 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

[[ "$listen" =~ ^[^[:space:]]+:[0-9]+$ ]] || die "--listen '$listen' is not HOST:PORT (e.g. 0.0.0.0:8080)"
[[ "$output" =~ ^(fb|png): ]] || die "--output '$output' is neither fb:DEVICE nor png:FILE"
[[ -z "$connect" || "$connect" =~ ^wss?:// ]] || die "--connect '$connect' must start with ws:// or wss://"

if [[ -z "$source_dir" ]]; then
  source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fi
[[ -f "$source_dir/package.json" && -f "$source_dir/package-lock.json" ]] ||
  die "$source_dir is not a kpi-signage checkout (no package.json/package-lock.json): pass --source DIR"

# ----------------------------------------------------------------------------- reporting
changes=0
reboot_needed=0
restart_needed=0

say() { printf 'pi-setup: %s\n' "$*"; }
ok() { say "ok      $*"; }

# Announces one change. Returns 1 in --dry-run, so `if act "…"; then do-it; fi` skips the doing.
act() {
  changes=$((changes + 1))
  if ((dry_run)); then
    say "would   $*"
    return 1
  fi
  say "change  $*"
  return 0
}

if ((EUID != 0)) && ! ((dry_run)); then
  die "run it as root: sudo $0 $*"
fi

systemd_running() { [[ -d /run/systemd/system ]]; }

# Runs a noisy command with its output appended to $LOG_FILE; on failure shows the end of it.
logged() {
  local what=$1
  shift
  printf '\n==== %s: %s\n' "$(date -Is)" "$*" >>"$LOG_FILE"
  if ! "$@" </dev/null >>"$LOG_FILE" 2>&1; then
    tail -n "$LOG_TAIL_LINES" "$LOG_FILE" >&2
    die "$what failed (the whole output is in $LOG_FILE)"
  fi
}

# ----------------------------------------------------------------------------- Node.js
node_is_new_enough() {
  command -v node >/dev/null 2>&1 &&
    node -e "const [a, b] = process.versions.node.split('.').map(Number);
             process.exit(a > $NODE_MIN_MAJOR || (a === $NODE_MIN_MAJOR && b >= $NODE_MIN_MINOR) ? 0 : 1)" 2>/dev/null
}

explain_node() {
  local offered=$1
  cat >&2 <<EOF
pi-setup: Node.js $NODE_MIN_MAJOR.$NODE_MIN_MINOR or newer is needed; ${offered}.
  Debian 12 "bookworm" (Raspberry Pi OS 12) ships Node 18. Either:
  - flash Raspberry Pi OS 13 "trixie" Lite instead (its apt has Node 20.19): recommended; or
  - install Node 20.19+ yourself (with npm), then run this script again: it uses that node
      NodeSource:  curl -fsSL https://deb.nodesource.com/setup_22.x | sudo bash - && sudo apt-get install -y nodejs
      nodejs.org:  download node-v22.*-linux-arm64.tar.xz (armv7l for 32-bit OS), then
                   sudo tar -C /usr/local --strip-components=1 -xJf node-v22.*-linux-arm64.tar.xz
    (the service finds node on /usr/local/bin or /usr/bin: keep it there, not in a home directory)
EOF
}

packages_missing() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || printf '%s\n' "$p"
  done
}

apt_updated=0
apt_update_once() {
  ((apt_updated)) && return 0
  logged "apt-get update" apt-get update -q
  apt_updated=1
}

step_packages() {
  local wanted=("${BUILD_PACKAGES[@]}") missing
  if ((skip_node_install)); then
    node_is_new_enough || { explain_node "the node on PATH is $(node --version 2>/dev/null || echo missing)"; exit 3; }
    command -v npm >/dev/null 2>&1 || die "--skip-node-install: no npm on PATH (it comes with Node from NodeSource or nodejs.org)"
  elif ! node_is_new_enough || ! command -v npm >/dev/null 2>&1; then
    local candidate
    candidate="$(apt-cache policy nodejs 2>/dev/null | awk '/Candidate:/ { print $2 }')"
    if [[ -z "$candidate" || "$candidate" == "(none)" ]] && ! ((dry_run)); then
      apt_update_once
      candidate="$(apt-cache policy nodejs 2>/dev/null | awk '/Candidate:/ { print $2 }')"
    fi
    if [[ -z "$candidate" || "$candidate" == "(none)" ]] && ((dry_run)); then
      say "note    apt has no package lists yet: assuming it offers Node $NODE_MIN_MAJOR.$NODE_MIN_MINOR+ (Debian 13)"
    elif [[ -z "$candidate" || "$candidate" == "(none)" ]] ||
      ! dpkg --compare-versions "$candidate" ge "$NODE_MIN_MAJOR.$NODE_MIN_MINOR"; then
      explain_node "apt offers nodejs ${candidate:-nothing} and the node on PATH is $(node --version 2>/dev/null || echo missing)"
      exit 3
    fi
    # Debian splits Node: the headers (libnode-dev) let node-gyp build canvas and better-sqlite3
    # without downloading them.
    wanted+=(nodejs npm libnode-dev)
  fi

  mapfile -t missing < <(packages_missing "${wanted[@]}")
  # An installed but too old nodejs (e.g. left from Debian 12) is upgraded, not taken as done.
  if ! ((skip_node_install)) && ! node_is_new_enough && ! printf '%s\n' "${missing[@]}" | grep -qx nodejs; then
    missing+=(nodejs)
  fi
  if ((${#missing[@]} == 0)); then
    ok "packages: ${#wanted[@]} installed ($(node --version 2>/dev/null || echo 'node missing'))"
    return 0
  fi
  if act "packages: apt-get install ${missing[*]}"; then
    apt_update_once
    logged "apt-get install" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends "${missing[@]}"
    node_is_new_enough || die "node $(node --version 2>/dev/null || echo missing) after the install: need >= $NODE_MIN_MAJOR.$NODE_MIN_MINOR"
  fi
}

# ----------------------------------------------------------------------------- user and directories
step_user() {
  if ! getent group "$DEVICE_GROUP" >/dev/null; then
    if act "group $DEVICE_GROUP: create (it owns /dev/fb0 on Raspberry Pi OS)"; then
      groupadd --system "$DEVICE_GROUP"
    fi
  fi
  if getent passwd "$SERVICE_USER" >/dev/null; then
    ok "user $SERVICE_USER exists"
  elif act "user $SERVICE_USER: create (system user, no login, home $STATE_ROOT)"; then
    useradd --system --user-group --home-dir "$STATE_ROOT" --no-create-home \
      --shell /usr/sbin/nologin --comment "kpi-signage daemon" "$SERVICE_USER"
  fi
  if id -nG "$SERVICE_USER" 2>/dev/null | tr ' ' '\n' | grep -qx "$DEVICE_GROUP"; then
    ok "user $SERVICE_USER is in group $DEVICE_GROUP"
  elif act "user $SERVICE_USER: add to group $DEVICE_GROUP (framebuffer access)"; then
    usermod -a -G "$DEVICE_GROUP" "$SERVICE_USER"
  fi
  if [[ -n "$admin_user" && "$admin_user" != root ]]; then
    if ! getent passwd "$admin_user" >/dev/null; then
      say "note    --admin-user $admin_user does not exist here: skipped"
    elif id -nG "$admin_user" | tr ' ' '\n' | grep -qx "$SERVICE_GROUP"; then
      ok "user $admin_user is in group $SERVICE_GROUP (may copy layouts and data)"
    elif act "user $admin_user: add to group $SERVICE_GROUP (copy layouts without sudo; log in again)"; then
      usermod -a -G "$SERVICE_GROUP" "$admin_user"
    fi
  fi
}

# Creates DIR with OWNER:GROUP and MODE, or fixes them; reports only a difference.
ensure_dir() {
  local dir=$1 owner=$2 group=$3 mode=$4 have
  if [[ ! -d "$dir" ]]; then
    if act "directory $dir: create ($owner:$group $mode)"; then
      install -d -o "$owner" -g "$group" -m "$mode" "$dir"
    fi
    return 0
  fi
  have="$(stat -c '%U:%G %a' "$dir")"
  if [[ "$have" == "$owner:$group ${mode#0}" ]]; then
    ok "directory $dir ($have)"
  elif act "directory $dir: $have -> $owner:$group $mode"; then
    chown "$owner:$group" "$dir"
    chmod "$mode" "$dir"
  fi
}

step_directories() {
  ensure_dir "$CONF_DIR" root root 0755
  ensure_dir "$STATE_ROOT" "$SERVICE_USER" "$SERVICE_GROUP" 0755
  # setgid + group-writable: files copied in by the admin user stay readable for the service.
  ensure_dir "$STATE_ROOT/layouts" "$SERVICE_USER" "$SERVICE_GROUP" 2775
  ensure_dir "$STATE_ROOT/data" "$SERVICE_USER" "$SERVICE_GROUP" 2775
  ensure_dir "$STATE_ROOT/state" "$SERVICE_USER" "$SERVICE_GROUP" 0750
}

# ----------------------------------------------------------------------------- token and config
new_token() {
  od -An -N"$TOKEN_BYTES" -tx1 /dev/urandom | tr -d ' \n'
}

step_token() {
  local have
  if [[ -f "$TOKEN_FILE" ]] && ! ((rotate_token)); then
    have="$(stat -c '%U:%G %a' "$TOKEN_FILE")"
    if [[ ! -s "$TOKEN_FILE" ]]; then
      die "$TOKEN_FILE is empty: delete it or run with --rotate-token to write a new one"
    elif [[ "$have" == "$SERVICE_USER:$SERVICE_GROUP 400" ]]; then
      ok "token $TOKEN_FILE ($have, kept)"
    elif act "token $TOKEN_FILE: $have -> $SERVICE_USER:$SERVICE_GROUP 400 (kept its value)"; then
      chown "$SERVICE_USER:$SERVICE_GROUP" "$TOKEN_FILE"
      chmod 0400 "$TOKEN_FILE"
      restart_needed=1
    fi
    return 0
  fi
  local what="write a new device token"
  ((rotate_token)) && [[ -f "$TOKEN_FILE" ]] && what="replace the device token (the old one stops working)"
  if act "token $TOKEN_FILE: $what"; then
    local tmp
    tmp="$(mktemp "$CONF_DIR/.token.XXXXXX")"
    { new_token; echo; } >"$tmp"
    chown "$SERVICE_USER:$SERVICE_GROUP" "$tmp"
    chmod 0400 "$tmp"
    mv -f "$tmp" "$TOKEN_FILE"
    restart_needed=1
  fi
}

config_text() {
  cat <<EOF
# kpi-signage daemon settings: \`kpi-signage run --config $CONFIG_FILE\`.
# Written once by deploy/pi-setup.sh, which keeps your edits on later runs.
# After an edit: sudo systemctl restart kpi-signage
layouts: $STATE_ROOT/layouts     # one YAML/JSON file per page; pushed layouts are saved here too
data: $STATE_ROOT/data           # CSV/JSON data files, watched
state: $STATE_ROOT/state         # the durable store of pushed points
output: $output                # fb:/dev/fb0 (the screen) or png:FILE
listen: $listen              # HTTP + WebSocket pushes; 127.0.0.1:PORT keeps it local
token-file: $TOKEN_FILE  # the bearer token pushes must carry
EOF
  if [[ -n "$connect" ]]; then
    printf 'connect: %s   # dial out to this central server (devices behind NAT)\n' "$connect"
  else
    printf '# connect: wss://central.example.com/v1/devices   # dial out to a central server\n'
  fi
}

step_config() {
  if [[ -f "$CONFIG_FILE" ]]; then
    ok "config $CONFIG_FILE (exists: kept as it is)"
    local key value given
    for key in listen output connect; do
      case $key in
        listen) value=$listen; given=$listen_given ;;
        output) value=$output; given=$output_given ;;
        connect) value=$connect; given=$([[ -n "$connect" ]] && echo 1 || echo 0) ;;
      esac
      if ((given)) && ! grep -Eq "^${key}:[[:space:]]*${value//./\\.}([[:space:]]|$)" "$CONFIG_FILE"; then
        say "note    --$key $value not applied: edit '$key:' in $CONFIG_FILE, then restart the service"
      fi
    done
    return 0
  fi
  if act "config $CONFIG_FILE: write (listen $listen, output $output${connect:+, connect $connect})"; then
    local tmp
    tmp="$(mktemp "$CONF_DIR/.config.XXXXXX")"
    config_text >"$tmp"
    chmod 0644 "$tmp"
    mv -f "$tmp" "$CONFIG_FILE"
    restart_needed=1
  fi
}

# ----------------------------------------------------------------------------- the app
# What is copied from the checkout to build: the package's "files" plus the build inputs.
app_entries() {
  (cd "$source_dir" && node -e '
    const fs = require("fs");
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
    const wanted = new Set(["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json",
                            "src", "scripts", "README.md", "LICENSE", ...(pkg.files ?? [])]);
    for (const entry of wanted) if (entry !== "dist" && fs.existsSync(entry)) console.log(entry);')
}

# A fingerprint of the sources and the Node that builds them (a new Node ABI needs a rebuild).
source_fingerprint() {
  local -a entries
  mapfile -t entries < <(app_entries)
  {
    node -p 'process.version + " " + process.versions.modules + " " + process.arch'
    (cd "$source_dir" && find "${entries[@]}" -type f ! -path '*/node_modules/*' -print0 |
      LC_ALL=C sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -d' ' -f1
}

build_dir=""
cleanup() {
  if [[ -n "$build_dir" && -d "$build_dir" ]]; then rm -rf "$build_dir"; fi
  rm -rf "$APP_DIR.old"
}
trap cleanup EXIT

step_app() {
  if ! command -v node >/dev/null 2>&1; then
    act "app $APP_DIR: build and install (after Node is installed)" || true
    return 0
  fi
  local fingerprint installed=""
  fingerprint="$(source_fingerprint)"
  [[ -f "$APP_DIR/$STAMP_FILE" ]] && installed="$(cat "$APP_DIR/$STAMP_FILE")"
  if [[ "$fingerprint" == "$installed" && -f "$APP_DIR/dist/cli.js" ]]; then
    ok "app $APP_DIR (up to date with $source_dir)"
    return 0
  fi
  act "app $APP_DIR: build from $source_dir (npm ci, tsc, npm prune --omit=dev) and install" || return 0

  # Built beside the install, then swapped in: a failed build leaves the running app untouched.
  # One `npm ci` with dev dependencies compiles TypeScript (the prepare script) and the native
  # modules; `npm prune --omit=dev` then drops the dev tools without compiling canvas again.
  local -a entries
  mapfile -t entries < <(app_entries)
  build_dir="$(mktemp -d "$APP_DIR.build.XXXXXX")"
  tar -C "$source_dir" --exclude=node_modules -cf - "${entries[@]}" |
    tar -C "$build_dir" --no-same-owner -xf -
  local nodedir=()
  [[ -f /usr/include/node/node.h ]] && nodedir=(--nodedir=/usr)
  (
    cd "$build_dir"
    logged "npm ci" npm ci --no-audit --no-fund --progress=false --foreground-scripts "${nodedir[@]}"
    [[ -f dist/cli.js ]] || die "the build produced no dist/cli.js: see $LOG_FILE"
    logged "npm prune" npm prune --omit=dev --no-audit --no-fund --progress=false
    logged "loading canvas and better-sqlite3" node -e 'require("canvas"); require("better-sqlite3")'
  )
  printf '%s\n' "$fingerprint" >"$build_dir/$STAMP_FILE"
  chown -R root:root "$build_dir"
  chmod -R u=rwX,go=rX "$build_dir"
  if [[ -d "$APP_DIR" ]]; then mv "$APP_DIR" "$APP_DIR.old"; fi
  mv "$build_dir" "$APP_DIR"
  build_dir=""
  rm -rf "$APP_DIR.old"
  restart_needed=1
}

# ----------------------------------------------------------------------------- kernel command line
cmdline_file() {
  local f
  for f in /boot/firmware/cmdline.txt /boot/cmdline.txt; do
    if [[ -f "$f" ]]; then
      printf '%s\n' "$f"
      return 0
    fi
  done
  return 1
}

step_cmdline() {
  local file
  if ! file="$(cmdline_file)"; then
    say "note    no /boot/firmware/cmdline.txt or /boot/cmdline.txt (not a Raspberry Pi?): console blanking left as is"
    return 0
  fi
  local -a words
  # The firmware reads one line: join any stray lines while we are at it.
  read -r -a words <<<"$(tr '\n' ' ' <"$file")"
  local param key i found missing=()
  for param in "${KERNEL_PARAMS[@]}"; do
    key=${param%%=*}
    found=0
    for i in "${!words[@]}"; do
      if [[ "${words[$i]%%=*}" == "$key" ]]; then
        if ((found)); then
          unset 'words[i]'
          missing+=("$param")
        else
          found=1
          [[ "${words[$i]}" == "$param" ]] || { words[i]=$param; missing+=("$param"); }
        fi
      fi
    done
    ((found)) || { words+=("$param"); missing+=("$param"); }
  done
  if ((${#missing[@]} == 0)); then
    ok "kernel command line $file has ${KERNEL_PARAMS[*]}"
    return 0
  fi
  if act "kernel command line $file: set ${missing[*]} (no console blanking, no cursor; after a reboot)"; then
    [[ -f "$file.kpi-signage.bak" ]] || cp -p "$file" "$file.kpi-signage.bak"
    local tmp
    tmp="$(mktemp "$file.XXXXXX")"
    printf '%s\n' "${words[*]}" >"$tmp"
    chmod --reference="$file" "$tmp" 2>/dev/null || chmod 0755 "$tmp"
    mv -f "$tmp" "$file"
    reboot_needed=1
  fi
}

# ----------------------------------------------------------------------------- systemd unit
step_unit() {
  local unit_source="$source_dir/deploy/systemd/$UNIT_NAME"
  [[ -f "$unit_source" ]] || die "$unit_source is missing from the checkout"
  if [[ -f "$UNIT_FILE" ]] && cmp -s "$unit_source" "$UNIT_FILE"; then
    ok "unit $UNIT_FILE (up to date)"
  elif act "unit $UNIT_FILE: install from $unit_source"; then
    install -m 0644 -o root -g root "$unit_source" "$UNIT_FILE"
    if systemd_running; then systemctl daemon-reload; fi
    restart_needed=1
  fi
  if [[ -L "$UNIT_LINK" ]]; then
    ok "unit $UNIT_NAME enabled (starts at boot)"
  elif act "unit $UNIT_NAME: enable (start at boot)"; then
    systemctl enable --quiet "$UNIT_NAME"
  fi
}

step_service() {
  if ! systemd_running; then
    say "note    systemd is not running here (a chroot or an image build): $UNIT_NAME starts at the next boot"
    return 0
  fi
  if ! ((start_service)); then
    say "note    --no-start: $UNIT_NAME not started or restarted"
    return 0
  fi
  if ! systemctl is-active --quiet "$UNIT_NAME"; then
    if act "service $UNIT_NAME: start"; then
      systemctl reset-failed "$UNIT_NAME" 2>/dev/null || true
      systemctl start "$UNIT_NAME" ||
        die "$UNIT_NAME did not start: see 'journalctl -u $UNIT_NAME -n 50' and docs/DEPLOY.md (black screen)"
    fi
  elif ((restart_needed)); then
    if act "service $UNIT_NAME: restart (new app, unit, config or token)"; then
      systemctl restart "$UNIT_NAME" ||
        die "$UNIT_NAME did not restart: see 'journalctl -u $UNIT_NAME -n 50'"
    fi
  else
    ok "service $UNIT_NAME running"
  fi
}

# ----------------------------------------------------------------------------- how to reach it
config_value() {
  local key=$1
  [[ -r "$CONFIG_FILE" ]] || return 0
  sed -nE "s/^${key}:[[:space:]]*([^[:space:]#]+).*/\1/p" "$CONFIG_FILE" | head -n1
}

print_summary() {
  local listen_now port host address
  listen_now="$(config_value listen)"
  listen_now=${listen_now:-$listen}
  port=${listen_now##*:}
  host=${listen_now%:*}
  address="$(hostname -I 2>/dev/null | awk '{ print $1 }')"
  if [[ "$host" == 127.0.0.1 || "$host" == localhost || "$host" == "[::1]" ]]; then
    address=$host
  fi
  address=${address:-$(hostname 2>/dev/null || echo raspberrypi).local}
  cat <<EOF

kpi-signage on this device:
  screen preview   http://$address:$port/          health: curl http://$address:$port/v1/health
  push endpoint    ws://$address:$port/v1/ws, POST http://$address:$port/v1/points
  device token     sudo cat $TOKEN_FILE     (send as: Authorization: Bearer <token>)
  layouts          scp my-page.yaml ${admin_user:-pi}@$address:$STATE_ROOT/layouts/
  data files       rsync -av data/ ${admin_user:-pi}@$address:$STATE_ROOT/data/
  settings         $CONFIG_FILE, then: sudo systemctl restart kpi-signage
  logs             journalctl -u kpi-signage -f
EOF
  if ((reboot_needed)); then
    printf '  reboot           the console-blanking change takes effect after: sudo reboot\n'
  fi
  echo
  if ((changes == 0)); then
    say "nothing to do: already set up, no changes made"
  elif ((dry_run)); then
    say "dry run: $changes change(s) would be made, nothing was changed"
  else
    say "done: $changes change(s) made"
  fi
}

# ----------------------------------------------------------------------------- main
umask 022
((dry_run)) && say "dry run: checking only, nothing is changed"
say "installing from $source_dir"
step_packages
step_user
step_directories
step_token
step_config
step_app
step_cmdline
step_unit
step_service
print_summary
