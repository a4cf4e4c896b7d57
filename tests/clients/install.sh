#!/usr/bin/env bash
# Install what tests/clients/ needs, idempotently, on a fresh Debian (bookworm) machine, as root:
#   - Debian's python3-mwclient (0.10.1), through apt-get;
#   - pywikibot 11.0.0 from PyPI, with the dependencies pinned in requirements.txt, into the venv
#     tests/clients/.venv (gitignored).
#
# The venv is made from Debian's own interpreter (/usr/bin/python3) with --system-site-packages, so the
# one interpreter sees both Debian's mwclient (in /usr/lib/python3/dist-packages) and the pip-installed
# pywikibot. A pyenv or other python3 first on PATH would not see Debian's packages, which is why the
# interpreter is named by its absolute path. Scripts run as tests/clients/.venv/bin/python.
#
# Prints, as its last line of stdout: CLIENTS_PYTHON=<path of the venv's python>
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
debian_python=/usr/bin/python3
mwclient_version=0.10.1
pywikibot_version=11.0.0

log() { printf 'install.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

apt_install() {
  local need=() p
  for p in python3 python3-venv python3-mwclient; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ "${#need[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "need root to apt-get install ${need[*]}"
    log "apt-get install ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  fi
  local have
  have="$(dpkg-query -W -f='${Version}' python3-mwclient)"
  case "$have" in
    "$mwclient_version"-*) ;;
    *) die "expected Debian's python3-mwclient $mwclient_version, found $have" ;;
  esac
}

make_venv() {
  if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.base_prefix == "/usr" else 1)'; then
    log "$venv was not made from $debian_python; remaking it"
    rm -rf "$venv"
  fi
  if [ ! -x "$venv/bin/python" ]; then
    log "creating $venv from $debian_python"
    "$debian_python" -m venv --system-site-packages "$venv" >&2
  fi
  local want have
  want="$(grep -v '^#' "$here/requirements.txt" | grep . | sort)"
  have="$("$venv/bin/python" -m pip freeze --local 2>/dev/null | sort)"
  if [ "$have" != "$want" ]; then
    log "pip install -r requirements.txt (pywikibot==$pywikibot_version and its pinned dependencies)"
    "$venv/bin/python" -m pip install -q -r "$here/requirements.txt" >&2
    have="$("$venv/bin/python" -m pip freeze --local 2>/dev/null | sort)"
    [ "$have" = "$want" ] || die "the venv holds other packages than requirements.txt pins:
$(diff <(echo "$want") <(echo "$have") || true)"
  fi
}

check() {
  "$venv/bin/python" - "$mwclient_version" "$pywikibot_version" <<'PY' >&2 || die "version check failed"
import sys, os
os.environ.setdefault("PYWIKIBOT_NO_USER_CONFIG", "2")
import mwclient
import importlib.metadata as m
want_mw, want_pwb = sys.argv[1], sys.argv[2]
assert mwclient.__file__.startswith("/usr/lib/python3/dist-packages/"), mwclient.__file__
assert mwclient.__version__ == want_mw, mwclient.__version__
assert m.version("pywikibot") == want_pwb, m.version("pywikibot")
print(f"install.sh: mwclient {mwclient.__version__} ({mwclient.__file__}), pywikibot {m.version('pywikibot')}")
PY
}

apt_install
make_venv
check
echo "CLIENTS_PYTHON=$venv/bin/python"
