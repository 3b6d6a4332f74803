#!/usr/bin/env bash
# Records the class-data sharing archives bin/logpulse maps at start: the classes an ingest and a
# query of the sample logs load, with the same JVM settings bin/logpulse gives them. Run by
# `mvn package` after the jar is built:  class-data.sh JAVA JAR
set -euo pipefail
java=$1
jar=$(readlink -f "$2")
training=$(dirname "$jar")/class-data-training
rm -rf "$training" "${jar%.jar}-job.jsa" "${jar%.jar}-query.jsa"
mkdir -p "$training"

# -Xlog:disable: the dump lists every class it cannot archive (Flink's generated ones) on stdout.
"$java" -XX:ArchiveClassesAtExit="${jar%.jar}-job.jsa" -Xlog:disable -Xmx700m -XX:+UseParallelGC \
  -jar "$jar" ingest --db "$training/logpulse" @jobs/sample-logs.args > "$training/ingest.out" 2>&1
"$java" -XX:ArchiveClassesAtExit="${jar%.jar}-query.jsa" -Xlog:disable -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn320m \
  -jar "$jar" top --db "$training/logpulse" > "$training/top.out" 2>&1
echo "class-data archives: $(du -ch "${jar%.jar}"-*.jsa | tail -1 | cut -f1) beside $jar"
