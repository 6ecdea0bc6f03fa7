"""End-to-end test of `notaria serve` on embedded engines (issue 2).

Uploads corpus documents of every format and every file of corpus/bad/, kills the server
with SIGKILL in the middle of the run, restarts it on the same data directory, and asserts
that every document completes with the right type or the right typed error."""

import argparse
import gzip
import json
import os
import shutil
import sys
import time

from notaria_testlib import Server, check, distributed_env, run_test, temp_dir

# (corpus path, expected type): text PDFs, scanned PDFs, JPEG, PNG, multi-page TIFF, HEIC,
# ID cards and passports.
DOCUMENTS = [
    ("docs/doc_0087.pdf", "kbis"),
    ("docs/doc_0093.pdf", "rib"),
    ("docs/piece_0054.pdf", "procuration"),
    ("docs/document_0104.pdf", "dpe"),
    ("docs/doc_0116.pdf", "justificatif_domicile"),
    ("docs/doc_0058.pdf", "contrat"),
    ("docs/document_0099.pdf", "avis_imposition"),
    ("docs/doc_0023.pdf", "acte_vente"),
    ("docs/SCAN00078.pdf", "passeport"),
    ("docs/scan_0052.pdf", "procuration"),
    ("docs/IMG_20240528_146079.jpg", "rib"),
    ("docs/IMG_20250630_194709.jpg", "cni"),
    ("docs/capture_0103.png", "avis_imposition"),
    ("docs/capture_0076.png", "cni"),
    ("docs/numerisation_0039.tif", "donation"),
    ("docs/IMG_4075.HEIC", "cni"),
]

