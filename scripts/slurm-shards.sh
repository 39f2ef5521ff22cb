#!/usr/bin/env bash
# Runs a batch as Slurm would on a cluster, on this machine: installs Debian's slurm-wlm and
# munge when missing, starts a one-node cluster (slurmctld and slurmd on localhost), submits the
# shards as an array job and the merge as a job that depends on it, and compares the merged
# document with a single-process run over the same bundles.
#
#   scripts/slurm-shards.sh [ROOT [SHARDS]]     default: samples/, 4 shards; run as root
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(realpath "${1:-samples}")
shards=${2:-4}
work=$(mktemp -d /tmp/hospaudit-slurm.XXXXXX)
trap 'rm -rf "$work"' EXIT

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq slurm-wlm munge >/dev/null
fi
swift build -c release --static-swift-stdlib --product hospaudit >&2
binary=$(realpath .build/release/hospaudit)

# A one-node cluster: this host, its cores, no accounting.
host=$(hostname -s)
cpus=$(nproc)
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=hospaudit
SlurmctldHost=$host
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmdSpoolDir=/var/spool/slurmd
StateSaveLocation=/var/spool/slurmctld
SlurmUser=root
ReturnToService=2
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=audit Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
[ -s /etc/munge/munge.key ] || { mkdir -p /etc/munge; dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
chown -R munge: /etc/munge /run/munge 2>/dev/null || true
chmod 400 /etc/munge/munge.key
pgrep -x munged >/dev/null || munged --force
pgrep -x slurmctld >/dev/null || slurmctld
pgrep -x slurmd >/dev/null || slurmd
for _ in $(seq 30); do sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mixed|alloc' && break; sleep 1; done
scontrol update nodename="$host" state=resume 2>/dev/null || true

started=$(date +%s)
array=$(sbatch --parsable --array=0-$((shards - 1)) --output="$work/shard-%a.log" --wrap \
  "$binary audit '$root' --jobs 1 --shard \$SLURM_ARRAY_TASK_ID/$shards -o \"$work/shard-\$SLURM_ARRAY_TASK_ID.json\"")
merge=$(sbatch --parsable --dependency=afterok:"$array" --output="$work/merge.log" --wrap \
  "$binary merge $work/shard-*.json -o '$work/merged.json'; test \$? -le 1")
echo "submitted shards as job $array (array 0-$((shards - 1))) and the merge as job $merge" >&2
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do sleep 1; done
elapsed=$(( $(date +%s) - started ))
sacct -n -j "$merge" -o State 2>/dev/null | head -1 || true
[ -s "$work/merged.json" ] || { echo "the merge wrote nothing; see the logs:" >&2; cat "$work"/*.log >&2; exit 1; }

"$binary" audit "$root" -o "$work/single.json" 2>/dev/null || true
strip() { grep -v '"started_at"' "$1"; }
if cmp -s <(strip "$work/single.json") <(strip "$work/merged.json"); then
  echo "slurm: $shards shards and the merge ran in ${elapsed} s; the merged document is the single run's, byte for byte (but started_at)"
else
  echo "slurm: the merged document differs from the single run's" >&2
  diff <(strip "$work/single.json") <(strip "$work/merged.json") | head -20 >&2
  exit 1
fi
