#!/usr/bin/env bash
# The scan step of leakgate's GitHub Action (action.yml). Which commits:
#   pull request: those after the base (`--since-commit <base>`);
#   push: those after the previous tip (`github.event.before`); a new branch
#         (before is all zeros) or a before that is not in the clone: the branch.
# Exit: 0 clean, 1 findings (0 when FAIL_ON_FINDINGS is false), 2 or 3 an error.
set -uo pipefail

range=()
case "${EVENT:-}" in
  pull_request | pull_request_target)
    if [ -n "${PR_BASE:-}" ]; then range=(--since-commit "$PR_BASE"); fi
    ;;
  push)
    if [ -n "${PUSH_BEFORE:-}" ] && ! [[ "$PUSH_BEFORE" =~ ^0+$ ]] && git cat-file -e "$PUSH_BEFORE^{commit}" 2>/dev/null; then
      range=(--since-commit "$PUSH_BEFORE")
    fi
    ;;
esac

sarif="${SARIF_FILE:-leakgate.sarif}"
# shellcheck disable=SC2086 # ARGS is a list of words, as typed in the workflow
# Every fingerprint: code scanning keeps an alert the same across runs by it (a pull request is a short range).
node "$LEAKGATE" history "${range[@]}" --fingerprints ${ARGS:-} --format sarif --output "$sarif"
status=$?

if [ -f "$sarif" ]; then
  findings=$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.runs.reduce((n, run) => n + run.results.length, 0))' "$sarif")
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "findings=$findings" >>"$GITHUB_OUTPUT"; fi
fi
if [ "$status" = 1 ] && [ "${FAIL_ON_FINDINGS:-true}" = false ]; then exit 0; fi
exit "$status"
