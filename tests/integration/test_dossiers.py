"""End-to-end test of dossiers and register verification through `notaria serve` (issue 4).

A promise-of-sale dossier (corpus DOS-02) is created over the API and its five documents are
uploaded into it while every register is out of reach, as on a machine with no network, in
live mode: half the registers point at a port where nothing listens (refused at once), the
other half at a "black hole" that accepts connections and never answers (each attempt runs
into REGISTER_TIMEOUT_SECONDS, and a document's calls together into
REGISTER_DOCUMENT_TIMEOUT_SECONDS). The test asserts that the dossier still finishes within a
bound computed from those timeouts, every verification is `unavailable` with its reason,
the dossier's findings and checklist are right, and the dossier endpoints (create, list,
attach, detach, delete, analysis, context, conseil) answer as documented, with JSON errors
for bad input."""

import argparse
import json
import os
import shutil
import socket
import sys
import threading
import time

from notaria_testlib import Server, check, free_port, run_test, temp_dir

DOSSIER = "dossiers/DOS-02"
TIMEOUT_S = 1  # REGISTER_TIMEOUT_SECONDS: one attempt
DOCUMENT_S = 6  # REGISTER_DOCUMENT_TIMEOUT_SECONDS: every register call of one document
REFUSED = ("bodacc", "entreprises", "gel_avoirs", "rbe")
BLACK_HOLE = ("ban", "cadastre", "georisques")


