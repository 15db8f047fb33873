#!/usr/bin/env bash
# Runs every test of jmegym: all Java suites (JUnit 5 through Maven, slow-tagged tests included at reduced size)
# and the Python bridge suite (pytest against the freshly built jar). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

echo "== Java: build every module and run its tests =="
mvn -B -ntp install

echo "== Python: install the bridge package and run its tests =="
python3 -m pip install -q --disable-pip-version-check "./bridge/python[test]"
export JMEGYM_JAR="$PWD/bridge/target/jmegym.jar"
python3 -m pytest bridge/python/tests -q -rs
