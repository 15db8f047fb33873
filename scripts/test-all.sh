#!/usr/bin/env bash
# Runs every test of jmegym: all Java suites (JUnit 5 through Maven, slow-tagged tests included at reduced size)
# and the Python bridge suite (pytest against the freshly built jar). Exits non-zero on any failure.
# Works on a fresh machine as it is: it provides a renderer for the rendering tests itself (OSMesa, else a private
# Xvfb; as root with apt-get it installs Xvfb, Mesa and OSMesa first), and those tests skip with a reason only where
# none can be had.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

echo "== Checks: no build outputs tracked by git =="
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  built=$(git ls-files | grep -E '\.(jar|class)$|(^|/)target/|(^|/)\.snapshot' || true)
  if [ -n "$built" ]; then
    echo "build outputs are tracked by git (remove them with git rm --cached and ignore them):" >&2
    echo "$built" | head -20 >&2
    exit 1
  fi
fi

echo "== Renderer: an X display or OSMesa for the rendering tests =="
osmesa_installed() {
  local d
  for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib; do [ -e "$d/libOSMesa.so.8" ] && return 0; done
  return 1
}
if [ -z "${DISPLAY:-}" ] && { ! command -v Xvfb >/dev/null || ! osmesa_installed; } \
    && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Xvfb, Mesa and OSMesa (apt-get)"
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb libgl1-mesa-dri libosmesa6 >/dev/null \
    || echo "could not install them: the rendering tests will use what is there or skip" >&2
fi
xvfb_pid=""
if [ -z "${DISPLAY:-}" ] && ! osmesa_installed && command -v Xvfb >/dev/null; then  # OSMesa needs no X server
  for n in $(seq 90 120); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
    Xvfb ":$n" -screen 0 1280x1024x24 +extension GLX -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
    if [ -e "/tmp/.X11-unix/X$n" ]; then export DISPLAY=":$n"; break; fi
    kill "$xvfb_pid" 2>/dev/null || true; xvfb_pid=""
  done
  trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true' EXIT
fi
if [ -n "${DISPLAY:-}" ]; then echo "rendering on DISPLAY=$DISPLAY"
elif osmesa_installed; then echo "rendering with OSMesa (no X display)"
else echo "no X display and no OSMesa: the rendering tests skip"; fi

echo "== Java: build every module and run its tests =="
mvn -B -ntp install

echo "== Python: install the bridge package (with the gateway jar the build put into it) and run its tests =="
# [sb3] brings Stable-Baselines3 and torch (about 5 GB and 3 minutes on a fresh machine) for the learner tests;
# [crosscheck] SciPy and Matplotlib for test_crosscheck_curves.py
python3 -m pip install -q --disable-pip-version-check "./bridge/python[test,sb3,crosscheck]"
unset JMEGYM_JAR  # the tests run the jar the installed package carries, as a user's do
python3 -m pytest bridge/python/tests -q -rs

echo "== Python: Ray RLlib (jmegym.rllib) in a venv of its own =="
# RLlib pins gymnasium 1.2.x: it must not replace the main test environment's gymnasium, so it gets a venv; that
# venv sees the main environment's packages (torch, the test extras) and adds only Ray and its pins on top
rllib_venv="${JMEGYM_RLLIB_VENV:-${TMPDIR:-/tmp}/jmegym-rllib-venv}"
python3 -m venv --system-site-packages "$rllib_venv"
"$rllib_venv/bin/python" -m pip install -q --disable-pip-version-check "./bridge/python[rllib,test]"
# test_rllib_cluster.py: a two-node Ray cluster (ray start) whose env runner gets the package through runtime_env pip,
# as docs/python.md's cluster walk-through does; Ray copies this venv once per node for that (about 2 minutes)
"$rllib_venv/bin/python" -m pytest bridge/python/tests/test_rllib.py bridge/python/tests/test_rllib_cluster.py \
  -q -rs -p no:cacheprovider