# Rejected at upload (nothing stored) with this HTTP status and code.
REJECTED_AT_UPLOAD = {"vide.pdf": (422, "EMPTY_FILE"), "acte_scanne.pdf": (415, "UNSUPPORTED_FORMAT")}
# Accepted, then failed by the pipeline with this code.
FAILED_IN_PIPELINE = {
    "releve_tronque.pdf": "CORRUPT_FILE",
    "procuration_protegee.pdf": "PASSWORD_REQUIRED",
    "photo_corrompue.jpg": "CORRUPT_FILE",
    "scan_geant.png": "IMAGE_TOO_LARGE",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--notaria", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--distributed", metavar="SERVICES_DIR",
                    help="run on PostgreSQL + Redis + S3 (started by scripts/test-services.sh "
                         "in SERVICES_DIR): one `serve --workers 0` and two `worker` processes")
    args = ap.parse_args()
    corpus = os.path.join(args.shared, "corpus")
    bad_index = json.load(open(os.path.join(corpus, "bad", "index.json")))
    data = temp_dir("notaria-it-")
    if args.distributed:
        env = distributed_env(args.distributed, "api")
        check(env is not None, "the engines are not running in " + args.distributed)
        server = Server(args.notaria, data, env=env, worker_processes=2)
    else:
        server = Server(args.notaria, data)
    passed = failed = 0
    try:
        server.start()
        status, health = server.json("GET", "/api/health")
        check(status == 200 and health["status"] == "ok", health)
        for name in ("database", "storage", "queue"):
            check(health["services"][name]["status"] == "ok", health)
        # Registers off by choice are said, and do not make the platform degraded.
        check(health["services"]["registers"] == {"status": "off", "mode": "offline"}, health)

        expected = {}  # document_id -> ("type", t) | ("error", code) | ("done", None)
        for rel, doc_type in DOCUMENTS:
            status, body = server.upload(os.path.join(corpus, rel))
            check(status == 201, (rel, status, body))
            check(set(body) >= {"document_id", "mime_type", "functional_type", "status"}, body)
            expected[body["document_id"]] = ("type", doc_type, rel)

        for entry in bad_index["entries"]:
            path = os.path.join(corpus, "bad", entry["file"])
            status, body = server.upload(path, filename=entry["intended_name"])
            name = entry["file"]
            if name in REJECTED_AT_UPLOAD:
                want_status, want_code = REJECTED_AT_UPLOAD[name]
                check(status == want_status and body["error"]["code"] == want_code,
                      (name, status, body))
                continue
            check(status == 201, (name, status, body))
            if name in FAILED_IN_PIPELINE:
                expected[body["document_id"]] = ("error", FAILED_IN_PIPELINE[name], name)
            else:
                check(entry["expected"] == "process" or "acceptable_alternative" in entry, entry)
                expected[body["document_id"]] = ("type", entry.get("document_type"), name)
            if entry["intended_name"].startswith("../"):
                check(body["filename"] == "dpe.pdf", body)

        # Same bytes again: the same document, flagged duplicate.
        status, dup = server.upload(os.path.join(corpus, DOCUMENTS[0][0]), filename="copie.pdf")
        check(status == 200 and dup["duplicate"] is True, dup)
        check(dup["document_id"] in expected, dup)
        # Two files in one upload: refused whole, rather than the second silently dropped.
        before = server.json("GET", "/api/notary/documents?limit=1")[1]["total"]
        boundary = "twofiles"
        part = ('--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n\r\n'
                "%%PDF-1.4 %s\r\n")
        body = ((part % (boundary, "a.pdf", "a")) + (part % (boundary, "b.pdf", "b"))
                + "--%s--\r\n" % boundary).encode()
        status, err = server.json("POST", "/api/notary/upload", body,
                                  {"Content-Type": "multipart/form-data; boundary=" + boundary})
        check(status == 400 and err["error"]["code"] == "TOO_MANY_FILES", (status, err))
        check(server.json("GET", "/api/notary/documents?limit=1")[1]["total"] == before,
              "a refused upload left a document")

        # Kill the server while documents are still being read, then restart it.
        time.sleep(3)
        status, listing = server.json("GET", "/api/notary/documents?limit=200")
        unfinished = [d for d in listing["items"] if d["status"] not in ("done", "failed")]
        print("killing the server with %d of %d documents unfinished"
              % (len(unfinished), listing["total"]))
        check(len(unfinished) > 0, "the kill must happen mid-run")
        server.kill()
        server.start()

        docs = server.wait_all(list(expected), timeout=900)
        for doc_id, (kind, want, label) in expected.items():
            doc = docs[doc_id]
            if kind == "error":
                ok = doc["status"] == "failed" and doc["error"]["code"] == want
                got = (doc["status"], doc["error"])
            else:
                ok = doc["status"] == "done" and doc["document_type"] == want
                got = (doc["status"], doc["document_type"], doc["error"])
            print("%-4s %-45s want %-22s got %s" % ("ok" if ok else "FAIL", label[:45], want, got))
            if ok:
                passed += 1
            else:
                failed += 1
            if doc["status"] == "done":
                pages = doc["result"]["pages"]
                check(len(pages) == doc["page_count"] and pages, (label, doc["page_count"]))
                check(all(p["text"] for p in pages) or kind != "type", label)

        # The 4NK_IA analysis of a document: type, score, summary, recommendations.
        cni = next(i for i, v in expected.items() if v[1] == "cni")
        status, an = server.json("GET", "/api/documents/%s/analyze" % cni)
        check(status == 200 and an["document_type"] == "cni" and an["is_cni"] is True, an)
        check(0 <= an["credibility_score"] <= 1 and an["summary"], an)
        check(isinstance(an["recommendations"], list), an)
        locked = next(i for i, v in expected.items() if v[1] == "PASSWORD_REQUIRED")
        status, err = server.json("GET", "/api/documents/%s/analyze" % locked)
        check(status == 422 and err["error"]["code"] == "PASSWORD_REQUIRED", err)
        # A finished document carries entities, findings, score and synthesis.
        kbis = next(i for i, v in expected.items() if v[2] == "docs/doc_0087.pdf")
        result = docs[kbis]["result"]
        check(result["entities"]["companies"] and result["score"]["components"], result.keys())
        check(result["synthesis"]["generated_by"] == "rules", result["synthesis"])

        # Multi-page TIFF: every page read.
        tif = next(i for i, v in expected.items() if v[2].endswith(".tif"))
        check(docs[tif]["page_count"] == 2, docs[tif]["page_count"])

        # The list never carries full text; filters and pagination work.
        status, headers, raw = server.request(
            "GET", "/api/notary/documents?limit=200", headers={"Accept-Encoding": "gzip"})
        check(status == 200 and headers.get("Content-Encoding") == "gzip", headers)
        listing = json.loads(gzip.decompress(raw))
        check(listing["total"] == len(expected), listing["total"])
        check('"text"' not in json.dumps(listing), "full text leaked into the list")
        # Each finished row counts its findings by severity, as the document's result has them.
        for row in listing["items"]:
            if row["document_id"] not in docs or row["status"] != "done":
                check(row["finding_counts"] is None, row)
                continue
            want = {"critical": 0, "warning": 0, "info": 0}
            for f in docs[row["document_id"]]["result"]["findings"]:
                want[f["severity"]] += 1
            check(row["finding_counts"] == want, (row["filename"], row["finding_counts"], want))
        check(any(r["finding_counts"] and r["finding_counts"]["critical"]
                  for r in listing["items"]), "no critical finding in the slice")
        status, page2 = server.json("GET", "/api/notary/documents?limit=5&offset=5")
        check(status == 200 and len(page2["items"]) == 5, page2)
        status, failed_list = server.json("GET", "/api/notary/documents?status=failed")
        check(failed_list["total"] == len(FAILED_IN_PIPELINE), failed_list["total"])
        status, err = server.json("GET", "/api/notary/documents?limit=abc")
        check(status == 400 and err["error"]["code"] == "INVALID_PARAMETER", err)
        status, err = server.json("GET", "/api/notary/documents/nope")
        check(status == 404 and set(err["error"]) == {"code", "message"}, err)

        # The original comes back byte for byte.
        rel = DOCUMENTS[1][0]
        doc_id = next(i for i, v in expected.items() if v[2] == rel)
        status, _, raw = server.request("GET", "/api/notary/documents/%s/original" % doc_id)
        check(status == 200 and raw == open(os.path.join(corpus, rel), "rb").read(), status)

        # Metrics: route templates (never ids), outcomes, queue depth.
        text = server.metrics_text()
        check('route="/api/notary/documents/{id}"' in text, "route template missing")
        check(doc_id not in text, "a document id leaked into metric labels")
        check("documents_processed_total{" in text and "queue_depth" in text, "metrics missing")
        check('outcome="PASSWORD_REQUIRED"' in text, "failure outcomes missing")

        # Nothing was written outside the data directory for the traversal name.
        check(not os.path.exists("/etc/cron.d/dpe.pdf"), "path traversal wrote a file")
        check(server.alive(), "the server crashed")
        check(server.stop() == 0, "the server did not stop cleanly")

        # An upload above MAX_UPLOAD_MB is refused with 413 and a JSON error.
        small = Server(args.notaria, data, env={"MAX_UPLOAD_MB": "1"})
        small.start()
        status, err = small.upload_bytes(b"%PDF-1.4\n" + os.urandom(2 << 20), "gros.pdf")
        check(status == 413 and err["error"]["code"] == "PAYLOAD_TOO_LARGE", (status, err))
        check(small.alive(), "the server crashed on a large upload")

        # Requests that are not HTTP get a JSON 400 (431 for oversized headers), and a request
        # whose headers trickle in is cut at the header deadline (10 s), not held forever.
        for data, want in (
                (b"POST /api/dossiers HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
                (b"POST /api/dossiers HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                 b"Content-Length: 2\r\n\r\nab", 400),
                (b"HELLO WORLD\r\n\r\n", 400),
                (b"GET /api/health HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 70000 + b"\r\n\r\n", 431)):
            answer = small.raw(data)
            check(answer.startswith(b"HTTP/1.1 %d " % want) and b'{"error":{"code"' in answer,
                  (data[:40], answer[:200]))
        started = time.time()
        answer = small.raw(b"GET /api/health HTTP/1.1\r\nHost: x\r\n", wait=30)
        check(answer == b"" and time.time() - started < 15,
              "a stalled header held the connection %.1f s" % (time.time() - started))
        status, _ = small.json("GET", "/api/health")
        check(status == 200, "the server stopped answering")
        small.stop()
    finally:
        if server.running():
            server.kill()
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    if failed:
        print("server log: %s/server.log" % data)
        return 1
    shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    run_test(main)
