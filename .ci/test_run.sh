#!/usr/bin/env bash
# Tests of .ci/run itself, on throw-away copies of a tiny fake nbdev project (two notebooks that export a module, and a
# nbs/benchmarks/ folder with a .notest and a notebook that would raise). The real .ci/run and .ci/notebooks.py run
# unchanged in each copy, with the real nbdev_test, nbdev_export and nbdev_clean of this repository's .venv; only
# `python3 -m venv` (no network: it links the existing .venv), `pip` and `salnas` are stand-ins whose exit code a case
# sets (or a file the dry-run stand-in changes). Each case checks the exit code, the last line "N passed, M failed" and
# the problems named above it.
#   bash .ci/test_run.sh          (about a minute; nbs/index.ipynb runs it)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
VENV=${SALNAS_CI_VENV:-$ROOT/.venv}
[ -x "$VENV/bin/nbdev_test" ] || { echo "test_run: $VENV/bin/nbdev_test is missing (install: pip install -e \".[dev]\")"; exit 1; }
unset IN_TEST   # set when this runs inside nbdev_test; nbdev_export would do nothing
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
REALPY=$(command -v python3)

nb() {  # nb FILE CELL... : a notebook whose code cells are the arguments
  "$VENV/bin/python" - "$@" <<'EOF'
import json, sys
path, cells = sys.argv[1], sys.argv[2:]
nb = dict(cells=[dict(cell_type="code", id=f"c{i}", metadata={}, execution_count=None, outputs=[], source=s) for i, s in enumerate(cells)],
          metadata=dict(kernelspec=dict(display_name="python3", language="python", name="python3")), nbformat=4, nbformat_minor=5)
open(path, "w").write(json.dumps(nb, indent=1) + "\n")
EOF
  (cd "$(dirname "$1")" && "$VENV/bin/nbdev_clean" --fname "$(basename "$1")") || echo "test_run: nbdev_clean failed on $1"
}

base="$work/base"
mkdir -p "$base/.ci" "$base/nbs/benchmarks" "$base/fakepkg" "$base/.stub"
cp "$ROOT/.ci/run" "$ROOT/.ci/notebooks.py" "$base/.ci/"
cat >"$base/pyproject.toml" <<'EOF'
[project]
name = "fakepkg"
version = "0.0.1"
[tool.nbdev]
lib_path = "fakepkg"
nbs_path = "nbs"
recursive = true
tst_flags = "slow"
allowed_cell_metadata_keys = ["tags"]
allowed_metadata_keys = []
jupyter_hooks = false
clean_ids = true
clear_all = false
EOF
nb "$base/nbs/00_core.ipynb" "#| default_exp core" $'#| export\ndef double(x): return 2 * x' "assert double(2) == 4"
nb "$base/nbs/01_more.ipynb" "#| default_exp more" $'#| export\nfrom fakepkg.core import double\ndef quad(x): return double(double(x))' \
   "assert quad(1) == 4"
nb "$base/nbs/benchmarks/speed.ipynb" "raise RuntimeError('a benchmark must not run in nbdev_test')"
echo "benchmarks run with papermill, not nbdev_test" >"$base/nbs/benchmarks/.notest"
# python3 -m venv DIR links the real .venv's tools; pip and salnas are stand-ins (exit code from FAKE_PIP_RC, FAKE_SALNAS_RC)
cat >"$base/.stub/python3" <<EOF
#!/usr/bin/env bash
if [ "\$1" = "-m" ] && [ "\$2" = "venv" ]; then
  mkdir -p "\$3/bin"
  for c in python nbdev_test nbdev_export nbdev_clean; do printf '#!/usr/bin/env bash\nexec "%s" "\$@"\n' "$VENV/bin/\$c" >"\$3/bin/\$c"; done
  printf '#!/usr/bin/env bash\necho "pip (stand-in) \$*"; exit \${FAKE_PIP_RC:-0}\n' >"\$3/bin/pip"
  printf '#!/usr/bin/env bash\necho "salnas (stand-in) \$*"; [ -n "\${FAKE_SALNAS_TOUCH:-}" ] && echo x >>"\$FAKE_SALNAS_TOUCH"; exit \${FAKE_SALNAS_RC:-0}\n' >"\$3/bin/salnas"
  chmod +x "\$3/bin/"*; exit 0
fi
exec "$REALPY" "\$@"
EOF
chmod +x "$base/.stub/python3"
(cd "$base" && "$VENV/bin/nbdev_export" && "$VENV/bin/nbdev_clean") >/dev/null 2>&1 || { echo "test_run: cannot build the fake project"; exit 1; }
[ -f "$base/fakepkg/more.py" ] || { echo "test_run: nbdev_export made no fakepkg/more.py"; exit 1; }

