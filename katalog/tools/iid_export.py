"""``python build.py iid``: each innovation's profile and evidence for the Indeks Inovasi Daerah,
in the form's order and ready to paste into the IID application: every field's text (Markdown
links written as "text (address)"), "BELUM ADA" where it is missing, a section's words against
its minimum, and the evidence by indicator. As text for a person, or CSV or JSON for a tool."""
from __future__ import annotations

import json

from ..content.catalogue import Catalogue
from ..content.records import suggestion
from ..errors import UsageError
from ..render import iid_data, opendata, readiness
from .. import urls

RULE = "=" * 72
CSV_HEADER = ("slug", "judul", "opd", "bagian", "nomor", "nama", "isi", "ada", "kata", "minimal_kata", "wajib")


def export(catalogue: Catalogue, *, form: str, agency: str | None = None, innovation: str | None = None) -> bytes:
    """The export of the innovations chosen (all, one agency's, or one) in ``form``: text, csv or json."""
    if catalogue.iid is None:
        raise UsageError("content/iid.yaml not found: the IID's profile and indicators are defined there")
    entries = list(catalogue.innovations)
    if agency is not None:
        if agency not in catalogue.agency_by_id:
            raise UsageError(f"--agency: unknown agency '{agency}'"
                             + (f" ({suggestion(agency, catalogue.agency_by_id)})" if suggestion(
                                 agency, catalogue.agency_by_id) else ""))
        entries = [entry for entry in entries if entry.agency == agency]
    if innovation is not None:
        if innovation not in catalogue.innovation_by_slug:
            close = suggestion(innovation, catalogue.innovation_by_slug)
            raise UsageError(f"--innovation: unknown innovation '{innovation}'" + (f" ({close})" if close else ""))
        entries = [entry for entry in entries if entry.slug == innovation]
    records = [iid_data.record(entry, catalogue, texts=True) for entry in entries]
    if form == "json":
        return (json.dumps({"edisi": catalogue.iid.edition, "inovasi": records}, ensure_ascii=False, indent=1)
                + "\n").encode("utf-8")
    if form == "csv":
        rows = [opendata.csv_row(list(CSV_HEADER))]
        rows += [opendata.csv_row([opendata.cell(value) for value in row]) for data in records
                 for row in _rows(data, catalogue.settings.base_url)]
        return "".join(rows).encode("utf-8-sig")
    return ("\n".join(_text(data, catalogue) for data in records) or "Tidak ada inovasi.\n").encode("utf-8")


def _rows(data: dict, base_url: str) -> list[list]:
    """CSV: one row per innovation and profile field or indicator, the text in its own cell."""
    rows = [[data["slug"], data["judul"], data["opd"], "profil", item["nomor"], item["nama"], item["isi"],
             "ya" if item["ada"] else "tidak", item["kata"], item["minimal_kata"], ""] for item in data["profil"]]
    rows += [[data["slug"], data["judul"], data["opd"], "bukti", item["nomor"], item["nama"],
              "; ".join(iid_data.evidence_line(document, base_url) for document in item["dokumen"]),
              "ya" if item["dokumen"] else "tidak", None, None, "ya" if item["wajib"] else "tidak"]
             for item in data["bukti"]]
    return rows


def _text(data: dict, catalogue: Catalogue) -> str:
    settings = catalogue.settings
    address = urls.absolute(settings.base_url, data["url"]) if settings.base_url else "/" + data["url"]
    lines = [RULE, f"{data['judul']}: {data['opd_nama']} ({data['opd']})", f"Halaman: {address}",
             f"Status: {_status(data['status'])}", RULE, "", f"PROFIL INOVASI ({catalogue.iid.edition})", ""]
    for item in data["profil"]:
        count = ""
        if item["kata"] is not None or item["minimal_kata"]:
            count = f" ({item['kata'] or 0} kata" + (f"; paling sedikit {item['minimal_kata']}" if item["minimal_kata"]
                                                     else "") + ")"
        lines += [f"{item['nomor']}. {item['nama']}{count}", item["isi"] or readiness.MISSING, ""]
    lines += ["BUKTI DUKUNG", ""]
    for item in data["bukti"]:
        lines.append(f"{item['nomor']}. {item['nama']}{' (wajib)' if item['wajib'] else ''}")
        lines += [iid_data.evidence_line(document, settings.base_url) for document in item["dokumen"]] \
            or [readiness.MISSING]
        lines.append("")
    return "\n".join(lines)


def _status(status: dict | None) -> str:
    if status is None:
        return readiness.MISSING
    return status["teks"] + (f" ({status['sumber']})" if status["sumber"] else "")
