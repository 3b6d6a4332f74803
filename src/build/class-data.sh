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
# -Xint: JDK 17 archives the "queued for compilation" flag of the methods still waiting for the JIT
# when the recording exits (JDK-8306460, fixed in 21), and a process mapping the archive never
# compiles them. Those are the hottest ones: an ingest ran 3x slower (45 s instead of 14 s for
# 10 M lines, ByteWriter.writeVarint interpreted), depending on the recording's timing. Without
# the JIT nothing is ever queued; the recording takes ~12 s longer.
"$java" -XX:ArchiveClassesAtExit="${jar%.jar}-job.jsa" -Xint -Xlog:disable -Xmx700m -XX:+UseParallelGC \
  -jar "$jar" ingest --db "$training/logpulse" @jobs/sample-logs.args > "$training/ingest.out" 2>&1
"$java" -XX:ArchiveClassesAtExit="${jar%.jar}-query.jsa" -Xint -Xlog:disable -XX:+UseSerialGC -Xmn128m \
  -jar "$jar" top --db "$training/logpulse" > "$training/top.out" 2>&1
echo "class-data archives: $(du -ch "${jar%.jar}"-*.jsa | tail -1 | cut -f1) beside $jar"
