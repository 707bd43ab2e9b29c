#!/usr/bin/env bash
# Two MPI "hosts" on one machine: network namespaces joined by a veth pair, Open MPI's remote start through
# plm_rsh_agent (a wrapper that runs the command in the other namespace), TCP only over the veth link.
# Trains on CORPUS with 2 processes × 1 thread on the two hosts, then on one host with a copy of the model per
# process (--host-memory separate: the same computation), then with 1 process × 1 thread (same flags), and reports the
# analogy accuracy of both (when QUESTIONS is given), bytes and time per synchronization.
#
#   Benchmarks/distributed/two-hosts.sh CORPUS [QUESTIONS] [-- extra train flags]
#
# Needs root, `ip` (iproute2) and Open MPI (scripts/setup.sh). Environment: SENSEVEC (the executable; default
# .build/release/sensevec), OUT (a directory for the outputs; default a temporary one, removed at the end),
# PER_HOST (processes on each host, default 1; with more, each host's processes share one copy of the model,
# --host-memory shared, and the one-host run is 2 × PER_HOST processes sharing one copy: no run is then
# deterministic, so the vectors are not compared bit for bit).
# Addresses exist only inside the two namespaces (10.217.0.1 and 10.217.0.2); MPI's TCP transport and its
# runtime's out-of-band channel are restricted to their /30 (each namespace has one of the two veth interfaces, so
# the restriction is by subnet: a list of interface names would name one missing on each side). The namespaces, the veth pair and the wrapper are removed on exit.
set -euo pipefail

