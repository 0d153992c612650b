# Shared helpers for scripts/: sourced, not run.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/.data"
tools="$root/.tools"
mkdir -p "$data" "$tools"

say() { printf '%s\n' "$*" >&2; }

# Fails with one clear line when something already listens on the port: a server started
# from another checkout holds it, and ours would only fail to bind after a long wait.
require_free_port() {
  local port="$1" what="$2"
  if (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
    say "port $port ($what) is taken by another process, perhaps another checkout's scripts/services: stop it there first"
    return 1
  fi
}

# wait_for DESCRIPTION SECONDS COMMAND...: polls until COMMAND succeeds.
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      say "timed out after ${seconds}s waiting for $what"
      return 1
    fi
    sleep 0.2
  done
}

# apt_install PACKAGE...: installs the Debian packages that are missing, quietly.
apt_install() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  say "installing from Debian: ${missing[*]}"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
    { $sudo apt-get update -q >/dev/null && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
}
