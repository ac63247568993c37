#!/usr/bin/env python3
"""Check DIR/sitemap.xml and DIR/atom.xml of a site built for BASE_URL.

    python3 scripts/verify/feeds.py DIR BASE_URL [--sitemap-xsd FILE]

sitemap.xml: well-formed XML; valid against the sitemaps.org 0.9 XML Schema
(the official sitemap.xsd, as shipped in the npm package `sitemap`, checked
with xmllint from Debian's libxml2-utils); plus what the schema cannot say:
every <loc> is an absolute http(s) URL under BASE_URL that names a file in
DIR, no duplicates, at most 50,000 URLs and 50 MB. A robots.txt that names a
sitemap must name this one, absolutely.

atom.xml: well-formed XML and the requirements of RFC 4287 (Atom 1.0):
feed and each entry have exactly one id (an absolute IRI), title and
updated (an RFC 3339 date-time); the feed has an author or every entry has;
text constructs have a valid type; links have href; each entry has an
absolute rel="alternate" link (under BASE_URL, naming a file in DIR); entry
ids are unique. If the PyPI package feedparser is installed, it must also
recognise the file as Atom 1.0 without complaint.

Exit status 1 if any check fails; every problem is printed.
"""
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit, unquote

SM = '{http://www.sitemaps.org/schemas/sitemap/0.9}'
A = '{http://www.w3.org/2005/Atom}'
XHTML = '{http://www.w3.org/1999/xhtml}'
RFC3339 = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$')
W3CDT = re.compile(r'^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$')

problems = []


def bad(where, msg):
    problems.append(f'{where}: {msg}')


def local_file(url, base, root):
    """The file in root that url names, or None if url is not under base."""
    if not url.startswith(base):
        return None
    rel = unquote(urlsplit(url[len(base):]).path)
    path = os.path.join(root, rel)
    if rel == '' or rel.endswith('/') or os.path.isdir(path):
        path = os.path.join(path, 'index.html')
    return path


def check_url(where, url, base, root):
    parts = urlsplit(url)
    if parts.scheme not in ('http', 'https') or not parts.netloc:
        bad(where, f'not an absolute http(s) URL: {url!r}')
        return
    if not url.startswith(base):
        bad(where, f'not under the base URL {base}: {url}')
        return
    path = local_file(url, base, root)
    if not os.path.isfile(path):
        bad(where, f'{url} names no file in the output (looked for {os.path.relpath(path, root)})')


def parse(path, name):
    if not os.path.isfile(path):
        bad(name, 'missing')
        return None
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as e:
        bad(name, f'not well-formed XML: {e}')
        return None


