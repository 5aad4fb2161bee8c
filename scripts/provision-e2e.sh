#!/usr/bin/env bash
# Provisions what the end-to-end test (test/e2e/run-e2e.mjs) needs to run the
# extension in a real VS Code on a machine that reaches only the npm registry
# and Debian's packages (the recipe is described step by step below):
#   - Debian packages libkrb5-dev, ripgrep, chromium (installed when run as root);
#   - code-server 4.100.3 (VS Code 1.100) from npm, with the install steps its
#     skipped postinstall would have done, in a cache folder outside git;
#   - playwright-core in the project's node_modules (a devDependency).
# Idempotent: a stamp file in the cache makes a second run instant.
#
# Environment:
#   MLE_E2E_CACHE   cache folder (default: $HOME/.cache/mle-studio-e2e)
#   MLE_E2E_FORCE=1 rebuild code-server even if the stamp is present
# Prints, as its last line, `CODE_SERVER=<path to the code-server launcher>`.
set -euo pipefail

CS_VERSION=4.100.3
RECIPE_REV=1 # bump when the steps below change, to invalidate old caches
APT_PACKAGES=(libkrb5-dev ripgrep chromium)

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${MLE_E2E_CACHE:-${HOME:-/root}/.cache/mle-studio-e2e}"
CS_DIR="$CACHE/code-server-$CS_VERSION"
STAMP="$CS_DIR/.provisioned"
LOG="$CACHE/provision.log"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
STAMP_CONTENT="code-server=$CS_VERSION recipe=$RECIPE_REV node=$(node -p 'process.versions.modules')"

