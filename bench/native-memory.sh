#!/bin/bash
# Native memory of a live workerd (usage: bench/native-memory.sh PID): tcmalloc's allocated bytes and SQLite's, read with gdb.
# Exploratory aid for the soak's memory question (needs gdb and ptrace rights); not run by any npm script.
pid=${1:?usage: bench/native-memory.sh WORKERD_PID}
command -v gdb > /dev/null || { echo "native-memory: gdb is not installed (apt-get install -y gdb)" >&2; exit 1; }
property=generic.current_allocated_bytes
out=$(gdb -batch -p "$pid" -ex 'set pagination off' -ex 'set $v = (unsigned long*) malloc(8)' \
  -ex "call (int) MallocExtension_Internal_GetNumericProperty(\"$property\", ${#property}, \$v)" \
  -ex 'printf "tcmalloc_allocated %lu\n", *$v' \
  -ex 'printf "sqlite_memory_used %lld\n", (long long) sqlite3_memory_used()' 2>&1)
lines=$(grep -E '^(tcmalloc_allocated|sqlite_memory_used) [0-9]+$' <<< "$out")
[ -n "$lines" ] || { echo "native-memory: gdb could not read pid $pid (not a workerd, or ptrace denied):" >&2; tail -3 <<< "$out" >&2; exit 1; }
awk '{ printf "%s %.1f MiB\n", $1, $2 / 1048576 }' <<< "$lines"
