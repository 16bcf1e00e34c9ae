#!/usr/bin/env bash
# The web's own checkers on the built site, in one command:
#
#   bash .ci/check_site.sh [--no-lighthouse] [--no-synthetic]
#
# Builds the seed site (at / and under /REPO/) and a 1,000-paper synthetic catalog
# (bench/synthetic.py), serves each on 127.0.0.1 (missing URLs get 404.html, as on
# GitHub Pages) and runs:
#   html     Nu Html Checker (npm vnu-jar, the W3C's current build; needs Java): 0 errors on every page
#   axe      axe-core in Chromium (Playwright): index, topic, paper, 404, search open,
#            a result highlighted, filters set; light and dark; 1280 and 390 px wide;
#            plus every seed page once (synthetic: light 1280 px and dark 390 px)
#   metadata feed (Atom), sitemap + robots.txt, JSON-LD, Google Scholar tags, canonical /
#            Open Graph / og:image (.ci/site_checks/metadata.py)
#   links    linkchecker over the whole site at / and under /REPO/, and 404.html at a deep URL
#   lighthouse index and a paper page of the seed site, mobile and desktop: every
#            category >= 98 and layout shift <= 0.02 (--no-lighthouse skips it: ~1.5 min)
# Tools are installed on first use: PyPI packages into the current Python, npm packages
# into .ci/.tools/site/ (not committed), Java and Chromium from Debian if missing.
# Exits non-zero if any check finds anything.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python}
TOOLS=$ROOT/.ci/.tools/site
CHECKS=$ROOT/.ci/site_checks
AXE_VERSION=4.10.3
LIGHTHOUSE_VERSION=12.8.2
VNU_VERSION=26.9.27
SYNTHETIC_PAPERS=1000

LIGHTHOUSE=1; SYNTHETIC=1
for arg in "$@"; do
    case $arg in
        --no-lighthouse) LIGHTHOUSE=0 ;;
        --no-synthetic) SYNTHETIC=0 ;;
        *) echo "usage: bash .ci/check_site.sh [--no-lighthouse] [--no-synthetic]" >&2; exit 2 ;;
    esac
done

say() { printf '\n== %s\n' "$*"; }
STARTED=$(date +%s)
declare -a SUMMARY=()
FAILED=0
STEP_START=$(date +%s)
record() {  # record NAME STATUS: a line of the summary (with the step's seconds); non-zero fails the run
    local took=$(( $(date +%s) - STEP_START )); STEP_START=$(date +%s)
    if [ "$2" -eq 0 ]; then SUMMARY+=("ok    $1 (${took} s)"); else SUMMARY+=("FAIL  $1 (${took} s)"); FAILED=1; fi
}

# --- tools ---------------------------------------------------------------------------
say "tools"
apt_install() {
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@") >/dev/null
}
command -v java >/dev/null || apt_install default-jre-headless
command -v chromium >/dev/null || apt_install chromium
command -v npm >/dev/null || apt_install nodejs npm
"$PYTHON" -c "import bs4, playwright" 2>/dev/null || "$PYTHON" -m pip install --quiet beautifulsoup4 playwright
command -v linkchecker >/dev/null || "$PYTHON" -m pip install --quiet linkchecker
NPM_PACKAGES=("axe-core@$AXE_VERSION" "vnu-jar@$VNU_VERSION")
[ "$LIGHTHOUSE" -eq 1 ] && NPM_PACKAGES+=("lighthouse@$LIGHTHOUSE_VERSION")
for package in "${NPM_PACKAGES[@]}"; do
    name=${package%@*}
    if [ "$(node -p "try{require('$TOOLS/node_modules/$name/package.json').version}catch(e){''}")" != "${package##*@}" ]; then
        # One install of everything wanted: npm prunes what a later install does not name.
        npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$TOOLS" "${NPM_PACKAGES[@]}" >/dev/null
        break
    fi
done
VNU=$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar
AXE_JS=$TOOLS/node_modules/axe-core/axe.min.js
java -version 2>&1 | head -n 1
echo "vnu $(java -jar "$VNU" --version), axe-core $AXE_VERSION, $(linkchecker --version 2>/dev/null | head -n 1)"

# --- build and serve -----------------------------------------------------------------
WORK=$(mktemp -d)
chmod 755 "$WORK"   # linkchecker drops root privileges to "nobody"; keep the dir readable
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve() {  # serve SITE_DIR PREFIX PORT: in the background until the script ends
    "$PYTHON" "$CHECKS/serve.py" "$1" "$2" "$3" &
    PIDS+=($!)
    for _ in $(seq 50); do
        curl -s -o /dev/null "http://127.0.0.1:$3$2" && return 0
        sleep 0.2
    done
    echo "server for $1 did not start" >&2; return 1
}

