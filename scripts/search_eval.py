#!/usr/bin/env python3
"""Search over a corpus, scored against its ground truth.

Starts `notaria serve` (registers offline) on a fresh data directory, uploads every document
of the corpus (docs/ and dossiers/), waits for them, then asks GET /api/search the questions a
notary would, built from each document's truth file, and reports for each kind of query the
share of documents found among the hits:

  city      a city of the document written with its accents ("Créteil")
  city_ascii the same typed without accents or capitals ("creteil")
  type      the usual word of its type ("donation", "vente", "passeport"), which must find
            every document of that type
  siren     a company's SIREN, typed as printed ("123 456 789") and joined ("123456789")
  parcel    a cadastre parcel ("AB 123")

  scripts/search_eval.py --notaria build/release/src/app/notaria --corpus ../shared/corpus
      [--slice N] [--data-dir DIR] [--min-recall 0.9]

--slice keeps N documents (the test's representative slice); --min-recall makes the exit
status non-zero when any kind scores below it (a test). One line per miss is printed."""

import argparse
import json
import os
import shutil
import sys
import time
import unicodedata
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "integration"))
from notaria_testlib import Server, temp_dir  # noqa: E402

TYPE_WORD = {"acte_vente": "vente", "compromis_vente": "compromis", "donation": "donation",
             "succession": "succession", "procuration": "procuration", "cni": "identité",
             "passeport": "passeport", "kbis": "kbis", "rib": "rib",
             "avis_imposition": "impôt", "dpe": "diagnostic", "justificatif_domicile":
             "justificatif"}


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if unicodedata.category(c) != "Mn").lower()


def cities(entities):
    out = []
    for p in entities.get("properties") or []:
        if p.get("city"):
            out.append(p["city"])
    for p in entities.get("persons") or []:
        if p.get("birth_place"):
            out.append(p["birth_place"])
    return out


def queries_of(truth):
    ents = truth.get("entities") or {}
    qs = []
    accented = [c for c in cities(ents) if fold(c) != c.lower()]
    if accented:
        qs.append(("city", accented[0]))
        qs.append(("city_ascii", fold(accented[0])))
    for c in ents.get("companies") or []:
        siren = (c.get("siren") or "").replace(" ", "")
        if len(siren) == 9:
            qs.append(("siren", "%s %s %s" % (siren[:3], siren[3:6], siren[6:])))
            qs.append(("siren", siren))
            break
    for p in ents.get("properties") or []:
        for parcel in p.get("cadastre") or []:
            if parcel.get("section") and parcel.get("number"):
                qs.append(("parcel", "%s %s" % (parcel["section"], parcel["number"])))
                break
        else:
            continue
        break
    return qs


def search_ids(server, q, limit=100):
    ids, offset = [], 0
    while True:
        path = "/api/search?" + urllib.parse.urlencode({"q": q, "limit": limit, "offset": offset})
        status, body = server.json("GET", path)
        if status != 200:
            raise RuntimeError("search %r: %s %s" % (q, status, body))
        ids += [i["document_id"] for i in body["items"]]
        offset += limit
        if offset >= body["total"] or not body["items"]:
            return ids, body["total"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--notaria", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--slice", type=int, default=0)
    ap.add_argument("--data-dir")
    ap.add_argument("--min-recall", type=float, default=None)
    args = ap.parse_args()

    index = json.load(open(os.path.join(args.corpus, "index.json")))
    docs = [d for d in index["documents"] if os.path.exists(os.path.join(args.corpus, d["file"]))]
    if args.slice:
        # Every type and every query kind represented: text PDFs first (fast), then the rest.
        docs.sort(key=lambda d: (d.get("scanned", False), d["file"]))
        seen, picked = set(), []
        for d in docs:
            if d["document_type"] not in seen:
                seen.add(d["document_type"])
                picked.append(d)
        for d in docs:
            if len(picked) >= args.slice:
                break
            if d not in picked:
                picked.append(d)
        docs = picked[:max(args.slice, 1)]
    data_dir = args.data_dir or temp_dir("notaria-search-eval-")
    os.makedirs(data_dir, exist_ok=True)
    server = Server(args.notaria, data_dir, env={"EXTERNAL_APIS_MODE": "offline"})
    server.start()
    try:
        started = time.time()
        by_id, truth_of = {}, {}
        for d in docs:
            status, body = server.upload(os.path.join(args.corpus, d["file"]))
            if status not in (200, 201, 202):
                raise RuntimeError("upload %s: %s %s" % (d["file"], status, body))
            by_id[body["document_id"]] = d
            truth_of[body["document_id"]] = json.load(
                open(os.path.join(args.corpus, d["truth"])))
        server.wait_all(list(by_id), timeout=60 + 30 * len(by_id))
        print("search_eval: %d documents analysed and indexed in %.0f s"
              % (len(by_id), time.time() - started), file=sys.stderr)

        scores = {}  # kind -> [found, asked]
        misses = []
        t0 = time.time()
        asked_queries = 0
        top1, hits_per_query = {}, {}
        type_precision = []
        for doc_id, truth in truth_of.items():
            for kind, q in queries_of(truth):
                ids, _ = search_ids(server, q)
                asked_queries += 1
                s = scores.setdefault(kind, [0, 0])
                s[1] += 1
                if ids and ids[0] == doc_id:
                    top1[kind] = top1.get(kind, 0) + 1
                hits_per_query.setdefault(kind, []).append(len(ids))
                if doc_id in ids:
                    s[0] += 1
                else:
                    misses.append("%-10s %-28r not found: %s" % (kind, q, by_id[doc_id]["file"]))
        types = {}
        for doc_id, d in by_id.items():
            types.setdefault(d["document_type"], []).append(doc_id)
        for t, members in sorted(types.items()):
            word = TYPE_WORD.get(t)
            if not word:
                continue
            ids, _ = search_ids(server, word)
            asked_queries += 1
            if ids:
                type_precision.append(sum(1 for i in ids if by_id.get(i, {}).get(
                    "document_type") == t) / len(ids))
            s = scores.setdefault("type", [0, 0])
            for m in members:
                s[1] += 1
                if m in ids:
                    s[0] += 1
                else:
                    misses.append("%-10s %-28r not found: %s" % ("type", word, by_id[m]["file"]))
        elapsed = time.time() - t0
        for m in misses:
            print("miss", m)
        worst = 1.0
        for kind in ("city", "city_ascii", "type", "siren", "parcel"):
            if kind in scores:
                found, asked = scores[kind]
                worst = min(worst, found / asked)
                line = "search_%s_recall %.3f (%d/%d)" % (kind, found / asked, found, asked)
                if kind in hits_per_query:
                    line += ", first hit %.3f, %.1f hits per query" % (
                        top1.get(kind, 0) / asked,
                        sum(hits_per_query[kind]) / len(hits_per_query[kind]))
                print(line)
        if type_precision:
            print("search_type_precision %.3f (share of a type word's hits of that type)"
                  % (sum(type_precision) / len(type_precision)))
        print("search_queries %d in %.1f s (%.0f ms each)"
              % (asked_queries, elapsed, 1000 * elapsed / max(asked_queries, 1)))
        if args.min_recall is not None and worst < args.min_recall:
            print("search_eval: a recall is below %.2f" % args.min_recall)
            return 1
        return 0
    finally:
        server.stop()
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
