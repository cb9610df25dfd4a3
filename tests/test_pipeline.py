"""The stages together: deterministic, lossless, with a complete catalog."""

import hashlib
import json
import os
import subprocess
import sys

from build_scripts.pipeline import generate
from build_scripts.publishing.publish import read_handwritten
from build_scripts.parse.decode import read_pages

from .conftest import ROOT, SOURCES, verdict_at


def test_output_is_deterministic_across_runs_and_hash_seeds(tmp_path, generated):
    code = (
        "import sys, json, hashlib; from pathlib import Path;"
        "from build_scripts.corpus.ledger import read_ledger;"
        "from build_scripts.pipeline import generate;from build_scripts.publishing.publish import read_handwritten;from build_scripts.parse.decode import read_pages;"
        "g = generate(read_pages(Path(sys.argv[1])), read_handwritten(Path(sys.argv[2])), ledger=read_ledger(Path(sys.argv[1])));"
        "print(json.dumps({k: hashlib.sha256(v).hexdigest() for k, v in sorted(g.files.items())}))"
    )
    outputs = []
    for seed, tz, lang in (("1", "UTC", "C.UTF-8"), ("2", "Asia/Shanghai", "zh_CN.UTF-8")):
        env = dict(os.environ, PYTHONHASHSEED=seed, TZ=tz, LANG=lang, LC_ALL=lang, PYTHONPATH=str(ROOT))
        result = subprocess.run([sys.executable, "-c", code, str(SOURCES), str(ROOT / "docs")], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0] == {k: hashlib.sha256(v).hexdigest() for k, v in generated.files.items()}


def test_every_line_of_the_seed_is_accounted_for(generated, seed_page):
    page = generated.report["pages"][0]
    verdicts = verdict_at(page, seed_page.lines)
    assert set(page["lines_by_kind"]) == {"blank", "body", "chrome", "marker", "title"}
    assert {row["kind"] for row in verdicts.values()} == set(page["lines_by_kind"]) - {"blank"}
    roles = {row.get("role") for row in verdicts.values() if row["kind"] == "body"}
    assert roles == {"published", "duplicate"}
    # Runs of lines, not a row per line: the report stays readable.
    assert len(page["verdicts"]) < len(seed_page.lines) / 4
    split = generated.pages[0]
    for v in split.verdicts:
        if v.kind != "blank":
            assert (verdicts[v.line]["kind"], verdicts[v.line]["rule"]) == (v.kind, v.rule)


def test_catalog_lists_each_speech_once_with_every_section(generated):
    catalog = json.loads(generated.files["catalog.json"])
    assert len({s["id"] for s in catalog["speeches"]}) == len(catalog["speeches"]) == 9
    sections = sorted(src["section"] for s in catalog["speeches"] for src in s["sources"])
    assert sorted(set(sections)) == list(range(1, 10))
    assert catalog["collections"][0]["speeches"] == [s["id"] for s in catalog["speeches"]]


def test_published_text_contains_no_chrome_watermark_or_mojibake(generated):
    for speech in generated.speeches:
        text = speech.title + "".join(b.text for b in speech.blocks)
        for bad in ("本文来自", "百度", "燉", "推荐度", "点击下载", "人关注", "第1篇", "会议发言", "?", "城建环保"):
            assert bad not in text, (speech.id, bad)


def test_generation_from_reordered_sources_is_identical(tmp_path):
    from .test_corpus import two_pages

    pages = read_pages(two_pages(tmp_path))
    handwritten = read_handwritten(ROOT / "docs")
    assert generate(list(reversed(pages)), handwritten).files == generate(pages, handwritten).files


def test_worker_processes_give_the_same_output(tmp_path, monkeypatch):
    """Pages parsed by worker processes and the Traditional edition rendered
    in a forked worker: byte for byte what one process makes."""
    from benchmarks.synthetic import write_corpus
    import build_scripts.pipeline as pipeline

    write_corpus(tmp_path, 8 * 70)  # 70 pages, past both thresholds
    pages = read_pages(tmp_path)
    assert len(pages) >= pipeline.PARALLEL_PAGES
    parallel = generate(pages, {}, hant="s2tw")
    assert len(parallel.speeches) >= pipeline.PARALLEL_SPEECHES
    monkeypatch.setattr(pipeline, "PARALLEL_PAGES", 10**9)
    monkeypatch.setattr(pipeline, "PARALLEL_SPEECHES", 10**9)
    serial = generate(pages, {}, hant="s2tw")
    assert parallel.files == serial.files
    assert parallel.report == serial.report and parallel.ledger == serial.ledger


def test_catalog_file_reads_back_one_speech_to_a_line(generated):
    text = generated.files["catalog.json"].decode("utf-8")
    catalog = json.loads(text)
    lines = text.splitlines()
    assert len(catalog["speeches"]) == 9
    for speech in catalog["speeches"]:
        line = next(l for l in lines if l.lstrip().startswith('{"id": ' + json.dumps(speech["id"], ensure_ascii=False)))
        assert json.loads(line.strip().rstrip(",")) == speech