# build NAME CONTENT_DIR PREFIX: build for http://127.0.0.1:PORT/PREFIX and serve it there;
# sets URL_<NAME> and DIR_<NAME>.
build() {
    local name=$1 content=$2 prefix=$3 port
    port=$(free_port)
    local url="http://127.0.0.1:$port$prefix"
    "$PYTHON" build.py render --quiet --content "$content" --output "$WORK/$name" --base-url "$prefix" --site-url "$url"
    serve "$WORK/$name" "$prefix" "$port"
    printf -v "URL_$name" '%s' "$url"
    printf -v "DIR_$name" '%s' "$WORK/$name"
    local pages
    pages=$(find "$WORK/$name" -name '*.html' -not -path '*/pagefind/*' | wc -l)
    echo "$name: $pages pages, $(du -sh "$WORK/$name" | cut -f1) on disk, index.html $(wc -c <"$WORK/$name/index.html") bytes -> $url"
}

say "build"
STEP_START=$(date +%s)
build seed content /
build subpath content /REPO/
SITES=(seed)
if [ "$SYNTHETIC" -eq 1 ]; then
    "$PYTHON" -c "import sys; from pathlib import Path; sys.path.insert(0, 'bench'); \
from synthetic import make_catalog; make_catalog(Path(sys.argv[1]), int(sys.argv[2]))" \
        "$WORK/synthetic-content" "$SYNTHETIC_PAPERS"
    build synthetic "$WORK/synthetic-content" /
    SITES+=(synthetic)
fi
record "builds" 0

# --- checks --------------------------------------------------------------------------
for site in "${SITES[@]}"; do
    dir_var=DIR_$site; url_var=URL_$site
    dir=${!dir_var}; url=${!url_var}

    say "$site: Nu Html Checker"
    status=0
    find "$dir" -name '*.html' -not -path '*/pagefind/*' -print0 |
        xargs -0 java -Xss8m -jar "$VNU" --errors-only --format gnu || status=1
    record "$site: Nu Html Checker, $(find "$dir" -name '*.html' -not -path '*/pagefind/*' | wc -l) pages" $status

    say "$site: feed, sitemap, JSON-LD, Scholar and social tags"
    status=0; "$PYTHON" "$CHECKS/metadata.py" "$dir" "$url" || status=1
    record "$site: feed, sitemap, JSON-LD, Scholar, canonical/og" $status

    say "$site: axe-core"
    every=(--every-page); [ "$site" = synthetic ] && every=(--two-views)
    status=0; "$PYTHON" "$CHECKS/axe.py" "$url" "$AXE_JS" "${every[@]}" || status=1
    record "$site: axe-core" $status
done

say "links at / and under /REPO/ (linkchecker)"
# As in check_pages.sh: fetch every URL on this server (--check-extern), ignore the rest.
linkcheck() {  # linkcheck PORT URL...
    local port=$1; shift
    linkchecker --no-status --no-robots --check-extern --threads 4 --timeout 10 \
        --ignore-url "^(?!http://127\\.0\\.0\\.1:$port/)" "$@"
}
for site in seed subpath; do
    url_var=URL_$site; url=${!url_var}; dir_var=DIR_$site
    port=${url#http://127.0.0.1:}; port=${port%%/*}
    # 404.html as Pages serves it at a deep missing URL (a copy, so the start URL is a 200).
    mkdir -p "${!dir_var}/papers/does/not/exist"
    cp "${!dir_var}/404.html" "${!dir_var}/papers/does/not/exist/index.html"
    status=0
    linkcheck "$port" "$url" "${url}sitemap.xml" || status=1  # feed links: metadata.py
    linkcheck "$port" -r 1 "${url}papers/does/not/exist/" || status=1
    record "$site: links (${url#http://127.0.0.1:$port})" $status
done

if [ "$LIGHTHOUSE" -eq 1 ]; then
    say "Lighthouse (index and a paper page, mobile and desktop)"
    status=0
    CHROME_PATH=$(command -v chromium) LIGHTHOUSE_CLI="$TOOLS/node_modules/lighthouse/cli/index.js" \
        "$PYTHON" "$CHECKS/lighthouse.py" "$URL_seed" || status=1
    record "seed: Lighthouse >= 98, layout shift <= 0.02" $status
fi

say "summary ($(( $(date +%s) - STARTED )) s)"
printf '%s\n' "${SUMMARY[@]}"
exit $FAILED
