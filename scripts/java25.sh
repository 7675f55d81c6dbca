# Sourced by .ci/run and the helper scripts: exports JAVA_HOME pointing at a JDK 25, or explains
# what to install and stops.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F' = ' '/java.specification.version/ {print $2}'
}

stratum_find_java25() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(java_major "$JAVA_HOME")" == 25 ]]; then
    return 0
  fi
  local candidate
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*-25 /opt/java/*25* "$HOME"/.sdkman/candidates/java/25*; do
    if [[ -x "$candidate/bin/java" && "$(java_major "$candidate")" == 25 ]]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "Stratum needs JDK 25, and none was found: JAVA_HOME is '${JAVA_HOME:-unset}'" \
    "and no /usr/lib/jvm/*25* holds one. Install a JDK 25 (for example Temurin 25," \
    "/usr/lib/jvm/temurin-25-jdk-amd64) and set JAVA_HOME to it." >&2
  return 1
}

stratum_find_java25 || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
