#!/usr/bin/env python3
"""Every link of a site built for BASE_URL stays inside BASE_URL's path.

    python3 scripts/verify/inside.py DIR BASE_URL

Reads every .html and .css file in DIR and every URL in them (href, src,
srcset, action, poster, ..., Open Graph meta tags, CSS url()). A URL that is
root-relative ("/x"), scheme-relative ("//host/x") or absolute on the base
URL's host must lie under the base URL's path; a relative URL must not climb
out of it. Such internal URLs must also name a file in DIR (a directory
means its index.html). Links to other hosts are not followed here.
Exit status 1 on any problem; each is printed with its page.
"""
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, unquote

URL_ATTRS = {'href', 'src', 'action', 'formaction', 'poster', 'cite', 'data',
             'manifest', 'background', 'longdesc', 'xlink:href'}
META_URL = {'og:url', 'og:image', 'og:audio', 'og:video', 'twitter:image', 'twitter:url'}
CSS_URL = re.compile(r'url\(\s*([\'"]?)([^\'")]+)\1\s*\)')
SKIP = ('#', 'mailto:', 'tel:', 'data:', 'javascript:', 'about:', 'blob:')


class Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []  # (line, what, url)
        self.base_href = None

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        a = dict(attrs)
        if tag == 'base' and a.get('href'):
            self.base_href = a['href']
        for k, v in attrs:
            if v is None:
                continue
            if k in URL_ATTRS:
                self.urls.append((line, f'<{tag} {k}>', v.strip()))
            elif k in ('srcset', 'imagesrcset'):
                for part in v.split(','):
                    if part.strip():
                        self.urls.append((line, f'<{tag} {k}>', part.strip().split()[0]))
            elif k == 'style':
                for m in CSS_URL.finditer(v):
                    self.urls.append((line, f'<{tag} style>', m.group(2).strip()))
        if tag == 'meta' and (a.get('property') in META_URL or a.get('name') in META_URL) and a.get('content'):
            self.urls.append((line, f'<meta {a.get("property") or a.get("name")}>', a['content'].strip()))

    handle_startendtag = handle_starttag


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    root, base = sys.argv[1], sys.argv[2]
    if not base.endswith('/'):
        base += '/'
    b = urlsplit(base)
    problems, n_files, n_urls = [], 0, 0
    for dirpath, _, files in os.walk(root):
        for fn in sorted(files):
            if not fn.endswith(('.html', '.css')):
                continue
            path = os.path.join(dirpath, fn)
            rel = os.path.relpath(path, root).replace(os.sep, '/')
            page_url = base + (rel[:-len('index.html')] if rel.endswith('index.html') else rel)
            text = open(path, encoding='utf-8', errors='replace').read()
            if fn.endswith('.css'):
                urls = [(text.count('\n', 0, m.start()) + 1, 'url()', m.group(2).strip())
                        for m in CSS_URL.finditer(text)]
                doc_base = page_url
            else:
                c = Collect()
                c.feed(text)
                urls = c.urls
                doc_base = urljoin(page_url, c.base_href) if c.base_href else page_url
            n_files += 1
            for line, what, url in urls:
                if not url or url.lower().startswith(SKIP):
                    continue
                n_urls += 1
                target = urljoin(doc_base, url)
                t = urlsplit(target)
                if t.scheme not in ('http', 'https') or t.netloc != b.netloc:
                    continue  # another host: not ours to check here
                if not t.path.startswith(b.path):
                    problems.append(f'{rel}:{line}: {what} {url!r} points outside {b.path} (to {t.path})')
                    continue
                local = os.path.join(root, unquote(t.path[len(b.path):]))
                if t.path.endswith('/') or os.path.isdir(local):
                    local = os.path.join(local, 'index.html')
                if not os.path.isfile(local):
                    problems.append(f'{rel}:{line}: {what} {url!r} names no file in the output '
                                    f'({os.path.relpath(local, root)})')
    for p in problems:
        print(f'  FAIL  {p}')
    print(f'inside {base}: {n_files} HTML/CSS file(s), {n_urls} URL(s), {len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