T0=$SECONDS
say() { printf '[provision-e2e %4ss] %s\n' "$((SECONDS - T0))" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

mkdir -p "$CACHE"
: >"$LOG"

# Runs a command with its output appended to the log; on failure shows the tail.
run() {
  printf '\n$ (cd %s && %s)\n' "$PWD" "$*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    echo "---- last lines of $LOG ----" >&2
    tail -n 40 "$LOG" >&2
    die "command failed: $*"
  fi
}

# --- 1. Debian packages -------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    die "missing Debian packages: ${missing[*]} (run this script as root, or: sudo apt-get install -y ${missing[*]})"
  fi
  say "installing Debian packages: ${missing[*]} (apt-get update first; waits up to 15 min for the apt lock)"
  export DEBIAN_FRONTEND=noninteractive
  APT_OPTS=(-o DPkg::Lock::Timeout=900 -o Acquire::Retries=3)
  # apt-get update may meet another engineer's apt-get holding the lists lock.
  for attempt in 1 2 3 4 5 6; do
    printf '\n$ apt-get update (attempt %s)\n' "$attempt" >>"$LOG"
    if apt-get "${APT_OPTS[@]}" update >>"$LOG" 2>&1; then break; fi
    ((attempt < 6)) || { tail -n 20 "$LOG" >&2; die "apt-get update failed"; }
    say "apt-get update failed (attempt $attempt; lock busy?), retrying in 30 s"; sleep 30
  done
  run apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "${missing[@]}"
  say "Debian packages installed"
else
  say "Debian packages present: ${APT_PACKAGES[*]}"
fi
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium not found after install"
[[ -x /usr/bin/rg ]] || die "/usr/bin/rg not found after install"

# --- 2. playwright-core in the project -----------------------------------------
if (cd "$ROOT_DIR" && node -e "require.resolve('playwright-core')" >/dev/null 2>&1); then
  say "playwright-core present ($(cd "$ROOT_DIR" && node -p "require('playwright-core/package.json').version"))"
else
  say "playwright-core missing from node_modules: installing it (npm install --no-save)"
  want="$(cd "$ROOT_DIR" && node -p "(require('./package.json').devDependencies||{})['playwright-core']||'latest'")"
  (cd "$ROOT_DIR" && run npm install --no-save --no-audit --no-fund "playwright-core@$want")
fi

# --- 3. code-server ----------------------------------------------------------
# One provisioner at a time per cache (CI and a developer may start together).
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  say "another provisioning holds $CACHE/.lock, waiting for it"
  flock 9
fi

if [[ "${MLE_E2E_FORCE:-0}" != 1 && -f "$STAMP" && -f "$CS_BIN" ]] && grep -qxF "$STAMP_CONTENT" "$STAMP"; then
  say "code-server $CS_VERSION already provisioned in $CS_DIR"
  echo "CODE_SERVER=$CS_DIR/code-server"
  exit 0
fi

say "provisioning code-server $CS_VERSION in $CS_DIR (a few minutes; log: $LOG)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
printf '{ "name": "mle-studio-e2e-code-server", "private": true }\n' >package.json
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# node-pty's install script runs `npx node-gyp`: let npx fetch it from the
# registry without asking (there is no stdin in CI; the machine's npmrc says yes=false).
export npm_config_yes=true

say "step 2/8: npm install --ignore-scripts code-server@$CS_VERSION"
run npm install --ignore-scripts "code-server@$CS_VERSION"

VS="$CS_DIR/node_modules/code-server/lib/vscode"
[[ -d "$VS" ]] || die "unexpected layout: $VS is missing"

say "step 3/8: npm install --omit=dev --ignore-scripts in lib/vscode"
(cd "$VS" && run npm install --omit=dev --ignore-scripts)

say "step 4/8: Debian's ripgrep into @vscode/ripgrep/bin/rg"
mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
cp /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"
chmod +x "$VS/node_modules/@vscode/ripgrep/bin/rg"

# Every package of lib/vscode/node_modules except @vscode/ripgrep (whose install
# script is the download that fails here). Only those with a build or an install
# script do anything, so name just those, for a readable progress line.
mapfile -t REBUILD < <(cd "$VS" && node -e '
  const fs = require("fs"), path = require("path");
  const names = [];
  for (const d of fs.readdirSync("node_modules")) {
    if (d.startsWith(".")) continue;
    const subs = d.startsWith("@") ? fs.readdirSync(path.join("node_modules", d)).map((s) => d + "/" + s) : [d];
    for (const n of subs) {
      if (n === "@vscode/ripgrep") continue;
      const dir = path.join("node_modules", n);
      let pj; try { pj = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")); } catch { continue; }
      const s = pj.scripts || {};
      if (fs.existsSync(path.join(dir, "binding.gyp")) || s.preinstall || s.install || s.postinstall) names.push(n);
    }
  }
  console.log(names.join("\n"));')
say "step 5/8: npm rebuild of the native modules: ${REBUILD[*]}"
if ((${#REBUILD[@]})); then
  (cd "$VS" && run npm rebuild "${REBUILD[@]}")
fi

say "step 6/8: links the skipped postinstall would have made"
ln -sfn node_modules "$VS/node_modules.asar"
ln -sfn code-linux.sh "$VS/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VS/bin/helpers/browser.sh"

say "step 7/8: npm install --omit=dev --ignore-scripts in lib/vscode/extensions"
(cd "$VS/extensions" && run npm install --omit=dev --ignore-scripts)

say "step 8/8: npm rebuild argon2"
run npm rebuild argon2

[[ -f "$CS_BIN" ]] || die "code-server entry point $CS_BIN is missing"
# A launcher that does not depend on node_modules/.bin layout.
cat >"$CS_DIR/code-server" <<EOF
#!/usr/bin/env bash
exec node "$CS_BIN" "\$@"
EOF
chmod +x "$CS_DIR/code-server"

for f in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node kerberos/build/Release/kerberos.node; do
  [[ -f "$VS/node_modules/$f" ]] || die "native module not built: $VS/node_modules/$f (see $LOG)"
done
say "checking: code-server --version"
printf 'auth: none\n' >"$CS_DIR/config.yaml" # so that it does not write ~/.config/code-server
ver="$("$CS_DIR/code-server" --config "$CS_DIR/config.yaml" --version 2>>"$LOG" | grep -m1 -E '^[0-9]+\.[0-9]+')" ||
  die "code-server --version failed (see $LOG)"
say "code-server reports: $ver"

printf '%s\n' "$STAMP_CONTENT" >"$STAMP"
say "done: code-server $CS_VERSION provisioned in $((SECONDS - T0)) s"
echo "CODE_SERVER=$CS_DIR/code-server"
