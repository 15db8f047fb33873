# Sourced by the agent benchmarks: compiles the agent module's test classes through the reactor (envs from this
# checkout, not from ~/.m2) and copies the build to a snapshot folder, so that rebuilding the project while a
# benchmark runs cannot change or break the code under measurement. Sets CP to the snapshot's class path.
# Usage: snapshot_classpath NAME   (run from the repository root; uses $OUT for its files)
snapshot_classpath() {
  local listing="$OUT/.classpath-$1" snap="$OUT/.snapshot-$1" libs="" jar
  mvn -q -B -o -pl agent -am test-compile -Dmaven.javadoc.skip=true
  # not offline: on a fresh machine the dependency plugin itself may still have to come from Maven Central
  mvn -q -B -ntp -pl agent dependency:build-classpath -Dmdep.outputFile="$PWD/$listing" >/dev/null
  rm -rf "$snap" && mkdir -p "$snap/lib"
  cp -r agent/target/classes "$snap/classes" && cp -r agent/target/test-classes "$snap/test-classes"
  cp -r envs/target/classes "$snap/envs-classes"
  for jar in $(tr ':' ' ' < "$listing"); do
    case "$jar" in
      */io/github/jmegym/jmegym-envs/*) libs="$libs:$snap/envs-classes" ;;
      */io/github/jmegym/*) cp "$jar" "$snap/lib/" && libs="$libs:$snap/lib/$(basename "$jar")" ;;
      *) libs="$libs:$jar" ;;
    esac
  done
  CP="$snap/classes:$snap/test-classes$libs"
}
