"""Messages a person acts on: parse errors with their reason and line, the years of a window spelled out,
English without Chinese outside quotes, Chinese without English words, errors naming flags only in the CLI,
and a closed pipe that ends quietly. Each runs the CLI in a fresh process, as a user does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from tests.conftest import ROOT

CJK = re.compile(r"[\u3400-\u9fff]")
EXAMPLES = ROOT / "examples"


def _cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medpolicy", *args], capture_output=True, text=True, timeout=300, cwd=ROOT, **kwargs
    )  # type: ignore[call-overload, no-any-return]


def test_a_turtle_syntax_error_keeps_the_reason_and_shows_the_line(tmp_path: Path) -> None:
    lines = (EXAMPLES / "chongqing" / "pass.ttl").read_text(encoding="utf-8").splitlines()
    number = next(i for i, ln in enumerate(lines, 1) if "cq:a1-s3-1-7-p1" in ln)
    lines[number - 1] = lines[number - 1].rstrip(" ;") + " oops ;"
    bad = tmp_path / "bad.ttl"
    bad.write_text("\n".join(lines), encoding="utf-8")
    done = _cli("validate", str(bad), "--policy", "chongqing")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "expected '.' or '}' or ']' at end of statement" in done.stderr
    assert f"line {number} reads: " in done.stderr and "oops" in done.stderr


def _without_years(tmp_path: Path, *years: str) -> Path:
    text = (EXAMPLES / "chongqing" / "pass.ttl").read_text(encoding="utf-8")
    for year in years:
        text = re.sub(rf"^:rd{year} a mp:RdFigure.*$", "", text, flags=re.M).replace(f" , :rd{year}", "")
    path = tmp_path / "missing.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_rd_window_names_the_missing_years(tmp_path: Path) -> None:
    path = _without_years(tmp_path, "2024")
    zh = _cli("validate", str(path), "--policy", "chongqing", "--as-of", "2026-05-15")
    en = _cli("validate", str(path), "--policy", "chongqing", "--as-of", "2026-05-15", "--lang", "en")
    assert zh.returncode == en.returncode == 1
    line_zh = next(ln for ln in zh.stdout.splitlines() if "须逐年填写 2023—2025 年度的研发投入和销售收入" in ln)
    line_en = next(ln for ln in en.stdout.splitlines() if "each year 2023-2025; given: " in ln)
    for line in (line_zh, line_en):  # the window, and which of its years were given (2024 is not)
        assert "2023" in line.split("：" if line is line_zh else "given: ")[-1] and "2024" not in line


def test_english_output_has_no_chinese_outside_quotes(tmp_path: Path) -> None:
    graph = Graph().parse(EXAMPLES / "chongqing" / "fail-rd-ratio.ttl")
    maker = URIRef("https://example.org/chongqing/fail-rd-ratio/manufacturer")
    for label in list(graph.objects(maker, RDFS.label)):
        if isinstance(label, Literal) and label.language == "en":
            graph.remove((maker, RDFS.label, label))
    path = tmp_path / "no-english-name.ttl"
    graph.serialize(path, format="turtle")
    done = _cli("validate", str(path), "--policy", "chongqing", "--as-of", "2026-05-15", "--lang", "en")
    assert done.returncode == 1
    assert "[FAIL] Annex 1, III(2)1(1) a1-s3-2-1-1-d" in done.stdout
    assert "  - manufacturer — " in done.stdout and "91500112MA60XK7R3C" not in done.stdout  # not the credit code
    for line in done.stdout.splitlines():
        outside = re.sub(r"“.*”", "", line)  # quotes of the notice (they may nest)
        if line.lstrip().startswith("evidence:"):
            outside = re.sub(r"\([^()]*\)", "", outside)  # the applicant's own titles and page references
        assert not CJK.search(outside), line


def test_chinese_output_has_no_english_words_outside_identifiers(tmp_path: Path) -> None:
    text = (EXAMPLES / "chongqing" / "pass.ttl").read_text(encoding="utf-8")
    path = tmp_path / "no-licence.ttl"
    path.write_text(text.replace("mp:productionLicence true", "mp:productionLicence false"), encoding="utf-8")
    done = _cli("validate", str(path), "--policy", "chongqing", "--as-of", "2026-05-15")
    assert done.returncode == 1
    prose = re.sub(r"“.*”|https?://\S+|medpolicy (screen|timeline)|screen / timeline", "", done.stdout)
    prose = "\n".join(ln for ln in prose.splitlines() if not ln.startswith("["))  # section and clause id lines
    assert not re.search(r"\b(false|true|note|mp:\w+)\b", prose), prose[:3000]


def test_library_errors_name_parameters_and_the_cli_names_flags() -> None:
    done = _cli("clauses", "--policy", "nowhere")
    assert done.returncode == 2
    assert done.stderr.startswith("medpolicy: error: --policy: unknown policy 'nowhere'")
    done = _cli("clauses", "--kind", "indicators")
    assert done.returncode == 2 and done.stderr.startswith("medpolicy: error: --kind: unknown clause kind")


def test_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "medpolicy", "clauses"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read().decode()
    code = process.wait(timeout=120)
    assert first.startswith(b"policy")
    assert code in (0, -13, 141) and stderr == ""