fails=0; n=0
case_() {  # case_ NAME WANT_RC(0|fail) WANT_LAST_LINE PROBLEM_REGEX N_PROBLEMS [ENV=VALUE ...]; the copy is $work/NAME
  local name=$1 want=$2 last=$3 pat=$4 nprob=$5; shift 5
  local out; out=$(cd "$work/$name" && env "$@" PATH="$work/$name/.stub:$PATH" bash .ci/run 2>&1); local rc=$?
  LAST_OUT=$out
  local got; got=$(printf '%s\n' "$out" | tail -n 1)
  local ok=1
  if [ "$want" = 0 ]; then [ "$rc" -eq 0 ] || ok=0; else [ "$rc" -ne 0 ] || ok=0; fi
  [ "$got" = "$last" ] || ok=0
  if [ -n "$pat" ]; then printf '%s\n' "$out" | grep -Eq -- "$pat" || ok=0; fi
  if [ "$nprob" -eq 0 ]; then printf '%s\n' "$out" | grep -q "^CI problems" && ok=0
  else printf '%s\n' "$out" | grep -q "^CI problems ($nprob):" || ok=0; fi
  printf '%s\n' "$out" | grep -q "a benchmark must not run" && ok=0
  [ -n "${TEST_RUN_VERBOSE:-}" ] && printf '%s\n' "$out" | grep -v "^\s*$" | tail -n 12 | sed "s/^/     | /"
  n=$((n+1))
  if [ "$ok" -eq 1 ]; then echo "ok   $name: exit $rc, '$got'"
  else fails=$((fails+1)); echo "FAIL $name: exit $rc (want $want), last line '$got' (want '$last'), problem /$pat/ of $nprob; output:"
       printf '%s\n' "$out" | tail -n 30 | sed 's/^/     | /'; fi
}
copy() { cp -a "$base" "$work/$1"; }

copy good
case_ good 0 "2 passed, 0 failed" "" 0

copy raises; nb "$work/raises/nbs/02_raises.ipynb" "raise ValueError('boom')"
case_ raises fail "2 passed, 1 failed" "step failed with exit code 1: .venv/bin/nbdev_test" 1

copy empty; rm -rf "$work/empty/nbs" && mkdir "$work/empty/nbs"
case_ empty fail "0 passed, 0 failed" "no notebook to test" 2

copy export_fails; rm "$work/export_fails/fakepkg/more.py" && mkdir "$work/export_fails/fakepkg/more.py"
case_ export_fails fail "2 passed, 0 failed" "nbdev_export failed with exit code" 1

copy exclusions   # notebooks that nbdev would quietly leave out count as failed, and each is named
mkdir -p "$work/exclusions/nbs/extra"; touch "$work/exclusions/nbs/extra/.notest"
nb "$work/exclusions/nbs/extra/03_extra.ipynb" "assert True"
nb "$work/exclusions/nbs/_04_draft.ipynb" "assert True"
nb "$work/exclusions/nbs/05_idle.ipynb" "assert True"
"$VENV/bin/python" -c "import json,sys; p=sys.argv[1]; d=json.load(open(p)); d['cells'].insert(0, dict(cell_type='raw', id='fm', metadata={}, source='---\nskip_exec: true\n---')); open(p,'w').write(json.dumps(d, indent=1)+'\n')" \
  "$work/exclusions/nbs/05_idle.ipynb"
(cd "$work/exclusions/nbs" && "$VENV/bin/nbdev_clean" --fname 05_idle.ipynb)
case_ exclusions fail "2 passed, 3 failed" "stray nbs/extra/.notest" 3
for p in "_04_draft.ipynb: nbdev_test skips names starting with '_'" "05_idle.ipynb: skip_exec"; do
  printf '%s\n' "$LAST_OUT" | grep -q -- "$p" || { fails=$((fails+1)); echo "FAIL exclusions: no problem line '$p'"; }
done

copy stale   # a module that is not what the notebooks export, and a notebook with an execution count
echo "# edited by hand" >>"$work/stale/fakepkg/more.py"
"$VENV/bin/python" -c "import json,sys; p=sys.argv[1]; d=json.load(open(p)); d['cells'][2]['execution_count']=7; open(p,'w').write(json.dumps(d, indent=1)+'\n')" \
  "$work/stale/nbs/00_core.ipynb"
case_ stale fail "2 passed, 0 failed" "out of sync with nbs/: nbdev_export changed .*more\.py" 2
printf '%s\n' "$LAST_OUT" | grep -q "notebooks not clean: nbdev_clean changed .*00_core.ipynb" || { fails=$((fails+1)); echo "FAIL stale: no 'notebooks not clean' line"; }

copy install_fails
case_ install_fails fail "0 passed, 2 failed" "step failed with exit code 1: .venv/bin/pip install" 2 FAKE_PIP_RC=1

copy dry_run_fails
case_ dry_run_fails fail "2 passed, 0 failed" "dry run failed with exit code 3" 1 FAKE_SALNAS_RC=3

copy dry_run_writes   # a dry run that changes a file git tracks (the copy becomes a git repository for this case)
echo "# fake" >"$work/dry_run_writes/README.md"
(cd "$work/dry_run_writes" && git init -q && git add -A && git -c user.name=ci -c user.email=ci@example.invalid commit -qm base) \
  || { echo "test_run: git init failed"; exit 1; }
case_ dry_run_writes fail "2 passed, 0 failed" "the dry run changed files that git tracks: README.md" 1 FAKE_SALNAS_TOUCH=README.md

echo "test_run: $((n - fails)) of $n cases as expected$([ "$fails" -gt 0 ] && echo ", $fails FAILED")"
[ "$fails" -eq 0 ]
