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
# The IID's definitions: the profile of twelve fields and twenty indicators, as the real iid.yaml has them.
IID = ("edition: IID Uji\nsources: [{publisher: Kementerian Contoh}]\nprofile:\n"
       + "".join(f"  - {{id: {name.replace('_', '-')}, name: {name.capitalize()}, field: {name}}}\n"
                 for name in ("title", "stage", "initiator", "type", "form", "sector", "trial_date",
                              "implementation_date"))
       + "  - {id: rancang-bangun, name: Rancang Bangun, section: Cara Kerja, min_words: 300}\n"
       + "  - {id: tujuan, name: Tujuan, section: Latar Belakang}\n"
       + "  - {id: manfaat, name: Manfaat, section: Hasil dan Dampak}\n"
       + "  - {id: hasil, name: Hasil, section: Hasil dan Dampak}\n"
       + "indicators:\n  - id: indikator-0\n    name: Indikator 0\n    mandatory: true\n"
       + "    levels: [{id: tinggi, name: Tinggi}, {id: rendah, name: Rendah}]\n"
       + "".join(f"  - {{id: indikator-{n}, name: Indikator {n}, mandatory: {'true' if n in (1, 16, 17, 19) else 'false'}}}\n"
                 for n in range(1, 20)))


def evidence(number: int) -> str:
    """Half the entries have evidence (three documents) and a third a status: from ``number`` alone,
    so the rest of the catalogue is the same as without them."""
    lines = ""
    if number % 2 == 0:
        lines += ("evidence:\n  - {indicator: indikator-0, level: tinggi, url: https://example.org/perda.pdf}\n"
                  f"  - {{indicator: indikator-1, url: https://example.org/{number}/sdm.pdf}}\n"
                  f"  - {{indicator: indikator-{number % 20}, url: https://example.org/{number}/lain.pdf}}\n")
    if number % 3 == 0:
        lines += f'status: {{state: {"berjalan" if number % 2 else "berhenti"}, date: "20{10 + number % 16}"}}\n'
    return lines


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
    (root / "iid.yaml").write_text(IID)
    for number in range(count):
        awarded = f"awards: [lomba-{rng.randrange(awards):03}]\n" if number % 5 == 0 else ""
        front = (f"---\ntitle: Inovasi {number}\nagency: opd-{rng.randrange(agencies):03}\n"
                 f"summary: {sentence(rng, 14)}\nyear: {rng.randint(2010, 2026)}\nstage: {rng.choice(STAGES)}\n"
                 f"sector: {rng.choice(SECTORS)}\n{awarded}{evidence(number)}sources:\n  - publisher: Kantor Berita\n---\n\n")
        (root / "innovations" / f"inovasi-{number:05}.md").write_text(front + body(rng, number, count))


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: python bench/generate.py N DIR")
    generate(int(sys.argv[1]), Path(sys.argv[2]))
