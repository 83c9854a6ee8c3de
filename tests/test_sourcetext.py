"""source.txt is the seed after the documented mechanical normalisation, and nothing else."""

from __future__ import annotations

import pytest

from medpolicy.authoring.sourcetext import normalise, squash
from tests.conftest import ROOT

SEEDS = {
    "2025_national": "000_79ae45725f29eb03.txt",
    "aimd_jiebang": "001_7bbb9f0555323984.txt",
    "plan_14th": "002_e55c3d7c4a58e0de.txt",
    "chongqing": "003_442cba2d351374aa.txt",
    "rd_2019": "004_4d4e593691788f07.txt",
}


@pytest.mark.parametrize("policy", sorted(SEEDS))
def test_source_is_the_normalised_seed(policy: str) -> None:
    seed = (ROOT / "tests" / "seeds" / SEEDS[policy]).read_text(encoding="utf-8")
    source = (ROOT / "policies" / policy / "source.txt").read_text(encoding="utf-8")
    assert normalise(seed) == source


def test_seed_copies_match_shared_seeds_when_present() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for name in SEEDS.values():
        assert (shared / name).read_bytes() == (ROOT / "tests" / "seeds" / name).read_bytes()


def test_latex_math_becomes_the_characters_it_typesets() -> None:
    assert normalise("磁体室温孔径 $\\geq 83\\text{cm}$ ；\n") == "磁体室温孔径 ≥83cm ；\n"
    assert normalise("$\\leq 10\\text{nV}/\\sqrt{\\text{Hz}}$\n") == "≤10nV/√Hz\n"
    assert normalise("$\\leq 2.5\\text{ppm VRMS}$\n") == "≤2.5ppm VRMS\n"
    assert normalise("$1\\text{cm}^2\\text{-}2\\text{cm}^2$\n") == "1cm²-2cm²\n"
    assert normalise("200mm \\times 150mm\n") == "200mm × 150mm\n"


def test_markdown_artefacts_are_dropped_but_text_is_kept() -> None:
    assert (
        normalise("（一）**申报主体**。原则上\n- (一) 超出申请时间；\n")
        == "（一）申报主体。原则上\n(一) 超出申请时间；\n"
    )


def test_normalisation_keeps_full_width_punctuation() -> None:
    text = "不低于7%，（含）以上；﹝2025﹞\n"
    assert normalise(text) == text


def test_squash_ignores_line_breaks_inside_words() -> None:
    assert squash("具有独立\n\n法人资格") == "具有独立法人资格"
    assert squash("不超过 60 周岁") in squash("项目负责人原则上不超过60周岁")
