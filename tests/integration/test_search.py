"""Search, progress stream, page images, web port and `notaria reindex`, through the built
binary (issue 6).

Four text documents are uploaded (two into a dossier); the test then checks that GET
/api/search finds them with and without accents, by identifier and by phrase, filters by type,
dossier and date, answers bad parameters with JSON 4xx errors; that GET /api/events streams
the state of each document then `end`; that page images are PNGs of the right page; that the
web port serves the UI and the API on one origin; and that `notaria reindex` rebuilds a
deleted index and drops the entries of documents that are gone."""

import argparse
import concurrent.futures
import json
import os
import shutil
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

from notaria_testlib import Server, check, run_test, temp_dir

DOCS = ["docs/doc_0020.pdf", "docs/SCAN00028.pdf", "docs/piece_0036.pdf"]


def search(server, **params):
    return server.json("GET", "/api/search?" + urllib.parse.urlencode(params))


def ids(body):
    return [i["document_id"] for i in body["items"]]


def snippet_text(item):
    return "".join(("[%s]" % p["text"]) if p["hit"] else p["text"] for p in item["snippet"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--notaria", required=True)
    ap.add_argument("--shared", required=True)
    args = ap.parse_args()
    corpus = os.path.join(args.shared, "corpus")
    data = temp_dir("notaria-it-search-")
    web_root = os.path.join(data, "webroot")
    os.makedirs(os.path.join(web_root, "assets"))
    with open(os.path.join(web_root, "index.html"), "w") as f:
        f.write("<!doctype html><title>Notaria UI</title>")
    with open(os.path.join(web_root, "assets", "app.js"), "w") as f:
        f.write("console.log('ui')")
    server = Server(args.notaria, data, env={"EXTERNAL_APIS_MODE": "offline",
                                             "WEB_ROOT": web_root})
    passed = 0
    try:
        server.start()
        status, dossier = server.json("POST", "/api/dossiers", json.dumps({"type": "vente", "name": "Test"}).encode(), {"Content-Type": "application/json"})
        check(status == 201, ("dossier", status, dossier))
        uploaded = {}
        for i, rel in enumerate(DOCS):
            fields = {"dossier_id": dossier["dossier_id"]} if i < 2 else None
            status, body = server.upload(os.path.join(corpus, rel), fields=fields)
            check(status in (200, 201, 202), ("upload", rel, status, body))
            uploaded[rel] = body["document_id"]
        all_ids = list(uploaded.values())

        # The progress stream: every document's state first, then its changes, then `end`.
        url = server.base + "/api/events?ids=" + ",".join(all_ids)
        events, started = [], time.time()
        with urllib.request.urlopen(url, timeout=300) as r:
            check(r.headers["Content-Type"].startswith("text/event-stream"), r.headers)
            name = None
            for raw in r:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    events.append((name, line[6:]))
                    if name == "end":
                        break
        check(events and events[-1][0] == "end", ("no end event", events[-3:]))
        progress = [e for e in events if e[0] == "progress"]
        check(len(progress) >= len(all_ids), ("a first state per document", len(progress)))
        finals = {}
        for _, data_line in progress:
            p = json.loads(data_line)
            check(set(p) >= {"document_id", "status", "stage", "percent", "error"}, p)
            finals[p["document_id"]] = p
        check(all(finals[i]["status"] == "done" and finals[i]["percent"] == 100 for i in all_ids),
              ("all done at the end of the stream", finals))
        print("events: %d progress events, end after %.1f s" % (len(progress),
                                                                 time.time() - started))
        passed += 1
        status, body = server.json("GET", "/api/events")
        check(status == 400 and body["error"]["code"] == "MISSING_PARAMETER", (status, body))
        status, body = server.json("GET", "/api/events?ids=nope")
        check(status == 404 and body["error"]["code"] == "DOCUMENT_NOT_FOUND", (status, body))
        passed += 1

        vente, scan, promesse = (uploaded[d] for d in DOCS)
        # Accents and case do not matter; the snippet shows the page's own characters.
        for q in ("Colmar", "COLMAR", "colmar"):
            status, body = search(server, q=q)
            check(status == 200 and ids(body) == [scan], (q, status, body))
        item = body["items"][0]
        check(item["filename"] == "SCAN00028.pdf" and item["document_type"] == "acte_vente", item)
        check("[COLMAR]" in snippet_text(item), snippet_text(item))
        check(item["dossier_id"] == dossier["dossier_id"] and item["date"] == "2024-03-13", item)
        status, body = search(server, q="Pessac")
        check(ids(body) == [vente], body)
        status, body = search(server, q="pessac")
        check(ids(body) == [vente], body)
        passed += 1
        # A parcel however it is typed opens the page that names it.
        for q in ("AB 1301", "ab1301", "section AB numéro 1301"):
            status, body = search(server, q=q)
            check(ids(body) == [scan], (q, body))
            check("1301]" in snippet_text(body["items"][0]), snippet_text(body["items"][0]))
            page = body["items"][0]["page"]
            status, doc = server.json("GET", "/api/notary/documents/" + scan)
            check("1301" in doc["result"]["pages"][page - 1]["text"], (q, page))
        # A type word, a phrase, an exclusion, OR.
        status, body = search(server, q="promesse")
        check(ids(body) == [promesse], body)
        status, body = search(server, q='"pleine propriété"')
        check(set(ids(body)) == {vente, scan}, body)
        check("[pleine propriété]" in snippet_text(body["items"][0]), snippet_text(body["items"][0]))
        status, body = search(server, q="vente -colmar")
        check(scan not in ids(body) and vente in ids(body), body)
        status, body = search(server, q="colmar OR pessac")
        check(set(ids(body)) == {vente, scan}, body)
        # An exclusion leaves out the whole document: the deed says Pessac on page 1 only and
        # amiante on page 4 only.
        status, body = search(server, q="pessac -amiante")
        check(status == 200 and ids(body) == [] and body["total"] == 0, body)
        status, body = search(server, q="pessac NOT amiante")
        check(status == 200 and ids(body) == [], body)
        # Dangling operators are dropped rather than searched for.
        for q in ("pessac OR", "OR pessac", "pessac AND", "pessac NOT"):
            status, body = search(server, q=q)
            check(status == 200 and ids(body) == [vente], (q, body))
        passed += 1
        # Filters: type, dossier, dates; pagination.
        status, body = search(server, q="vente", type="compromis_vente")
        check(ids(body) == [promesse], body)
        status, body = search(server, q="vente", dossier_id=dossier["dossier_id"])
        check(set(ids(body)) == {vente, scan} and body["total"] == 2, body)
        status, body = search(server, q="vente", **{"from": "2024-03-01", "to": "2024-03-31"})
        check(ids(body) == [scan], body)
        status, first = search(server, q="vente", limit=1)
        status, second = search(server, q="vente", limit=1, offset=1)
        check(first["total"] == 3 and len(first["items"]) == 1 and
              ids(first) != ids(second), (first, second))
        passed += 1
        # Bad input: JSON 4xx with a code.
        for params, code, expected in (
                ({}, 400, "MISSING_QUERY"), ({"q": "  "}, 400, "MISSING_QUERY"),
                ({"q": "x" * 501}, 400, "QUERY_TOO_LONG"),
                ({"q": "vente", "type": "facture"}, 400, "INVALID_PARAMETER"),
                ({"q": "vente", "from": "2024-13-01"}, 400, "INVALID_PARAMETER"),
                ({"q": "vente", "from": "2024-05-01", "to": "2024-01-01"}, 400,
                 "INVALID_PARAMETER"),
                ({"q": "vente", "limit": "0"}, 400, "INVALID_PARAMETER"),
                ({"q": "vente", "dossier_id": "dos_nope"}, 404, "DOSSIER_NOT_FOUND")):
            status, body = search(server, **params)
            check(status == code and body["error"]["code"] == expected, (params, status, body))
        status, body = search(server, q='"unbalanced')
        check(status == 200, (status, body))
        for params, code, expected in (
                ({"q": "-amiante"}, 400, "INVALID_QUERY"),
                ({"q": "NOT amiante"}, 400, "INVALID_QUERY"),
                ({"q": "OR"}, 400, "INVALID_QUERY"),
                ({"q": "\u00a0\u200b"}, 400, "MISSING_QUERY"),
                ({"q": "vente", "from": "2024-02-30"}, 400, "INVALID_PARAMETER")):
            status, body = search(server, **params)
            check(status == code and body["error"]["code"] == expected, (params, status, body))
            check(any(c in body["error"]["message"] for c in "éèàçù"), body)  # French
            # An operator alone is not an exclusion: the message does not say it is.
            check(("exclusion" in body["error"]["message"]) == ("amiante" in params["q"]),
                  (params, body))
        # Text that is not UTF-8, or holds a NUL, is refused before anything reads it.
        for raw in ("/api/search?q=%ff%fe", "/api/search?q=vente%c3", "/api/search?q=vente&type=%ff",
                    "/api/events?ids=%ff", "/api/search?q=vente%00"):
            status, body = server.json("GET", raw)
            check(status == 400 and body["error"]["code"] == "INVALID_PARAMETER", (raw, status, body))
        passed += 1

        # Page images: a PNG of the page asked for, cached; errors are JSON.
        status, headers, png = server.request(
            "GET", "/api/notary/documents/%s/pages/2/image?width=600" % scan)
        check(status == 200 and png[:8] == b"\x89PNG\r\n\x1a\n", (status, png[:40]))
        check(headers.get("Content-Type") == "image/png", headers)
        status, _, again = server.request(
            "GET", "/api/notary/documents/%s/pages/2/image?width=600" % scan)
        check(again == png, "the cached image is the same")
        status, body = server.json("GET", "/api/notary/documents/%s/pages/9/image" % scan)
        check(status == 404 and body["error"]["code"] == "PAGE_NOT_FOUND", (status, body))
        status, body = server.json("GET", "/api/notary/documents/%s/pages/x/image" % scan)
        check(status == 400, (status, body))
        status, body = server.json("GET", "/api/notary/documents/nope/pages/1/image")
        check(status == 404, (status, body))
        # Many viewers of one page not yet drawn: one rendering, the same image for all.
        url = "/api/notary/documents/%s/pages/1/image?width=1800" % scan
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: server.request("GET", url), range(8)))
        check(all(a[0] == 200 for a in answers), [a[0] for a in answers])
        check(len({a[2] for a in answers}) == 1, "every viewer gets the same image")
        passed += 1

        # HEAD of the progress stream: the headers, not the stream.
        started = time.time()
        status, headers, body = server.request("HEAD", "/api/events?ids=" + vente)
        check(status == 200 and body == b"" and time.time() - started < 5,
              (status, body[:80], time.time() - started))
        check(headers.get("Content-Type", "").startswith("text/event-stream"), headers)
        passed += 1

        # The web port: the UI's files, index.html for the UI's own paths, the API alongside.
        web = "http://127.0.0.1:%d" % server.web_port
        with urllib.request.urlopen(web + "/") as r:
            check(b"Notaria UI" in r.read() and r.headers["Content-Type"].startswith("text/html"),
                  "index")
        with urllib.request.urlopen(web + "/assets/app.js") as r:
            check(r.headers["Content-Type"].startswith("text/javascript"), r.headers)
        with urllib.request.urlopen(web + "/dossiers/x") as r:
            check(b"Notaria UI" in r.read(), "deep link gets index.html")
        with urllib.request.urlopen(web + "/api/search?q=colmar") as r:
            check(scan in r.read().decode(), "API on the web port")
        for path, code in (("/assets/missing.js", 404), ("/api/unknown", 404)):
            try:
                urllib.request.urlopen(web + path)
                check(False, path + " should fail")
            except urllib.error.HTTPError as e:
                check(e.code == code and b'"error"' in e.read(), (path, e.code))
        out = subprocess.run(["curl", "-s", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}",
                              web + "/../../etc/passwd"], capture_output=True, text=True)
        check(out.stdout in ("400", "404", "200") and "root:" not in out.stdout, out.stdout)
        out = subprocess.run(["curl", "-s", "--path-as-is", web + "/../../etc/passwd"],
                             capture_output=True, text=True)
        check("root:" not in out.stdout, "path traversal")
        # The UI's files are read only, and a NUL cannot cut a file name short.
        for method, path, code in (("POST", "/index.html", 405), ("DELETE", "/assets/app.js", 405),
                                   ("GET", "/index.html%00.png", 400)):
            out = subprocess.run(["curl", "-s", "-X", method, "--path-as-is", "-w", "\n%{http_code}",
                                  web + path], capture_output=True, text=True)
            body, _, got = out.stdout.rpartition("\n")
            check(got == str(code) and '"error"' in body, (method, path, out.stdout))
        passed += 1

        # The list carries each document's score.
        status, listed = server.json("GET", "/api/notary/documents?limit=10")
        for d in listed["items"]:
            status, full = server.json("GET", "/api/notary/documents/" + d["document_id"])
            check(d["credibility_score"] == full["result"]["score"]["value"], (d, full["result"]["score"]))
        passed += 1

        # reindex: a deleted index comes back whole; it runs beside the server.
        shutil.rmtree(os.path.join(data, "search"))
        status, body = search(server, q="colmar")
        check(status == 200 and body["total"] == 0, body)
        out = subprocess.run([args.notaria, "reindex"], env=server.env, capture_output=True,
                             text=True, timeout=300)
        check(out.returncode == 0 and "3 document(s) indexed" in out.stderr, out.stderr)
        status, body = search(server, q="colmar")
        check(ids(body) == [scan], body)
        passed += 1

        # Documents analysed before search existed (an upgrade: no index stage recorded, no
        # index) are indexed when the server starts again.
        server.stop()
        shutil.rmtree(os.path.join(data, "search"))
        db = sqlite3.connect(os.path.join(data, "notaria.db"))
        db.execute("DELETE FROM stage_outputs WHERE stage = 'index'")
        db.commit()
        db.close()
        server.start()
        deadline = time.time() + 60
        while time.time() < deadline:
            # While the index is rebuilt the search answers what it has, never an error.
            status, body = search(server, q="colmar OR pessac OR promesse")
            check(status == 200, ("search while catching up", status, body))
            if body["total"] == 3:
                break
            time.sleep(0.5)
        check(body["total"] == 3, ("earlier documents indexed at start", body))
        passed += 1
    finally:
        server.stop()
    print("%d passed, 0 failed" % passed)
    return 0


if __name__ == "__main__":
    run_test(main)
