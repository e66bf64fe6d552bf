#!/usr/bin/env bash
# Posts a stack's compliance report on a pull request as that stack's own
# comment, updated in place on later pushes: each stack's comment carries a
# marker, so dev's, staging's and prod's reports never overwrite each other.
#
#   scripts/pr-comment.sh PR_NUMBER STACK REPORT.md      (needs GH_TOKEN and GITHUB_REPOSITORY)
set -euo pipefail
pr="${1:?usage: pr-comment.sh PR STACK FILE}"; stack="${2:?stack}"; file="${3:?report file}"
marker="<!-- carestack-report:${stack} -->"
report="$(cat "$file")"
# GitHub refuses a comment over 65,536 characters: post the head of the
# report (the summary, controls and findings come first) and point to the
# full one in the run's artifacts.
limit=60000
if (( ${#report} > limit )); then
  report="${report:0:limit}

_(cut at ${limit} characters: the full report is the run's \`compliance-${stack}\` artifact and in code scanning)_"
fi
body="$(printf '%s\n\n%s' "$marker" "$report")"
id="$(gh api "repos/${GITHUB_REPOSITORY}/issues/${pr}/comments" --paginate \
  --jq ".[] | select(.body | startswith(\"${marker}\")) | .id" | head -n1)"
if [[ -n "$id" ]]; then
  gh api -X PATCH "repos/${GITHUB_REPOSITORY}/issues/comments/${id}" -f body="$body" >/dev/null
else
  gh api -X POST "repos/${GITHUB_REPOSITORY}/issues/${pr}/comments" -f body="$body" >/dev/null
fi
echo "commented the ${stack} report on #${pr}"
