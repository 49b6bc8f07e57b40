#!/usr/bin/env python3
"""Write a valid, deterministic N-entry catalogue for benchmarks: python bench/generate.py N DIR."""
from __future__ import annotations

import random
import sys
from pathlib import Path

WORDS = ("layanan warga data inovasi kota dinas pelayanan publik digital aplikasi petugas laporan "
         "pengaduan masyarakat sampah kesehatan pendidikan izin usaha akta kelahiran kematian portal "
         "informasi terpadu cepat mudah gratis daring antrean jadwal dokumen verifikasi").split()
STAGES = ("inisiatif", "uji-coba", "penerapan")
SECTORS = ("kesehatan", "pendidikan", "lingkungan-hidup", "kependudukan", "perhubungan", "statistik",
           "penanaman-modal", "sosial")
SECTIONS = ("Latar Belakang", "Cara Kerja", "Hasil dan Dampak", "Sumber Daya dan Biaya", "Langkah Replikasi")


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def body(rng: random.Random, number: int, count: int) -> str:
    """About 600 words: the five sections, a list, a table and links to other entries."""
    other = (number * 7919 + 1) % count
    parts = [paragraph(rng, 4), f"Lihat juga [inovasi {other}](inovasi-{other:05}.md#cara-kerja)."]
    for section in SECTIONS:
        parts += [f"## {section}", paragraph(rng, 6)]
        if section == "Cara Kerja":
            parts += ["\n".join(f"{step}. {sentence(rng, 8)}" for step in range(1, 6)),
                      "| Tahap | Waktu | Biaya |\n|:--|--:|--:|\n"
                      + "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 9)} hari | Rp{rng.randint(0, 9)}000 |"
                                  for _ in range(4))]
        if section == "Langkah Replikasi":
            parts += ["\n".join(f"- {sentence(rng, 6)}" for _ in range(4)), "### Catatan", paragraph(rng, 2)]
    return "\n\n".join(parts) + "\n"


def generate(count: int, root: Path) -> None:
    rng = random.Random(count)
    agencies = max(40, count // 250)
    awards = max(30, count // 330)
    (root / "innovations").mkdir(parents=True, exist_ok=True)
    (root / "agencies.yaml").write_text("".join(
        f"- id: opd-{n:03}\n  name: Dinas Contoh {n}\n  short: DC{n}\n  kind: opd\n" for n in range(agencies)))
    (root / "awards.yaml").write_text("".join(
        f"- id: lomba-{n:03}\n  name: Lomba Inovasi {n % 10}\n  year: {2010 + n // 10}\n  giver: Kementerian Contoh\n"
        f"  level: nasional\n" for n in range(awards)))
    (root / "site.yaml").write_text("title: Katalog Uji\nbase_url: https://example.org/katalog/\n")
    for number in range(count):
        awarded = f"awards: [lomba-{rng.randrange(awards):03}]\n" if number % 5 == 0 else ""
        front = (f"---\ntitle: Inovasi {number}\nagency: opd-{rng.randrange(agencies):03}\n"
                 f"summary: {sentence(rng, 14)}\nyear: {rng.randint(2010, 2026)}\nstage: {rng.choice(STAGES)}\n"
                 f"sector: {rng.choice(SECTORS)}\n{awarded}sources:\n  - publisher: Kantor Berita\n---\n\n")
        (root / "innovations" / f"inovasi-{number:05}.md").write_text(front + body(rng, number, count))


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: python bench/generate.py N DIR")
    generate(int(sys.argv[1]), Path(sys.argv[2]))
