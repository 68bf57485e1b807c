#!/bin/sh
# Write CHANGELOG.md's section for the current release: `dt diff` from the previous release's
# commit to HEAD, as Markdown. Usage: scripts/changelog.sh PREVIOUS_COMMIT > section.md
set -eu
previous="$1"
version=$(sed -n 's/^version: //p' data/release.yaml)
released=$(sed -n 's/^released: //p' data/release.yaml)
echo "# $version ($released)"
echo
dt --data-dir data diff "$previous" HEAD --format markdown \
  | sed "s/^## Changes from $previous to HEAD/## Records changed since $previous/"
