# Sourced by .ci/run, the helper scripts and people (source scripts/java25.sh): exports JAVA_HOME
# pointing at a JDK 25, or explains what to install and fails. Sourced into an interactive shell it
# returns instead of exiting, so the shell stays open.
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

if ! stratum_find_java25; then
  # 'return' works when the file is sourced; a script run on its own exits instead
  return 1 2> /dev/null || exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
