#!/usr/bin/env bash
# verify-site.sh: check the generator's output with tools nobody here wrote.
#
# Usage:
#   scripts/verify-site.sh                          build the site twice, check both
#   scripts/verify-site.sh --skip-build DIR BASE_URL   check an existing output DIR,
#                                                   built with `-u BASE_URL`
# Options:
#   --only LIST   run only these checks (comma-separated): html,inside,links,axe,feeds
#   --keep        keep the temporary directory (builds, nginx logs, reports)
#   -h, --help    this text
#
# Without --skip-build it runs, from the repository root:
#   cargo run --release -- build -o TMP/site-a -u https://example.org/some/path
#   cargo run --release -- build -o TMP/site-b -u http://127.0.0.1:PORT/sub/dir/
# (site-a: a foreign host and a base URL without its trailing slash; site-b:
# what nginx serves under /sub/dir/ on a free loopback port). Set DOSSIER_ARGS
# to pass more flags to `build` (e.g. DOSSIER_ARGS="--drafts").
#
# Checks (each one runs even if an earlier one failed; exit 1 if any failed):
#   html    Nu HTML Checker (npm vnu-jar, run with java) on every .html page:
#           no errors allowed.
#   inside  every URL in every HTML/CSS file that points at the site stays under
#           the base URL's path and names a file that exists (scripts/verify/inside.py).
#   links   nginx serves the output under the base URL's path on 127.0.0.1, and
#           LinkChecker (Debian's linkchecker) crawls it from that root, the
#           404 page and the sitemap: no broken link, no broken #anchor,
#           nothing outside the path (it 404s there); links to other hosts are
#           not fetched (there is no network), only their syntax is checked.
#   axe     axe-core (npm) in headless Debian Chromium (via playwright-core) on
#           each kind of page, light and dark colour scheme: no violation of
#           impact serious or critical.
#   feeds   sitemap.xml against the sitemaps.org 0.9 XML Schema (xmllint, the
#           XSD shipped in npm `sitemap`) and atom.xml against RFC 4287's
#           requirements, plus feedparser (scripts/verify/feeds.py).
#
# Needs: java, node, python3, nginx, linkchecker, xmllint, /usr/bin/chromium,
# and `npm ci` in scripts/ (.ci/run installs all of it; see the README).
# With --skip-build, BASE_URL's path is where nginx serves DIR; if BASE_URL is
# http://127.0.0.1:PORT/..., that port is used, otherwise a free one (absolute
# links to a foreign host are then checked by `inside`, not by LinkChecker).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
NODE_MODULES="$HERE/node_modules"
VNU_JAR="$NODE_MODULES/vnu-jar/build/dist/vnu.jar"
SITEMAP_XSD="$NODE_MODULES/sitemap/schema/sitemap.xsd"
PY=python3
[ -x "$HERE/.venv/bin/python3" ] && PY="$HERE/.venv/bin/python3"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

SKIP_BUILD=0 KEEP=0 ONLY="html,inside,links,axe,feeds" DIR="" BASE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build)
      [ $# -ge 3 ] || { echo "--skip-build needs DIR and BASE_URL" >&2; exit 2; }
      SKIP_BUILD=1 DIR=$(cd "$2" && pwd) BASE=$3; shift 3 ;;
    --only) ONLY=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$ONLY," == *",$1,"* ]]; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/verify-site.XXXXXX")
