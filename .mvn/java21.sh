# Sourced by ./mvnw, ./persona, .ci/run and persona-bench/run (POSIX sh): makes JAVA_HOME point at a
# JDK 21 or newer. Keeps JAVA_HOME (or the java on PATH) when it is already 21+; otherwise picks the
# newest JDK 21+ under /usr/lib/jvm. Leaves JAVA_HOME unset when there is none; callers say so.

persona_java_major() { # the feature version of the java at $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | cut -d. -f1
}

persona_use_java21() {
  _current="${JAVA_HOME:+$JAVA_HOME/bin/java}"
  [ -n "$_current" ] || _current="$(command -v java 2>/dev/null || true)"
  _major=0
  if [ -n "$_current" ] && [ -x "$_current" ]; then
    _major="$(persona_java_major "$_current")"
  fi
  if [ "${_major:-0}" -ge 21 ] 2>/dev/null; then
    if [ -z "${JAVA_HOME:-}" ]; then
      JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$_current")")")"
      export JAVA_HOME
    fi
    return 0
  fi
  _best=""
  _best_major=0
  for _dir in /usr/lib/jvm/*; do
    if [ -x "$_dir/bin/javac" ]; then
      _v="$(persona_java_major "$_dir/bin/java")"
      if [ "${_v:-0}" -ge 21 ] 2>/dev/null && [ "$_v" -gt "$_best_major" ]; then
        _best="$_dir"
        _best_major="$_v"
      fi
    fi
  done
  if [ -n "$_best" ]; then
    JAVA_HOME="$_best"
    export JAVA_HOME
    return 0
  fi
  return 1
}
