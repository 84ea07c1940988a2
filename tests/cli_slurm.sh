#!/usr/bin/env bash
# scripts/compare --slurm on a real one-node Slurm: munged, slurmctld and
# slurmd started here under a temporary folder (free ports, this user,
# no cgroups), stopped at the end. A small comparison submitted as a job
# array plus a report job that depends on it must give the tables a local
# run of the same comparison gives (training times aside).
set -u
INRFIT=${INRFIT:-build/inrfit}
INRFIT=$(cd "$(dirname "$INRFIT")" && pwd)/$(basename "$INRFIT")
COMPARE="$PWD/scripts/compare"
ASSETS="$PWD/assets"
for tool in munged mungekey slurmctld slurmd sbatch squeue sinfo; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (scripts/install-deps.sh)"; exit 77; }
done
dir=$(mktemp -d /tmp/inrfit-slurm-XXXXXX)
chmod 755 "$dir"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }

stop_all() {
    [ -n "${SLURM_CONF:-}" ] && scancel --quiet -u "$(id -un)" 2>/dev/null
    for pid in "$dir"/slurmd.pid "$dir"/slurmctld.pid "$dir"/munge/munged.pid; do
        [ -s "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
    done
    sleep 1
    rm -rf "$dir"
}
trap stop_all EXIT

# ---- a one-node cluster ---------------------------------------------------------
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
chmod 700 "$dir/munge"
mungekey --create --keyfile "$dir/munge/munge.key" --force >/dev/null 2>&1 || { fail "mungekey"; exit 1; }
chmod 600 "$dir/munge/munge.key"
munged -f -S "$dir/munge/sock" --key-file "$dir/munge/munge.key" --log-file "$dir/log/munged.log" \
       --pid-file "$dir/munge/munged.pid" --seed-file "$dir/munge/seed" || { fail "munged did not start"; exit 1; }
read -r ctld_port node_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
node=$(hostname -s)
user=$(id -un)
cat >"$dir/slurm.conf" <<EOF
ClusterName=inrfittest
SlurmctldHost=$node(127.0.0.1)
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$dir/munge/sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=$ctld_port
SlurmdPort=$node_port
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$dir/slurm.conf
slurmctld -f "$SLURM_CONF" || { fail "slurmctld did not start"; exit 1; }
slurmd -f "$SLURM_CONF" || { fail "slurmd did not start: $(tail -3 "$dir/log/slurmd.log")"; exit 1; }
for _ in $(seq 240); do   # up to 2 minutes: a loaded machine starts slurmd slowly
    [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && break
    sleep 0.5
done
[ "$(sinfo -h -o %t 2>/dev/null)" = idle ] || { fail "the node is not idle: $(sinfo 2>&1; tail -5 "$dir"/log/*.log)"; exit 1; }
echo "ok   one-node Slurm up ($(sinfo -h -o '%P %D %t'))"

# ---- the same comparison through Slurm and locally ------------------------------
mkdir "$dir/signals"
cp "$ASSETS/camera_128.png" "$ASSETS/cymbal_short.wav" "$dir/signals/"
cd "$dir"
opts=(signals --models siren --inits default,winner --steps 20 --threads 1 --inrfit "$INRFIT"
      --fit-args "--width 16 --layers 2")
"$COMPARE" "${opts[@]}" -o viaslurm --slurm >submit.txt 2>&1 || fail "--slurm: exit $?: $(cat submit.txt)"
cat submit.txt
report=$(sed -n 's/.*the report is job \([0-9]*\).*/\1/p' submit.txt)
[ -n "$report" ] || fail "no report job id in: $(cat submit.txt)"
grep -q "submitted 4 of 4 cases as Slurm job array" submit.txt || fail "not 4 cases submitted"
for _ in $(seq 600); do
    [ -z "$(squeue -h 2>/dev/null)" ] && break
    sleep 0.5
done
[ -z "$(squeue -h)" ] || fail "jobs still queued after 300 s: $(squeue)"
[ -s viaslurm/summary.md ] || fail "the report job wrote no summary: $(cat viaslurm/slurm/report.out 2>&1)"
[ "$(ls viaslurm/slurm | grep -c '^case-')" -eq 4 ] || fail "array task logs: $(ls viaslurm/slurm)"

"$COMPARE" "${opts[@]}" -o local >local.txt 2>&1 || fail "local run: exit $?: $(cat local.txt)"
python3 - <<'PY' || fail "the Slurm report differs from the local one"
import csv, re, sys
def table(path):
    # Tables without the training-time column (the last one), which differs run to run.
    out = []
    for line in open(path).read().splitlines():
        if line.startswith("|") and "time s" not in line and not line.startswith("|---"):
            cells = line.strip("|").split("|")
            out.append("|".join(cells[:-1]) if len(cells) == 8 else line)
        elif not line.startswith("|"):
            out.append(line)
    return out
keys = ["id", "status", "psnr", "psnr_8bit", "ssim", "snr", "steps_done", "params"]
rows = lambda p: [[r[k] for k in keys] for r in csv.DictReader(open(p))]
a, b = rows("viaslurm/results.csv"), rows("local/results.csv")
bad = []
if a != b: bad.append("results.csv differs:\n%s\n%s" % (a, b))
if table("viaslurm/summary.md") != table("local/summary.md"): bad.append("summary.md differs")
if len(a) != 4 or any(r[1] != "ok" for r in a): bad.append("cases: %s" % a)
print("\n".join(bad) or "Slurm and local reports match (%d cases)" % len(a))
sys.exit(1 if bad else 0)
PY

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok"
