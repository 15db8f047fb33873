# Sourced by the agent benchmarks: compiles the agent module's test classes and copies the build (and the
# project's own jars from ~/.m2) to a snapshot folder, so that rebuilding the project while a benchmark runs cannot
# change or break the code under measurement. Sets CP to the snapshot's class path.
# Usage: snapshot_classpath NAME   (run from the repository root; uses $OUT for its files)
snapshot_classpath() {
  local listing="$OUT/.classpath-$1" snap="$OUT/.snapshot-$1" libs="" jar
  mvn -q -B -o -pl agent test-compile
  mvn -q -B -o -pl agent dependency:build-classpath -Dmdep.outputFile="$PWD/$listing" >/dev/null
  rm -rf "$snap" && mkdir -p "$snap/lib"
  cp -r agent/target/classes "$snap/classes" && cp -r agent/target/test-classes "$snap/test-classes"
  for jar in $(tr ':' ' ' < "$listing"); do
    case "$jar" in
      */io/github/jmegym/*) cp "$jar" "$snap/lib/" && libs="$libs:$snap/lib/$(basename "$jar")" ;;
      *) libs="$libs:$jar" ;;
    esac
  done
  CP="$snap/classes:$snap/test-classes$libs"
}