class BlackHole:
    """Accepts TCP connections on loopback and never answers; closes them when stopped."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.accepted = 0
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.accepted += 1
            self.conns.append(conn)

    def stop(self):
        self.running = False
        self.thread.join()
        for c in self.conns:
            c.close()
        self.sock.close()


def codes(findings):
    return sorted({f["code"] for f in findings})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--notaria", required=True)
    ap.add_argument("--shared", required=True)
    args = ap.parse_args()
    corpus = os.path.join(args.shared, "corpus")
    folder = os.path.join(corpus, DOSSIER)
    files = sorted(f for f in os.listdir(folder)
                   if not f.endswith(".json") and os.path.isfile(os.path.join(folder, f)))
    check(len(files) == 5, files)

    hole = BlackHole()
    closed = free_port()  # bound then released: nothing listens there
    env = {"EXTERNAL_APIS_MODE": "live", "REGISTER_TIMEOUT_SECONDS": str(TIMEOUT_S),
           "REGISTER_DOCUMENT_TIMEOUT_SECONDS": str(DOCUMENT_S)}
    for source in REFUSED:
        env["REGISTER_URL_" + source.upper()] = "http://127.0.0.1:%d" % closed
    for source in BLACK_HOLE:
        env["REGISTER_URL_" + source.upper()] = "http://127.0.0.1:%d/api" % hole.port
    data = temp_dir("notaria-dossier-")
    server = Server(args.notaria, data, env=env)
    checks = 0
    try:
        server.start()
        status, health = server.json("GET", "/api/health")
        check(health["services"]["registers"] == {"status": "ok", "mode": "live"}, health)

        # Bad input: JSON errors, nothing created.
        status, err = server.json("POST", "/api/dossiers", b'{"type": "achat"}',
                                  {"Content-Type": "application/json"})
        check(status == 400 and err["error"]["code"] == "INVALID_DOSSIER_TYPE", (status, err))
        status, err = server.json("POST", "/api/dossiers", b"{not json",
                                  {"Content-Type": "application/json"})
        check(status == 400 and set(err["error"]) == {"code", "message"}, (status, err))
        status, err = server.json("GET", "/api/dossiers/inconnu/analysis")
        check(status == 404 and err["error"]["code"] == "DOSSIER_NOT_FOUND", (status, err))
        status, err = server.upload(os.path.join(folder, files[0]),
                                    fields={"dossier_id": "inconnu"})
        check(status == 404 and err["error"]["code"] == "DOSSIER_NOT_FOUND", (status, err))
        status, listing = server.json("GET", "/api/notary/documents")
        check(listing["total"] == 0, "a refused upload left a document behind")
        checks += 5

        status, dossier = server.json("POST", "/api/dossiers",
                                      json.dumps({"type": "vente", "name": "DOS-02"}).encode(),
                                      {"Content-Type": "application/json"})
        check(status == 201 and dossier["type"] == "vente", (status, dossier))
        did = dossier["dossier_id"]

        start = time.time()
        ids = {}
        for f in files:
            status, body = server.upload(os.path.join(folder, f), fields={"dossier_id": did})
            check(status == 201 and body["dossier_id"] == did, (f, status, body))
            ids[body["document_id"]] = f
        docs = server.wait_all(list(ids), timeout=600)
        elapsed = time.time() - start
        types = sorted(d["document_type"] for d in docs.values())
        check(all(d["status"] == "done" for d in docs.values()),
              [(ids[i], d["status"], d["error"]) for i, d in docs.items()])
        check(types == ["cni", "compromis_vente", "dpe", "justificatif_domicile", "passeport"],
              types)
        checks += 2

        # No register answered: every verification is `unavailable` with its reason, and
        # the verify stage stayed within what the timeouts allow.
        verifications = []
        for i in ids:
            status, ctx = server.json("GET", "/api/documents/%s/context" % i)
            check(status == 200 and ctx["dossier_id"] == did, (status, ctx))
            verifications += ctx["verifications"]
        check(verifications, "no verification was attempted")
        bad = [v for v in verifications
               if v["source"] != "rbe" and v["status"] != "unavailable"]
        check(not bad, bad)
        check(all(v["details"].get("reason") for v in verifications), verifications)
        check(any(v["source"] in BLACK_HOLE for v in verifications), "no timed-out register")
        check(hole.accepted > 0, "the black hole was never called")
        status, _, raw = server.request("GET", "/metrics")
        metrics = raw.decode()
        verify_sum = verify_count = 0.0
        for line in metrics.splitlines():
            if line.startswith('pipeline_stage_duration_seconds_sum{stage="verify"}'):
                verify_sum = float(line.split()[-1])
            if line.startswith('pipeline_stage_duration_seconds_count{stage="verify"}'):
                verify_count = float(line.split()[-1])
        # Each document's register calls together stop at DOCUMENT_S (one more second for
        # the attempt under way and the stage's own work).
        bound = len(ids) * (DOCUMENT_S + 1)
        print("dossier of %d documents done in %.1f s; verify stage %.1f s over %d documents "
              "(bound %d s); %d connections to the black hole"
              % (len(ids), elapsed, verify_sum, verify_count, bound, hole.accepted))
        check(verify_count == len(ids), metrics)
        check(verify_sum <= bound, (verify_sum, bound))
        check('register_requests_total{outcome="unavailable",source="ban"}' in metrics
              or 'register_requests_total{source="ban",outcome="unavailable"}' in metrics,
              [l for l in metrics.splitlines() if l.startswith("register_requests_total")])
        for i in ids:
            check(i not in metrics, "a document id leaked into metric labels")
        checks += 4

        # The dossier's analysis: the acquirer's address differs on the proof of address,
        # the seller has no ID document, the DPE had expired at the promise's date.
        deadline = time.time() + 120
        while True:
            status, analysis = server.json("GET", "/api/dossiers/%s/analysis" % did)
            check(status == 200, (status, analysis))
            if len(analysis["documents"]) == 5 or time.time() > deadline:
                break
            time.sleep(0.5)
        found = codes(analysis["findings"])
        print("dossier findings:", found)
        check("address_mismatch_across_documents" in found, found)
        check("name_mismatch_across_documents" not in found, found)
        # The checklist: one ID document per natural person who signs; the seller's wife has
        # none (the promise and the DPE are there).
        missing = [c for c in analysis["checklist"] if c["status"] == "missing"]
        check([c["piece"] for c in missing] == ["cni"] and "Louise" in missing[0]["label"],
              analysis["checklist"])
        present = {c["piece"] for c in analysis["checklist"] if c["status"] == "present"}
        check({"compromis_vente", "dpe", "cni"} <= present, analysis["checklist"])
        check(analysis["dossier_type"] == "vente" and analysis["reference_date"], analysis.keys())
        # What the dossier is about comes from its promise, the only deed here.
        promise = next(i for i, d in docs.items() if d["document_type"] == "compromis_vente")
        operation = analysis["operation"]
        check(operation["document_id"] == promise
              and operation["document_type"] == "compromis_vente", operation)
        check(operation["date"] and operation["date"]["value"] == analysis["reference_date"]
              and operation["date"]["evidence"][0]["document_id"] == promise, operation)
        check(analysis["synthesis"]["summary"] and analysis["synthesis"]["recommendations"],
              analysis["synthesis"])
        dpe = next(i for i, d in docs.items() if d["document_type"] == "dpe")
        status, conseil = server.json("GET", "/api/documents/%s/conseil" % dpe)
        check(status == 200 and conseil["dossier"]["dossier_id"] == did, (status, conseil))
        check("dpe_expired" in codes(conseil["findings"]), conseil["findings"])
        check(conseil["reference_date"] == analysis["reference_date"], conseil)
        check(conseil["synthesis"]["summary"], conseil["synthesis"])
        checks += 4

        # Membership: detach the proof of address, the address finding goes with it; attach
        # it back, it returns. The dossier list and the dossier itself show the documents.
        proof = next(i for i, d in docs.items() if d["document_type"] == "justificatif_domicile")
        status, body = server.json("DELETE", "/api/dossiers/%s/documents/%s" % (did, proof))
        check(status == 200 and body["detached"] is True, (status, body))
        status, analysis = server.json("GET", "/api/dossiers/%s/analysis" % did)
        check(len(analysis["documents"]) == 4, analysis["documents"])
        check("address_mismatch_across_documents" not in codes(analysis["findings"]),
              analysis["findings"])
        status, err = server.json("DELETE", "/api/dossiers/%s/documents/%s" % (did, proof))
        check(status == 404 and err["error"]["code"] == "DOCUMENT_NOT_IN_DOSSIER", err)
        status, body = server.json("POST", "/api/dossiers/%s/documents" % did,
                                   json.dumps({"document_id": proof}).encode(),
                                   {"Content-Type": "application/json"})
        check(status == 200 and body["attached"] is True, (status, body))
        # A document belongs to one dossier: filing it in another one is refused, unless
        # asked for with "move" (and the same bytes uploaded into another dossier too).
        status, other = server.json("POST", "/api/dossiers", b'{"type": "vente"}',
                                    {"Content-Type": "application/json"})
        status, err = server.json("POST", "/api/dossiers/%s/documents" % other["dossier_id"],
                                  json.dumps({"document_id": proof}).encode(),
                                  {"Content-Type": "application/json"})
        check(status == 409 and err["error"]["code"] == "DOCUMENT_IN_OTHER_DOSSIER", err)
        # The refusal names the other dossier as the office named it, and gives what a client
        # needs to offer the move.
        check("« DOS-02 »" in err["error"]["message"], err)
        check(err["error"]["dossier_id"] == did and err["error"]["dossier_name"] == "DOS-02", err)
        check(err["error"]["document_id"] == proof, err)
        status, err = server.upload(os.path.join(folder, ids[proof]),
                                    fields={"dossier_id": other["dossier_id"]})
        check(status == 409 and err["error"]["code"] == "DOCUMENT_IN_OTHER_DOSSIER", err)
        check(err["error"]["document_id"] == proof and err["error"]["dossier_id"] == did, err)
        status, one = server.json("GET", "/api/notary/documents/" + proof)
        check(one["dossier_id"] == did, one["dossier_id"])
        status, err = server.json("DELETE", "/api/dossiers/" + other["dossier_id"])
        check(status == 200, err)
        status, analysis = server.json("GET", "/api/dossiers/%s/analysis" % did)
        check("address_mismatch_across_documents" in codes(analysis["findings"]),
              analysis["findings"])
        status, err = server.json("POST", "/api/dossiers/%s/documents" % did,
                                  b'{"document_id": "inconnu"}',
                                  {"Content-Type": "application/json"})
        check(status == 404 and err["error"]["code"] == "DOCUMENT_NOT_FOUND", err)
        status, listing = server.json("GET", "/api/dossiers")
        check(status == 200 and listing["total"] == 1, listing)
        # A document's row counts the dossier's findings that name it: the proof of address
        # has nothing wrong of its own, its address differs from the deed's.
        status, rows = server.json("GET", "/api/notary/documents?dossier_id=%s&limit=50" % did)
        counts = {r["document_id"]: r["cross_finding_counts"] for r in rows["items"]}
        status, analysis = server.json("GET", "/api/dossiers/%s/analysis" % did)
        named = {d for f in analysis["findings"] for d in f["documents"]}
        check(counts[proof]["warning"] >= 1, counts[proof])
        check(all((sum(c.values()) > 0) == (i in named) for i, c in counts.items()),
              (counts, named))
        # Each row says where its dossier stands, as its analysis does.
        overview = listing["items"][0]["overview"]
        status, analysis = server.json("GET", "/api/dossiers/%s/analysis" % did)
        check(overview["documents"] == 5 and overview["pending"] == 0
              and overview["failed"] == 0, overview)
        flagged = [c for c in analysis["checklist"] if c["status"] == "present" and c["alerts"]]
        check(overview["pieces_to_check"] == len(flagged) and flagged, (overview, flagged))
        check(overview["pieces_missing"] == 1
              and overview["pieces_expected"] == len(analysis["checklist"]), overview)
        severities = [f["severity"] for f in analysis["findings"]]
        check(overview["cross_findings"]["warning"] == severities.count("warning")
              and overview["cross_findings"]["critical"] == severities.count("critical")
              and sum(overview["cross_findings"].values()) >= 1, (overview, severities))
        # A name counts characters, not bytes; control characters are refused.
        status, named = server.json("POST", "/api/dossiers",
                                    json.dumps({"name": "é" * 200}).encode(),
                                    {"Content-Type": "application/json"})
        check(status == 201 and named["type"] == "autre", (status, named))
        server.json("DELETE", "/api/dossiers/" + named["dossier_id"])
        for bad in ("a\u0000b", "\u2028x", "\u202eetneV\u202c"):
            status, err = server.json("POST", "/api/dossiers", json.dumps({"name": bad}).encode(),
                                      {"Content-Type": "application/json"})
            check(status == 400 and err["error"]["code"] == "INVALID_PARAMETER", (bad, status, err))
        # Blanks of any kind around a name go; a name of blanks is no name.
        status, blank = server.json("POST", "/api/dossiers",
                                    json.dumps({"name": "\u00a0\u200b Vente Roux\u202f"}).encode(),
                                    {"Content-Type": "application/json"})
        check(status == 201 and blank["name"] == "Vente Roux", (status, blank))
        server.json("DELETE", "/api/dossiers/" + blank["dossier_id"])
        status, blank = server.json("POST", "/api/dossiers",
                                    json.dumps({"name": "\u00a0\u200b"}).encode(),
                                    {"Content-Type": "application/json"})
        check(status == 201 and blank["name"] == "", (status, blank))
        server.json("DELETE", "/api/dossiers/" + blank["dossier_id"])
        status, one = server.json("GET", "/api/dossiers/" + did)
        check(status == 200 and len(one["documents"]) == 5, one)
        check('"text"' not in json.dumps(one), "full text leaked into the dossier")
        checks += 4

        # Deleting the dossier keeps its documents.
        status, body = server.json("DELETE", "/api/dossiers/" + did)
        check(status == 200 and body["detached_documents"] == 5, body)
        status, err = server.json("GET", "/api/dossiers/" + did)
        check(status == 404, err)
        status, doc = server.json("GET", "/api/notary/documents/" + proof)
        check(status == 200 and doc["status"] == "done" and doc["dossier_id"] is None, doc)
        checks += 3

        check(server.alive(), "the server crashed")
        check(server.stop() == 0, "the server did not stop cleanly")
        checks += 1
    finally:
        if server.running():
            server.kill()
        hole.stop()
        sys.stdout.flush()
    print("%d passed, 0 failed" % checks)
    shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    run_test(main)
