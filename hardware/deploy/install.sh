#!/usr/bin/env bash
# Installs the liftwatch firmware on Raspberry Pi OS (Bookworm, 64-bit) as a systemd service.
# Safe to run again: it replaces the application, the unit and the journald drop-in, and
# never overwrites /etc/liftwatch/config.yaml. What it does and why: README.md beside it.
#
#   sudo hardware/deploy/install.sh            install from this checkout
#   hardware/deploy/install.sh --dry-run       print what it would do, change nothing
#   hardware/deploy/install.sh --root DIR      lay the files down under DIR only (tests,
#                                              image builds): no apt, systemctl, users, npm
set -euo pipefail

readonly NODE_MAJOR=20
# The official Node.js build used where Debian's nodejs is older than NODE_MAJOR (Bookworm
# ships 18); checked against the release's SHASUMS256.txt.
readonly NODE_TARBALL_VERSION=v20.20.2
readonly APP_PARTS=(bin cli firmware fleet hal platform protocols scripts simulator hardware package.json package-lock.json tsconfig.json)
readonly APT_PACKAGES=(gpiod i2c-tools build-essential python3 ca-certificates curl xz-utils)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
dry_run=false
root=""

fail_input() {
  echo "install.sh: $1" >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --root)
      [[ $# -ge 2 && -n "$2" && "$2" != --* ]] || fail_input "--root: expected a folder to install under"
      root=$(realpath -m "$2")
      shift
      ;;
    --help | -h)
      sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) fail_input "unknown option \"$1\" (expected --dry-run, --root DIR or --help)" ;;
  esac
  shift
done
[[ "$root" != "/" ]] || root=""

say() { echo "liftwatch install: $*"; }

# Every change goes through here, so --dry-run changes nothing.
run() {
  if $dry_run; then
    echo "  would run: $*"
  else
    "$@"
  fi
}

# A change to the running system (packages, users, services): never under --root.
system() {
  if [[ -n "$root" ]]; then
    echo "  skipped under --root: $*"
  else
    run "$@"
  fi
}

app="$root/opt/liftwatch"
etc="$root/etc/liftwatch"
state="$root/var/lib/liftwatch"
unit="$root/etc/systemd/system/liftwatch.service"
journald_dropin="$root/etc/systemd/journald.conf.d/liftwatch.conf"

[[ -f "$source_dir/package.json" && -f "$source_dir/bin/liftwatch.js" ]] || fail_input "$source_dir: not a liftwatch checkout (no package.json, bin/liftwatch.js)"
if [[ -z "$root" ]] && ! $dry_run && [[ $EUID -ne 0 ]]; then
  echo "install.sh: must run as root (sudo), or with --dry-run or --root DIR" >&2
  exit 1
fi

install_packages() {
  say "packages: ${APT_PACKAGES[*]} (gpiod: libgpiod tools; build tools: native addons)"
  system apt-get update
  system env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}"
}

node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

debian_node_major() {
  apt-cache policy nodejs 2>/dev/null | sed -nE 's/^ *Candidate: *([0-9]+:)?([0-9]+)\..*/\2/p'
}

install_node() {
  if [[ -n "$root" ]]; then
    say "node: $NODE_MAJOR or later"
    echo "  skipped under --root: Node.js $NODE_MAJOR"
    return
  fi
  local found
  found=$(node_major || true)
  if [[ -n "$found" && "$found" -ge $NODE_MAJOR ]]; then
    say "node: $(node --version) already installed"
    return
  fi
  local candidate
  candidate=$(debian_node_major || true)
  if [[ -n "$candidate" && "$candidate" -ge $NODE_MAJOR ]]; then
    say "node: Debian's nodejs $candidate"
    system env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
    return
  fi
  local arch
  case "$(dpkg --print-architecture)" in
    arm64) arch=arm64 ;;
    armhf) arch=armv7l ;;
    amd64) arch=x64 ;;
    *) echo "install.sh: no Node.js build for architecture $(dpkg --print-architecture)" >&2 && exit 1 ;;
  esac
  local name="node-$NODE_TARBALL_VERSION-linux-$arch"
  local url="https://nodejs.org/dist/$NODE_TARBALL_VERSION"
  say "node: Debian's nodejs is ${candidate:-absent}, older than $NODE_MAJOR: the official $name build into /opt/$name"
  local download=/tmp/liftwatch-node-download
  $dry_run || download=$(mktemp -d)
  run curl -fsSLo "$download/$name.tar.xz" "$url/$name.tar.xz"
  run curl -fsSLo "$download/SHASUMS256.txt" "$url/SHASUMS256.txt"
  run bash -c "cd '$download' && grep ' $name.tar.xz\$' SHASUMS256.txt | sha256sum --check --strict -"
  run tar -xJf "$download/$name.tar.xz" -C /opt
  for tool in node npm npx; do run ln -sfn "/opt/$name/bin/$tool" "/usr/local/bin/$tool"; done
  run rm -rf "$download"
}

