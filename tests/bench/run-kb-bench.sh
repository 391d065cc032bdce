#!/usr/bin/env bash
# Knowledge-base benchmark (issue 3, "Speed and scale"): builds supportd-kbbench,
# installs Debian's python3.11-doc when its HTML is missing, and runs the
# benchmark on
#   1. the Python 3.11 HTML documentation (/usr/share/doc/python3.11/html),
#      queries derived from the corpus (fixed seed, see kb_bench.cpp): the
#      whole folder as `supportd kb import` would read it, then its HTML pages
#      alone;
#   2. StackFAQ (../shared/data/stackfaq/docs.jsonl) with its real questions
#      (queries-dev.jsonl), when ../shared/data is there.
# Targets on the 2-core reference machine: build <= 60 s, query P50 <= 1 ms,
# P99 <= 5 ms, peak RSS <= 300 MB.
#
# Usage: tests/bench/run-kb-bench.sh [--json] [--no-build] [--queries N]
#   BUILD_DIR  build directory (default build-bench; configured if missing)
#   PY_DOC     the HTML folder (default /usr/share/doc/python3.11/html)
#   STACKFAQ   the StackFAQ folder (default ../shared/data/stackfaq)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="${BUILD_DIR:-$repo_root/build-bench}"
py_doc="${PY_DOC:-/usr/share/doc/python3.11/html}"
stackfaq="${STACKFAQ:-$repo_root/../shared/data/stackfaq}"

build=1
bench_args=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --no-build) build=0 ;;
        --json) bench_args+=(--json) ;;
        --queries) bench_args+=(--queries "$2"); shift ;;
        -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-kb-bench: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

# 1. The corpus.
if [[ ! -d $py_doc ]]; then
    echo "run-kb-bench: $py_doc is missing: installing python3.11-doc" >&2
    as_root=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || { echo "run-kb-bench: not root and no sudo: install python3.11-doc yourself" >&2; exit 1; }
        as_root=(sudo)
    fi
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3.11-doc
    [[ -d $py_doc ]] || { echo "run-kb-bench: python3.11-doc installed but $py_doc is still missing" >&2; exit 1; }
fi

# 2. The program (only its target: never the whole tree).
bench="$build_dir/tests/bench/supportd-kbbench"
if [[ $build -eq 1 ]]; then
    if [[ ! -f $build_dir/build.ninja ]]; then
        cmake -S "$repo_root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
    fi
    ninja -C "$build_dir" -j2 supportd-kbbench >&2
fi
[[ -x $bench ]] || { echo "run-kb-bench: $bench is not built" >&2; exit 2; }

echo "run-kb-bench: load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores" >&2

# 3. The runs.
echo "== python3.11-doc: $py_doc"
"$bench" "$py_doc" "${bench_args[@]}"
# The folder also holds Sphinx's reST sources (_sources/*.txt, 497 files), which
# the loader reads as plain text: the same documentation twice. The pages alone:
echo "== python3.11-doc, HTML pages only (--format html)"
"$bench" "$py_doc" --format html "${bench_args[@]}"

if [[ -f $stackfaq/docs.jsonl && -f $stackfaq/queries-dev.jsonl ]]; then
    echo "== StackFAQ: $stackfaq/docs.jsonl, questions from queries-dev.jsonl"
    "$bench" "$stackfaq/docs.jsonl" --queries-file "$stackfaq/queries-dev.jsonl" "${bench_args[@]}"
else
    echo "run-kb-bench: $stackfaq is absent: StackFAQ skipped" >&2
fi
echo "run-kb-bench: load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
