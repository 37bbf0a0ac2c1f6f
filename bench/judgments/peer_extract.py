"""Peer for the court-document benchmark: a typical Python regex extractor of the kind found in
open-source China Judgments Online crawlers (case number, court, document type, parties, dates,
amounts, cause, court fee). Written for this benchmark; it extracts a subset of what suitrate's
parser does, with no spans, no normalization beyond NFKC and no classification, so it is a
generous baseline for speed. Reads JSONL (field "text") and prints JSON timings.

Usage: /usr/bin/python3 bench/judgments/peer_extract.py corpus.jsonl
"""
import json
import re
import sys
import time
import unicodedata

CASE_NO = re.compile(r"[（(〔\[]\s?((?:19|20)\d{2})\s?[）)〕\]]([^\s（()）〔〕，。；]{1,30}?)号")
COURT = re.compile(r"^([\u4e00-\u9fff]{2,40}?(?:人民法院|法院))", re.M)
DOC_TYPE = re.compile(r"(民事|刑事|行政|执行)?(判决书|裁定书|调解书|决定书)")
PARTY = re.compile(r"^(原告|被告|上诉人|被上诉人|申请执行人|被执行人|第三人)[：:]?([^，。；\n]{1,40})", re.M)
DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
CN_DATE = re.compile(r"([〇○零一二三四五六七八九0]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
AMOUNT = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)(万)?元")
CAUSE = re.compile(r"([\u4e00-\u9fff]{2,10}纠纷)一案")
FEE = re.compile(r"受理费(?:人民币)?([0-9][0-9,]*(?:\.[0-9]+)?)元")


def extract(text):
    t = unicodedata.normalize("NFKC", text)
    return {
        "case_numbers": CASE_NO.findall(t),
        "court": (COURT.search(t) or [None, None])[1] if COURT.search(t) else None,
        "doc_type": DOC_TYPE.search(t).group(0) if DOC_TYPE.search(t) else None,
        "parties": PARTY.findall(t),
        "dates": DATE.findall(t) + CN_DATE.findall(t),
        "amounts": [float(a.replace(",", "")) * (10000 if w else 1) for a, w in AMOUNT.findall(t)],
        "cause": (CAUSE.search(t).group(1) if CAUSE.search(t) else None),
        "fee": (FEE.search(t).group(1) if FEE.search(t) else None),
    }


def main():
    path = sys.argv[1]
    docs = [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()]
    t0 = time.perf_counter()
    n = 0
    for d in docs:
        extract(d)
        n += 1
    dt = time.perf_counter() - t0
    print(json.dumps({"docs": n, "seconds": dt, "docs_per_second": n / dt}))


if __name__ == "__main__":
    main()