def check_sitemap(root_dir, base, xsd):
    name = 'sitemap.xml'
    path = os.path.join(root_dir, name)
    root = parse(path, name)
    if root is None:
        return 0
    if xsd:
        r = subprocess.run(['xmllint', '--noout', '--nonet', '--schema', xsd, path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            for line in (r.stderr or r.stdout).splitlines():
                if line.strip() and not line.endswith(' validates'):
                    bad(name, f'XML Schema: {line.replace(path, name)}')
    if root.tag != SM + 'urlset':
        bad(name, f'root element is {root.tag}, expected urlset in the sitemaps.org 0.9 namespace')
        return 0
    if os.path.getsize(path) > 50 * 1024 * 1024:
        bad(name, 'larger than 50 MB (uncompressed)')
    urls = root.findall(SM + 'url')
    if not urls:
        bad(name, 'no <url> entries')
    if len(urls) > 50000:
        bad(name, f'{len(urls)} URLs, more than 50,000')
    seen = set()
    for i, u in enumerate(urls, 1):
        where = f'{name} <url> #{i}'
        locs = u.findall(SM + 'loc')
        if len(locs) != 1:
            bad(where, f'{len(locs)} <loc> elements, expected exactly 1')
            continue
        loc = (locs[0].text or '').strip()
        where = f'{name} <loc>{loc}</loc>'
        if len(loc) > 2048:
            bad(where, 'longer than 2,048 characters')
        check_url(where, loc, base, root_dir)
        if loc in seen:
            bad(where, 'listed twice')
        seen.add(loc)
        for lm in u.findall(SM + 'lastmod'):
            if not W3CDT.match((lm.text or '').strip()):
                bad(where, f'<lastmod> {lm.text!r} is not a W3C datetime')
        for cf in u.findall(SM + 'changefreq'):
            if (cf.text or '').strip() not in ('always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never'):
                bad(where, f'<changefreq> {cf.text!r} is not allowed')
        for pr in u.findall(SM + 'priority'):
            try:
                ok = 0.0 <= float((pr.text or '').strip()) <= 1.0
            except ValueError:
                ok = False
            if not ok:
                bad(where, f'<priority> {pr.text!r} is not between 0.0 and 1.0')
    robots = os.path.join(root_dir, 'robots.txt')
    if os.path.isfile(robots):
        for line in open(robots, encoding='utf-8', errors='replace'):
            key, _, val = line.partition(':')
            if key.strip().lower() == 'sitemap':
                val = val.strip()
                if val != base + 'sitemap.xml':
                    bad('robots.txt', f'Sitemap: {val!r}, expected {base}sitemap.xml')
    return len(urls)


def text_construct(where, el):
    t = el.get('type', 'text')
    if t not in ('text', 'html', 'xhtml'):
        bad(where, f'type="{t}" is not text, html or xhtml')
    if t == 'xhtml':
        kids = list(el)
        if len(kids) != 1 or kids[0].tag != XHTML + 'div':
            bad(where, 'type="xhtml" content must be a single xhtml:div')
    elif len(list(el)):
        bad(where, f'type="{t}" must not contain child elements (escape the markup)')


def one(where, parent, tag, required=True):
    found = parent.findall(A + tag)
    if len(found) > 1:
        bad(where, f'{len(found)} atom:{tag} elements, at most 1 allowed')
    if required and not found:
        bad(where, f'no atom:{tag} (required)')
    return found[0] if found else None


def check_iri(where, el):
    if el is None:
        return None
    v = (el.text or '').strip()
    if not urlsplit(v).scheme:
        bad(where, f'atom:id {v!r} is not an absolute IRI')
    return v


def check_date(where, el, tag):
    if el is None:
        return None
    v = (el.text or '').strip()
    if not RFC3339.match(v):
        bad(where, f'atom:{tag} {v!r} is not an RFC 3339 date-time (e.g. 2022-01-07T00:00:00Z)')
    return v


def check_links(where, parent, base, root_dir, need_alternate):
    alternates = set()
    has_alt = False
    for link in parent.findall(A + 'link'):
        href = link.get('href')
        if not href:
            bad(where, 'atom:link without href')
            continue
        rel = link.get('rel', 'alternate')
        if rel == 'alternate':
            has_alt = True
            key = (link.get('type'), link.get('hreflang'))
            if key in alternates:
                bad(where, f'two rel="alternate" links with the same type and hreflang {key}')
            alternates.add(key)
            if need_alternate:
                check_url(f'{where} link rel=alternate', href, base, root_dir)
        if rel == 'self':
            check_url(f'{where} link rel=self', href, base, root_dir)
    if need_alternate and not has_alt:
        bad(where, 'no atom:link rel="alternate" (required here)')


def persons(where, parent):
    found = parent.findall(A + 'author')
    for p in found:
        if len(p.findall(A + 'name')) != 1:
            bad(where, 'atom:author must have exactly one atom:name')
    return len(found)


def check_atom(root_dir, base):
    name = 'atom.xml'
    path = os.path.join(root_dir, name)
    root = parse(path, name)
    if root is None:
        return 0
    if root.tag != A + 'feed':
        bad(name, f'root element is {root.tag}, expected atom:feed (xmlns="http://www.w3.org/2005/Atom")')
        return 0
    where = f'{name} feed'
    check_iri(where, one(where, root, 'id'))
    t = one(where, root, 'title')
    if t is not None:
        text_construct(f'{where} atom:title', t)
    check_date(where, one(where, root, 'updated'), 'updated')
    for tag in ('subtitle', 'rights', 'icon', 'logo', 'generator'):
        one(where, root, tag, required=False)
    check_links(where, root, base, root_dir, need_alternate=False)
    if not [l for l in root.findall(A + 'link') if l.get('rel') == 'self']:
        bad(where, 'no atom:link rel="self" (RFC 4287 says SHOULD; feed readers need it)')
    feed_authors = persons(where, root)
    ids = set()
    entries = root.findall(A + 'entry')
    dates = []
    for i, e in enumerate(entries, 1):
        t = e.find(A + 'title')
        where = f'{name} entry #{i}' + (f' ({(t.text or "").strip()[:50]!r})' if t is not None else '')
        eid = check_iri(where, one(where, e, 'id'))
        if eid in ids:
            bad(where, f'atom:id {eid} used by an earlier entry')
        ids.add(eid)
        if t is not None:
            text_construct(f'{where} atom:title', t)
        one(where, e, 'title')
        upd = check_date(where, one(where, e, 'updated'), 'updated')
        pub = check_date(where, one(where, e, 'published', required=False), 'published')
        dates.append(pub or upd or '')
        for tag in ('summary', 'rights'):
            s = one(where, e, tag, required=False)
            if s is not None:
                text_construct(f'{where} atom:{tag}', s)
        c = one(where, e, 'content', required=False)
        if c is not None and c.get('src') is None and c.get('type', 'text') in ('text', 'html', 'xhtml'):
            text_construct(f'{where} atom:content', c)
        check_links(where, e, base, root_dir, need_alternate=True)
        if not feed_authors and not persons(where, e):
            bad(where, 'no atom:author, and the feed has none either')
    if dates != sorted(dates, reverse=True):
        print(f'  note: {name} entries are not newest first')
    try:
        import feedparser  # noqa: PLC0415
    except ImportError:
        print('  note: feedparser not installed; skipped its parse')
    else:
        d = feedparser.parse(path)
        if d.bozo:
            bad(name, f'feedparser: {d.bozo_exception}')
        if d.version != 'atom10':
            bad(name, f'feedparser recognises it as {d.version!r}, not Atom 1.0')
        elif len(d.entries) != len(entries):
            bad(name, f'feedparser found {len(d.entries)} entries, expected {len(entries)}')
    return len(entries)


def main():
    args = sys.argv[1:]
    xsd = None
    if '--sitemap-xsd' in args:
        i = args.index('--sitemap-xsd')
        xsd = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__)
        return 2
    root_dir, base = args
    if not base.endswith('/'):
        base += '/'
    if xsd and not shutil.which('xmllint'):
        bad('sitemap.xml', 'xmllint not installed (Debian: libxml2-utils); cannot validate against the XSD')
        xsd = None
    n_urls = check_sitemap(root_dir, base, xsd)
    n_sitemap_problems = len(problems)
    n_entries = check_atom(root_dir, base)
    for p in problems:
        print(f'  FAIL  {p}')
    print(f'sitemap.xml: {n_urls} URL(s), {n_sitemap_problems} problem(s)'
          + (' (XML Schema: sitemaps.org 0.9)' if xsd else ' (no XML Schema check)'))
    print(f'atom.xml: {n_entries} entr{"y" if n_entries == 1 else "ies"}, '
          f'{len(problems) - n_sitemap_problems} problem(s) (RFC 4287)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