NGINX_PID=""
cleanup() {
  if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  if [ "$KEEP" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

STAGE_T=$SECONDS
stage() { printf '\n=== verify-site: %s ===\n' "$*"; STAGE_T=$SECONDS; }
declare -a SUMMARY=()
declare -A STATUS=()
FAILED=0
result() { # name status detail
  SUMMARY+=("$(printf '%-7s %-4s %4s  %s' "$1" "$2" "$((SECONDS - STAGE_T))s" "$3")")
  if [ "$2" = ok ]; then STATUS[$1]=${STATUS[$1]:-ok}; else STATUS[$1]=FAIL; FAILED=1; fi
}
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---- tools present? ------------------------------------------------------
missing=()
wants html  && { command -v java >/dev/null || missing+=(java); [ -f "$VNU_JAR" ] || missing+=("$VNU_JAR"); }
wants links && { command -v nginx >/dev/null || missing+=(nginx); command -v linkchecker >/dev/null || missing+=(linkchecker); }
wants axe   && { command -v node >/dev/null || missing+=(node); [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
                 [ -d "$NODE_MODULES/axe-core" ] && [ -d "$NODE_MODULES/playwright-core" ] || missing+=("$NODE_MODULES/{axe-core,playwright-core}"); }
wants feeds && { command -v xmllint >/dev/null || missing+=(xmllint); [ -f "$SITEMAP_XSD" ] || missing+=("$SITEMAP_XSD"); }
if [ ${#missing[@]} -gt 0 ]; then
  echo "verify-site: missing: ${missing[*]}" >&2
  echo "  install them as .ci/run does (apt-get install chromium nginx linkchecker libxml2-utils default-jre-headless;" >&2
  echo "  cd scripts && npm ci), or choose checks with --only" >&2
  exit 2
fi

# ---- the sites to check ----------------------------------------------------
# SITES: "DIR BASE_URL" pairs; SERVE_DIR/SERVE_BASE: the one nginx serves.
declare -a SITES=()
if [ "$SKIP_BUILD" = 1 ]; then
  [ -f "$DIR/index.html" ] || { echo "verify-site: $DIR/index.html does not exist" >&2; exit 2; }
  case "$BASE" in */) ;; *) BASE="$BASE/" ;; esac
  SITES+=("$DIR $BASE")
  SERVE_DIR=$DIR
  if [[ "$BASE" =~ ^http://127\.0\.0\.1:([0-9]+)(/.*)$ ]]; then
    PORT=${BASH_REMATCH[1]} SUBPATH=${BASH_REMATCH[2]}
  else
    PORT=$(free_port) SUBPATH=$("$PY" -c 'import sys,urllib.parse as u; print(u.urlsplit(sys.argv[1]).path or "/")' "$BASE")
  fi
  SERVE_BASE="http://127.0.0.1:$PORT$SUBPATH"
else
  PORT=$(free_port) SUBPATH=/sub/dir/
  SERVE_BASE="http://127.0.0.1:$PORT$SUBPATH"
  A_BASE="https://example.org/some/path"
  cd "$ROOT"
  # shellcheck disable=SC2086
  for pair in "site-a $A_BASE" "site-b $SERVE_BASE"; do
    set -- $pair
    stage "build $1: cargo run --release -- build -o $WORK/$1 -u $2 ${DOSSIER_ARGS:-}"
    start=$SECONDS
    if ! cargo run --release --quiet -- build -o "$WORK/$1" -u "$2" ${DOSSIER_ARGS:-} > "$WORK/build-$1.log" 2>&1; then
      cat "$WORK/build-$1.log"
      echo "verify-site: FAILED: the build itself failed (output above)"
      exit 1
    fi
    tail -n 3 "$WORK/build-$1.log"
    echo "built $(find "$WORK/$1" -name '*.html' | wc -l) HTML pages in $((SECONDS - start)) s"
  done
  SITES+=("$WORK/site-a ${A_BASE}/" "$WORK/site-b $SERVE_BASE")
  SERVE_DIR="$WORK/site-b"
fi

# ---- html: Nu HTML Checker ---------------------------------------------
if wants html; then
  dirs=(); pages=0
  for s in "${SITES[@]}"; do d=${s%% *}; dirs+=("$d"); pages=$((pages + $(find "$d" -name '*.html' | wc -l))); done
  stage "html: Nu HTML Checker ($(java -jar "$VNU_JAR" --version 2>/dev/null || true)) on $pages pages"
  if java -jar "$VNU_JAR" --errors-only --skip-non-html "${dirs[@]}" > "$WORK/vnu.txt" 2>&1; then
    echo "no errors"
    result html ok "$pages pages, 0 errors"
  else
    # file:/tmp/verify-site.X/site-b/a/index.html -> site-b/a/index.html
    sed -e "s#file:$WORK/##g" -e "s#file:$ROOT/##g" "$WORK/vnu.txt" > "$WORK/vnu-short.txt"
    head -n 60 "$WORK/vnu-short.txt"
    n=$(grep -c ': error:' "$WORK/vnu.txt" || true)
    np=$(grep ': error:' "$WORK/vnu.txt" | cut -d'"' -f2 | sort -u | wc -l)
    [ "$n" -gt 60 ] && echo "... (first 60 of $n errors shown)"
    echo "-- errors by message (count, first pages):"
    "$PY" - "$WORK/vnu-short.txt" <<'PYEOF'
import re, sys, collections
by = collections.defaultdict(list)
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    m = re.match(r'"([^"]*)":[0-9.-]*: error: (.*)', line.strip())
    if m:
        by[m.group(2)].append(m.group(1))
for msg, pages in sorted(by.items(), key=lambda kv: -len(kv[1])):
    uniq = list(dict.fromkeys(pages))
    print(f"  {len(pages):4d}x {msg}")
    print("        on " + ", ".join(uniq[:4]) + (f" and {len(uniq) - 4} more pages" if len(uniq) > 4 else ""))
PYEOF
    result html FAIL "$n error(s) on $np of $pages pages"
  fi
fi

# ---- inside: nothing points outside the base path ----------------------
if wants inside; then
  stage "inside: links stay under the base URL and name existing files"
  bad=0 detail=""
  for s in "${SITES[@]}"; do
    set -- $s
    if "$PY" "$HERE/verify/inside.py" "$1" "$2" > "$WORK/inside.txt"; then :; else bad=1; fi
    sed -e "s#^inside #inside #" "$WORK/inside.txt" | head -n 200
    detail+="$(tail -n 1 "$WORK/inside.txt" | sed 's/.*: //'); "
  done
  [ $bad = 0 ] && result inside ok "${detail%; }" || result inside FAIL "${detail%; }"
fi

# ---- links: nginx + LinkChecker ----------------------------------------
if wants links; then
  stage "links: nginx serving $SERVE_DIR at $SERVE_BASE, crawled by LinkChecker"
  mkdir -p "$WORK/nginx"
  user_line=""; [ "$(id -u)" = 0 ] && user_line="user root;"
  cat > "$WORK/nginx/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $WORK/nginx/access.log;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    server {
        listen 127.0.0.1:$PORT;
        server_name localhost;
        absolute_redirect off;
        # lets LinkChecker go faster than its polite default of 10 requests/s
        add_header LinkChecker "verify-site";
        location $SUBPATH {
            alias $SERVE_DIR/;
            index index.html;
            error_page 404 ${SUBPATH}404.html;
        }
        location / { return 404; }
    }
}
EOF
  nginx -e "$WORK/nginx/error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
  NGINX_PID=$!
  up=0
  for _ in $(seq 1 50); do
    if curl -fsS -o /dev/null "$SERVE_BASE" 2>/dev/null; then up=1; break; fi
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.2
  done
  if [ $up = 0 ]; then
    cat "$WORK/nginx/error.log" 2>/dev/null || true
    result links FAIL "nginx did not serve $SERVE_BASE"
  else
    echo "nginx $(nginx -v 2>&1 | sed 's#.*/##') up (pid $NGINX_PID)"
    code=$(curl -s -o /dev/null -w '%{http_code}' "${SERVE_BASE}no-such-page-$$/")
    echo "a missing page answers HTTP $code"
    hostre=$(printf '%s' "http://127.0.0.1:$PORT/" | sed 's/[.]/\\./g')
    cat > "$WORK/linkcheckerrc" <<EOF
[checking]
threads=4
timeout=30
maxrequestspersecond=200
robotstxt=0
[filtering]
# no network here: URLs on other hosts get a syntax check only
ignore=
  !^$hostre
checkextern=1
[output]
warnings=1
status=0
[AnchorCheck]
EOF
    starts=("$SERVE_BASE")
    [ -f "$SERVE_DIR/404.html" ] && starts+=("${SERVE_BASE}404.html")
    [ -f "$SERVE_DIR/sitemap.xml" ] && starts+=("${SERVE_BASE}sitemap.xml")
    set +e
    HOME="$WORK" linkchecker -f "$WORK/linkcheckerrc" --no-status "${starts[@]}" > "$WORK/linkchecker.txt" 2> "$WORK/linkchecker.err"
    lc=$?
    set -e
    grep -v -e '^WARNING linkcheck.check .*dropping privileges' -e '^INFO ' "$WORK/linkchecker.err" || true
    summary=$(grep -E '^That.s it\.' "$WORK/linkchecker.txt" | head -n 1)
    stats=$(grep -E 'links? in [0-9]+ URLs? checked' "$WORK/linkchecker.txt" | head -n 1 | sed 's/^That.s it\. *//')
    if [ $lc = 0 ]; then
      echo "${summary:-LinkChecker found nothing wrong}"
      result links ok "${stats:-no broken links}; missing page -> HTTP $code"
    else
      # print the report from the first result on, without the banner
      sed -n '/^Start checking/,$p' "$WORK/linkchecker.txt" | sed '/^Start checking/d' | head -n 300
      [ -s "$WORK/linkchecker.txt" ] || cat "$WORK/linkchecker.txt"
      errs=$(grep -oE '[0-9]+ errors? found' "$WORK/linkchecker.txt" | head -n 1)
      warns=$(grep -oE '[0-9]+ warnings? found' "$WORK/linkchecker.txt" | head -n 1)
      result links FAIL "LinkChecker exit $lc: ${errs:-?}, ${warns:-?} (${stats:-})"
    fi
    [ "$code" = 404 ] || result links FAIL "a missing page answered HTTP $code, not 404"
  fi
fi

# ---- axe: axe-core in headless Chromium --------------------------------
# the biggest page of a kind (most content, most to check)
biggest() { find "$SERVE_DIR/$1" -mindepth 2 -maxdepth 2 -name index.html -printf '%s %P\n' 2>/dev/null | sort -rn | head -n 1 | sed 's/^[0-9]* //;s#index\.html$##' || true; }
if wants axe; then
  pages=(.) absent=()
  for kind in briefings actors places sources tags; do
    p=$(biggest "$kind")
    if [ -n "$p" ]; then pages+=("$kind/$p"); else case $kind in briefings|actors) absent+=("$kind/<id>/") ;; esac; fi
  done
  for p in casualties/ timeline/ actors/ changes/ search/ 404.html; do
    if [ -e "$SERVE_DIR/$p" ]; then pages+=("$p"); else case $p in casualties/|timeline/|changes/) absent+=("$p") ;; esac; fi
  done
  stage "axe: axe-core in headless Chromium on ${#pages[@]} kinds of page"
  if [ -z "$NGINX_PID" ] || ! kill -0 "$NGINX_PID" 2>/dev/null; then
    # not served by the links check: serve it for axe only, under its sub-path
    # (the pages link their stylesheet as $SUBPATH/style.css)
    if [ "$SUBPATH" = / ]; then AXE_ROOT=$SERVE_DIR; else
      AXE_ROOT="$WORK/axe-root"
      mkdir -p "$AXE_ROOT$(dirname "${SUBPATH%/}")"
      ln -sfn "$SERVE_DIR" "$AXE_ROOT${SUBPATH%/}"
    fi
    (cd "$AXE_ROOT" && exec "$PY" -m http.server "$PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
    NGINX_PID=$!
    for _ in $(seq 1 50); do curl -fsS -o /dev/null "$SERVE_BASE" 2>/dev/null && break; sleep 0.2; done
    AXE_BASE=$SERVE_BASE
  else
    AXE_BASE=$SERVE_BASE
  fi
  set +e
  (cd "$HERE" && node verify/axe.mjs "$AXE_BASE" "${pages[@]}") 2>&1 | tee "$WORK/axe.txt"
  ax=${PIPESTATUS[0]}
  set -e
  line=$(tail -n 1 "$WORK/axe.txt" | sed 's/^axe-core [^:]*: //')
  if [ $ax = 0 ] && [ ${#absent[@]} = 0 ]; then
    result axe ok "$line"
  else
    [ ${#absent[@]} = 0 ] || echo "  FAIL  no such page in the output: ${absent[*]}"
    result axe FAIL "${line:-axe run failed (exit $ax)}${absent:+; missing: ${absent[*]}}"
  fi
fi

# ---- feeds: sitemap.xml and atom.xml ------------------------------------
if wants feeds; then
  stage "feeds: sitemap.xml (sitemaps.org 0.9 XSD) and atom.xml (RFC 4287)"
  bad=0 detail=""
  for s in "${SITES[@]}"; do
    set -- $s
    echo "-- $1 ($2)"
    if "$PY" "$HERE/verify/feeds.py" "$1" "$2" --sitemap-xsd "$SITEMAP_XSD" > "$WORK/feeds.txt"; then :; else bad=1; fi
    sed -e "s#$WORK/##g" "$WORK/feeds.txt"
    detail+="$(grep -E '^(sitemap|atom)\.xml:' "$WORK/feeds.txt" | sed 's/ (.*//' | paste -sd';' - | sed 's/;/; /'); "
  done
  [ $bad = 0 ] && result feeds ok "${detail%; }" || result feeds FAIL "${detail%; }"
fi

stage "summary"
printf '%s\n' "${SUMMARY[@]}"
npass=0 nfail=0
for k in "${!STATUS[@]}"; do if [ "${STATUS[$k]}" = ok ]; then npass=$((npass + 1)); else nfail=$((nfail + 1)); fi; done
echo "checks: $npass passed, $nfail failed"
if [ "$FAILED" = 0 ]; then
  echo "verify-site: all checks passed"
else
  echo "verify-site: FAILED (details above)"
fi
exit "$FAILED"
