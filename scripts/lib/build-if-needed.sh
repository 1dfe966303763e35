#!/usr/bin/env bash
# Builds the modules (without tests) when any source is newer than the last build, and writes the local stack's
# classpath. Quiet when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/java-env.sh
stamp=local-stack/target/classpath.txt
if [ -f "$stamp" ] && [ -z "$(find pom.xml */pom.xml functions/*/pom.xml */src functions/*/src statemachine template.yaml -newer "$stamp" -type f 2>/dev/null | head -1)" ]; then
  exit 0
fi
echo "Building (mvn install, tests skipped) ..."
mvn -B -q install -DskipTests
mvn -B -q -pl local-stack dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
