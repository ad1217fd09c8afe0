#!/bin/bash
# Native memory of a live workerd (usage: bench/native-memory.sh PID): tcmalloc's allocated bytes and SQLite's, read with gdb.
# Exploratory aid for the soak's memory question (needs gdb and ptrace rights); not run by any npm script.
pid=${1:?usage: bench/native-memory.sh WORKERD_PID}
gdb -batch -p "$pid" -ex 'set pagination off' -ex 'set $v = (unsigned long*) malloc(8)' \
  -ex 'call (int) MallocExtension_Internal_GetNumericProperty("generic.current_allocated_bytes", 31, $v)' \
  -ex 'printf "tcmalloc_allocated %lu\n", *$v' \
  -ex 'printf "sqlite_memory_used %lld\n", (long long) sqlite3_memory_used()' 2>/dev/null |
  awk '/^(tcmalloc_allocated|sqlite_memory_used) / { printf "%s %.1f MiB\n", $1, $2 / 1048576 }'