create_user() {
  say "user: liftwatch (system user, groups i2c gpio dialout)"
  for group in i2c gpio dialout; do
    system groupadd --system --force "$group"
  done
  if [[ -z "$root" ]] && id -u liftwatch >/dev/null 2>&1; then
    echo "  user liftwatch exists"
  else
    system useradd --system --user-group --home-dir /var/lib/liftwatch --no-create-home --shell /usr/sbin/nologin liftwatch
  fi
  system usermod --append --groups i2c,gpio,dialout liftwatch
}

enable_i2c() {
  say "I2C: on (raspi-config); 400 kHz is set in config.txt by hand (hardware/boards/pi-sensor-hat.md)"
  if [[ -z "$root" ]] && ! command -v raspi-config >/dev/null; then
    echo "  raspi-config not found (not Raspberry Pi OS?): enable I2C yourself"
    return
  fi
  system raspi-config nonint do_i2c 0
}

copy_application() {
  # Staged beside the running application and swapped in only once its packages are installed
  # and its bundle built: a failed npm ci or build leaves the box running, and rebooting into,
  # the previous version whole (its sources, node_modules and bundle together).
  local staging="$app.new" previous="$app.old"
  say "application: $source_dir → $staging, then swapped in for $app"
  run rm -rf "$staging" "$previous"
  run install -d -m 0755 "$staging"
  local part
  for part in "${APP_PARTS[@]}"; do
    [[ -e "$source_dir/$part" ]] || fail_input "$source_dir/$part: missing from the checkout"
    run cp -R --preserve=mode,timestamps "$source_dir/$part" "$staging/$part"
  done
  system chown -R root:root "$staging"
  system env --chdir="$staging" npm ci --omit=dev --no-audit --no-fund
  # The box runs the firmware bundled (dist/liftwatch.mjs): no TypeScript loader, so it starts
  # in half the time and takes about 10 MB less. Built here, from the sources just copied.
  system env --chdir="$staging" npm run build
  if [[ -e "$app" ]]; then run mv -T "$app" "$previous"; fi
  run mv -T "$staging" "$app"
  run rm -rf "$previous"
  run install -d -m 0755 "$root/usr/local/bin"
  run ln -sfn /opt/liftwatch/dist/liftwatch.mjs "$root/usr/local/bin/liftwatch"
}

write_configuration() {
  run install -d -m 0750 "$etc"
  system chgrp liftwatch /etc/liftwatch
  if [[ -e "$etc/config.yaml" ]]; then
    say "configuration: $etc/config.yaml kept as it is"
    configuration_is_new=false
  else
    say "configuration: $etc/config.yaml written from config.example.yaml: edit it before starting"
    run install -m 0640 "$here/config.example.yaml" "$etc/config.yaml"
    system chgrp liftwatch /etc/liftwatch/config.yaml
    configuration_is_new=true
  fi
  run install -d -m 0750 "$state"
  system chown liftwatch:liftwatch /var/lib/liftwatch
}

install_service() {
  say "service: $unit; journald limits: $journald_dropin"
  run install -D -m 0644 "$here/liftwatch.service" "$unit"
  run install -D -m 0644 "$here/journald-liftwatch.conf" "$journald_dropin"
  system systemctl daemon-reload
  system systemctl restart systemd-journald
  system systemctl enable liftwatch.service
  if $configuration_is_new; then
    say "not started: edit /etc/liftwatch/config.yaml (device id, broker, certificates), then: systemctl start liftwatch"
  else
    system systemctl restart liftwatch.service
  fi
}

configuration_is_new=true
$dry_run && say "dry run: nothing is changed"
[[ -n "$root" ]] && say "installing under $root: no packages, users or services"
install_packages
install_node
create_user
enable_i2c
copy_application
write_configuration
install_service
say "done"