corpus=${1:?usage: two-hosts.sh CORPUS [QUESTIONS] [-- train flags]}
shift
questions=""
if [[ $# -gt 0 && $1 != "--" ]]; then questions=$1; shift; fi
[[ $# -gt 0 && $1 == "--" ]] && shift
extra=("$@")
per=${PER_HOST:-1}
[[ $per =~ ^[1-9][0-9]*$ ]] || { echo "two-hosts.sh: PER_HOST must be a positive number, got '$per'" >&2; exit 2; }

sensevec=$(realpath "${SENSEVEC:-.build/release/sensevec}")
[[ $(id -u) == 0 ]] || { echo "two-hosts.sh: needs root (network namespaces)" >&2; exit 2; }
command -v ip >/dev/null || { echo "two-hosts.sh: needs ip (iproute2)" >&2; exit 2; }
command -v mpirun >/dev/null || { echo "two-hosts.sh: needs mpirun (scripts/setup.sh)" >&2; exit 2; }

tag=sv$$
nsA=${tag}a nsB=${tag}b ifA=${tag}a0 ifB=${tag}b0
addrA=10.217.0.1 addrB=10.217.0.2 net=10.217.0.0/30
work=$(mktemp -d)
out=${OUT:-$work}
mkdir -p "$out"

cleanup() {
    ip netns del "$nsA" 2>/dev/null || true
    ip netns del "$nsB" 2>/dev/null || true
    ip link del "$ifA" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

ip netns add "$nsA"
ip netns add "$nsB"
ip link add "$ifA" type veth peer name "$ifB"
ip link set "$ifA" netns "$nsA"
ip link set "$ifB" netns "$nsB"
ip -n "$nsA" addr add "$addrA/30" dev "$ifA"
ip -n "$nsB" addr add "$addrB/30" dev "$ifB"
for ns in "$nsA" "$nsB"; do ip -n "$ns" link set lo up; done
ip -n "$nsA" link set "$ifA" up
ip -n "$nsB" link set "$ifB" up

# The remote-start agent: Open MPI calls it as `AGENT [options] HOST COMMAND…` (like ssh) and it runs COMMAND
# in HOST's namespace.
agent=$work/netns-agent
cat > "$agent" <<AGENT
#!/bin/sh
while [ \$# -gt 0 ]; do case "\$1" in -*) shift ;; *) break ;; esac; done
host=\$1; shift
case "\$host" in
  $addrA) ns=$nsA ;;
  $addrB) ns=$nsB ;;
  *) echo "netns-agent: unknown host \$host" >&2; exit 1 ;;
esac
exec ip netns exec "\$ns" /bin/sh -c "\$*"
AGENT
chmod +x "$agent"

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
common=(--threads 1 --quiet --json "${extra[@]}")
counter() { ip netns exec "$nsA" cat "/sys/class/net/$ifA/statistics/$1"; }
field() { sed -n "s/.*\"$2\": \([^,}]*\).*/\1/p" "$1"; }
seconds() { echo "$2 - $1" | bc; }

echo "two hosts: $nsA ($addrA) and $nsB ($addrB) over veth $ifA–$ifB; load $(cut -d' ' -f1-3 /proc/loadavg)"
tx0=$(counter tx_bytes) rx0=$(counter rx_bytes)
t0=$(date +%s.%N)
ip netns exec "$nsA" mpirun -np $((2 * per)) --host "$addrA:$per,$addrB:$per" --allow-run-as-root --oversubscribe \
    --mca plm_rsh_agent "$agent" --mca btl tcp,self \
    --mca btl_tcp_if_include "$net" --mca oob_tcp_if_include "$net" \
    "$sensevec" train "$corpus" --output "$out/two-hosts.bin" "${common[@]}" > "$out/two-hosts.json"
t1=$(date +%s.%N)
tx1=$(counter tx_bytes) rx1=$(counter rx_bytes)
# The same two processes on one host, each with its own copy of the model combined through Open MPI's
# shared-memory transport (what the two hosts do over TCP), and one process.
if [[ $per == 1 ]]; then one_host=(--host-memory separate); else one_host=(); fi
mpirun -np $((2 * per)) --allow-run-as-root --oversubscribe \
    "$sensevec" train "$corpus" --output "$out/one-host.bin" "${common[@]}" "${one_host[@]}" > "$out/one-host.json"
t2=$(date +%s.%N)
"$sensevec" train "$corpus" --output "$out/one.bin" "${common[@]}" > "$out/one.json"
t3=$(date +%s.%N)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

j=$out/two-hosts.json
sync=$(field "$j" synchronizations)
echo "2 hosts × $per processes × 1 thread ($(field "$j" modelCopies) copies of the model combined): $(seconds "$t0" "$t1") s wall; $sync synchronizations of $(field "$j" bytesPerSynchronization) bytes" \
     "all-reduced on average (whole model $(field "$j" modelBytes); rows touched: input $(field "$j" touchedInputFraction)," \
     "output $(field "$j" touchedOutputFraction)), $(echo "scale=1; 1000 * $(field "$j" synchronizationSeconds) / $sync" | bc) ms" \
     "per synchronization (process 0, waiting included)"
echo "veth $ifA: $((tx1 - tx0)) bytes sent, $((rx1 - rx0)) received during the run (whole job: start, vocabulary," \
     "synchronizations); $(( (tx1 - tx0) / sync )) sent per synchronization"
echo "$((2 * per)) processes on one host (${one_host[*]:-one copy of the model in shared memory}): $(seconds "$t1" "$t2") s wall, $(echo "scale=1; 1000 * $(field "$out/one-host.json" synchronizationSeconds) / $(field "$out/one-host.json" synchronizations)" | bc) ms per synchronization"
echo "1 process × 1 thread: $(seconds "$t2" "$t3") s wall"
status=0
if [[ $per != 1 ]]; then
    echo "vectors: $per processes per host share one copy of the model (Hogwild, not deterministic): not compared bit for bit"
elif cmp -s "$out/two-hosts.bin" "$out/one-host.bin"; then
    echo "vectors: two hosts bit-identical to two processes on one host"
else
    echo "vectors: two hosts DIFFER from two processes on one host"; status=1
fi
if [[ -n $questions ]]; then
    for run in two-hosts one-host one; do
        echo "analogy $run: $("$sensevec" eval analogy "$out/$run.bin" "$questions" --quiet | awk '$1 == "total" { print $5 }')"
    done
fi
exit $status
