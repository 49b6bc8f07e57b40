"""``python build.py propose ISSUE_BODY_FILE``: an answered proposal form becomes a draft entry.

The body is read as GitHub shows an issue form (``### Label``, then the answer, or
``_No response_``, or ``None`` for a dropdown left at "None") or as the GitLab template
reads (the same headings; its help is in HTML comments, which are dropped). Nothing in
it is evaluated: every answer becomes a YAML string written by ``scaffold.yaml_scalar``
(quoted whenever a plain scalar would read back differently), or Markdown under a
section heading, which the build sanitises as it does any entry. The entry is written
with ``draft: true`` and the proposal's address among its sources, and the whole
catalogue is checked with it; on any problem the file is removed again and every
problem is reported against the line of the body that holds the answer.

A body may hold up to 65,536 characters chosen by anyone: it is read in one pass with
string searches, never a backtracking regular expression, and the comment for the issue
is bounded (MAX_LISTED problems, under MAX_COMMENT characters) with the proposer's text
in code spans, where GitHub makes no mention, link or markup of it.
"""
from __future__ import annotations

import dataclasses
import difflib
import re
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from ..content.text import TextRefused, read_text, shown
from ..errors import BuildFailed, ContentError, UsageError
from . import forms
from .scaffold import EXISTS, checked_title, yaml_scalar

NO_RESPONSE = "_No response_"  # GitHub's text for a question left empty
NO_CHOICE = "None"  # GitHub's text for an optional dropdown left at its first entry, "None"
MAX_LISTED = 30  # problems listed in the comment; the rest are counted
MAX_SHOWN = 300  # characters of a quoted text or of a check's message shown in the comment
MAX_COMMENT = 60_000  # characters; GitHub refuses a comment over 65,536
_MARKDOWN = str.maketrans({char: "\\" + char for char in "\\`*_[]<>#|!~"})  # escaped in propose's own words


@dataclasses.dataclass(frozen=True)
class Answer:
    text: str
    line: int  # of the body, where the answer starts (its heading's line when empty)


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """One problem: the usual error line, and for the comment the question it is about and, for the
    problems propose finds itself, the same said in Indonesian for agency staff."""

    error: ContentError
    question: str = ""  # the label of the question whose answer has the problem
    explained: str = ""  # Indonesian; empty for the catalogue check's own (English) messages
    quoted: str = ""  # the proposer's text that explained's "{}" stands for

    def __str__(self) -> str:
        return str(self.error)


@dataclasses.dataclass(frozen=True)
class Proposal:
    """The result: the entry's path, or the problems (nothing written)."""

    path: str | None
    problems: tuple[Problem, ...]

    def comment(self) -> str:
        """Markdown for the issue: the file made, or the problems to fix (at most MAX_LISTED of them)."""
        if self.path:
            return (f"Usulan ini sudah menjadi draf entri {_code(self.path)}. Bappeda akan memeriksanya, "
                    "melengkapinya bila perlu, dan menerbitkannya dengan menggabungkan permintaan tariknya.\n")
        header = ("Usulan ini belum dapat dijadikan entri katalog. Perbaiki hal berikut dengan menyunting isi issue "
                  "ini; pemeriksaan berjalan lagi setiap kali issue disimpan.\n\n")
        note = ("\nPesan berbahasa Inggris berasal dari pemeriksaan katalog; artinya dan cara memperbaikinya ada di "
                "Panduan Editor, bagian \"Sepuluh galat yang paling mungkin\".\n")
        items, listed, size = [], [], len(header) + len(note) + 200  # 200: the line counting the rest
        for problem in self.problems[:MAX_LISTED]:
            item = f"- {_item(problem)}"
            if size + len(item) + 1 >= MAX_COMMENT:
                break
            items.append(item)
            listed.append(problem)
            size += len(item) + 1
        if len(listed) < len(self.problems):
            items.append(f"- dan {len(self.problems) - len(listed)} masalah lain: perbaiki yang di atas dulu, lalu "
                         "simpan issue ini lagi untuk melihatnya.")
        english = not all(problem.explained for problem in listed)
        return header + "\n".join(items) + "\n" + (note if english else "")


def _item(problem: Problem) -> str:
    """One problem as a list item: the question, then propose's own words with the proposer's text
    as code, or the check's (English) message, all of it as code, since it may quote anything."""
    error = problem.error
    where = f"**{_plain(problem.question)}**" if problem.question else _code(error.path)
    if not problem.explained:
        return f"{where}: {_code(error.message + (f' ({error.hint})' if error.hint else ''))}"
    before, placeholder, after = problem.explained.partition("{}")
    quoted = _code(problem.quoted) if placeholder else ""
    return f"{where}: {_plain(before)}{quoted}{_plain(after)}"


def _plain(text: str) -> str:
    """``text`` shown as it is in a Markdown comment: what Markdown or GitHub would act on, escaped."""
    return " ".join(text.split("\n")).translate(_MARKDOWN)


def _code(text: str) -> str:
    """``text`` as a Markdown code span, cut at MAX_SHOWN characters: shown as it is, whatever it holds."""
    cut = shown(text[:MAX_SHOWN])
    text = cut[:MAX_SHOWN] + "…" if len(text) > MAX_SHOWN or len(cut) > MAX_SHOWN else cut
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    padding = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def without_comments(text: str) -> str:
    """``text`` with each HTML comment (``<!--`` to the next ``-->``) replaced by its line breaks,
    in one pass; an unclosed one is left as it is, and so is everything after it."""
    parts, position = [], 0
    while True:
        start = text.find("<!--", position)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if end < 0:
            parts.append(text[position:])
            return "".join(parts)
        parts += [text[position:start], "\n" * text.count("\n", start, end)]
        position = end + 3


def read_answers(text: str, labels: list[str]) -> tuple[dict[str, Answer], list[Problem]]:
    """The answer under each known heading, by label; a heading given twice is a problem."""
    text = without_comments(text.replace("\r\n", "\n"))
    answers: dict[str, Answer] = {}
    problems = []
    current, start, lines = None, 0, []

    def close() -> None:
        if current is not None:
            answer = "\n".join(lines).strip("\n")
            answer = "" if answer.strip() == NO_RESPONSE else answer
            offset = next((number for number, line in enumerate(lines) if line.strip()), 0)
            answers[current] = Answer(answer.strip() and answer, start + 1 + offset if answer.strip() else start)

    for number, line in enumerate(text.split("\n"), 1):
        heading = line[4:].strip() if line.startswith("### ") else None
        if heading in labels:
            close()
            if heading in answers:
                problems.append(Problem(ContentError("", number, f"the heading '### {heading}' is given twice",
                                                     "keep one answer under each heading"), heading,
                                        "judul pertanyaan ini muncul dua kali; sisakan satu jawaban di bawah "
                                        "setiap judul."))
            current, start, lines = heading, number, []
        elif current is not None and line.strip() != f"/label ~{forms.LABEL}":  # GitLab's quick action
            lines.append(line)
    close()
    return answers, problems


def propose(body_file: Path, *, body_shown_as: str, content: Path, content_shown_as: str, issue_url: str,
            check: Callable[[], None]) -> Proposal:
    """Write the proposal in ``body_file`` as a draft entry under ``content`` and run ``check``
    (which raises BuildFailed); UsageError for an unreadable body or a bad ``issue_url``."""
    parts = urlsplit(issue_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc \
            or any(character.isspace() for character in issue_url):
        raise UsageError(f"--issue-url '{shown(issue_url)}' is not the http(s) address of an issue")
    try:
        body = read_text(body_file)
    except (OSError, TextRefused) as error:
        raise UsageError(f"cannot read the issue body {body_shown_as}: {error}") from None
    asked = forms.questions(forms.read_agencies(content), forms.read_indicators(content))
    answers, problems = read_answers(body, [question.label for question in asked])
    problems = [dataclasses.replace(problem, error=dataclasses.replace(problem.error, path=body_shown_as))
                for problem in problems]
    entry = _Entry(body_shown_as, issue_url)
    if not answers:  # not an answered form at all: one problem, not one per question
        return Proposal(None, (Problem(ContentError(body_shown_as, 0, "none of the form's headings is in the body",
                                                    f"answer with the form, or keep the headings of the template, "
                                                    f"e.g. '### {asked[0].label}'"), "Isi issue",
                                       "isi issue ini tidak memuat judul-judul formulir. Buat issue dengan formulir "
                                       "\"Usulan inovasi\" (di GitLab: templat usulan-inovasi) dan isi jawabannya "
                                       "di bawah setiap judul."),))
    for question in asked:
        answer = answers.get(question.label)
        if answer is None:
            problems.append(Problem(ContentError(body_shown_as, 0, f"the heading '### {question.label}' is missing",
                                                 "answer with the form, or keep every heading of the template"),
                                    question.label, "judul pertanyaan ini tidak ada di isi issue; isi formulirnya, "
                                    "atau pertahankan semua judul templat."))
            continue
        entry.add(question, answer)
    problems += entry.problems
    if problems:
        return Proposal(None, tuple(sorted(problems)))
    slug = entry.slug
    folder = content / "innovations"
    path, shown_path = folder / f"{slug}.md", f"{content_shown_as.rstrip('/')}/innovations/{slug}.md"
    if path.exists() or any(name.name.casefold() == f"{slug}.md" for name in folder.iterdir()):
        return Proposal(None, (Problem(ContentError(body_shown_as, answers[forms.LABELS["title"]].line,
                                                    EXISTS.format(shown_path)), forms.LABELS["title"],
                                       "katalog sudah punya entri dengan nama ini. Bila inovasinya sama, minta "
                                       "Bappeda memperbarui entri itu; bila berbeda, bedakan namanya."),))
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as file:
            file.write(entry.text())
    except OSError as error:
        raise UsageError(f"cannot write {shown_path}: {error.strerror or error}") from None
    try:
        check()
    except BuildFailed as failure:
        path.unlink()
        labels = {answer.line: label for label, answer in answers.items()}
        located = (entry.located(error, shown_path) for error in failure.errors)
        return Proposal(None, tuple(Problem(error, labels.get(error.line, "") if error.path == body_shown_as else "")
                                    for error in located))
    except BaseException:
        path.unlink()
        raise
    return Proposal(shown_path, ())


class _Entry:
    """The entry's front matter and body, built answer by answer, with where each line came from."""

    def __init__(self, body_shown_as: str, issue_url: str):
        self.body_shown_as, self.issue_url = body_shown_as, issue_url
        self.fields: list[tuple[str, int]] = []  # lines of front matter, each with the body line it came from
        self.contact: list[tuple[str, int]] = []
        self.sources: list[tuple[str, int]] = []
        self.status: list[tuple[str, int]] = []  # its state, then its date (the form asks in that order)
        self.evidence: list[tuple[str, int]] = []
        self.sections: list[str] = []
        self.problems: list[Problem] = []
        self.title, self.slug = "", ""
        self.section_lines: list[int] = []  # body line of each line of self.sections

    def problem(self, question: forms.Question, line: int, message: str, hint: str, explained: str,
                quoted: str = "") -> None:
        self.problems.append(Problem(ContentError(self.body_shown_as, line, message, hint), question.label,
                                     explained, quoted))

    def add(self, question: forms.Question, answer: Answer) -> None:
        text, key = answer.text.strip(), question.key
        if question.options and text == NO_CHOICE:
            text = ""
        if not text:
            if question.required:
                self.problem(question, answer.line, f"{key}: required field is missing",
                             f"answer '{question.label}'", "wajib diisi.")
            return
        if key == "title":
            try:
                self.title, self.slug = checked_title(text)
            except UsageError as error:
                self.problem(question, answer.line, f"title: {error}", "",
                             "nama ini tidak dapat dipakai ({}). Tulis nama dalam satu baris, dengan huruf Latin atau "
                             "angka.", str(error))
                return
            self.fields.append((f"title: {yaml_scalar(self.title)}", answer.line))
        elif key == "status":
            value = self._choice(question, answer, text)
            if value:
                self.status.append((f"  state: {value}", answer.line))
        elif question.options:
            value = self._choice(question, answer, text)
            if value:
                self.fields.append((f"{key}: {value}", answer.line))
        elif key == "status.date":
            if not re.fullmatch(r"[0-9]{4}(-[0-9]{2})?", text):
                self.problem(question, answer.line, f"status.date: expected a year or a month, found "
                             f"'{shown(text[:40])}'", "write e.g. 2024 or 2024-03",
                             "tulis tahunnya, atau tahun dan bulannya, mis. 2024 atau 2024-03 (tertulis {}).",
                             text[:40])
                return
            if not self.status:  # the question before it, whether it still runs, has no answer
                self.problem(question, answer.line, "status.date: given without the status",
                             "choose under 'Status' whether it still runs",
                             "tanggal ini perlu statusnya: pilih di Status apakah inovasi ini masih berjalan "
                             "atau sudah berhenti.")
                return
            self.status.append((f'  date: "{text}"', answer.line))
        elif key.startswith("evidence:"):
            self._evidence(question, answer, text)
        elif key == "year":
            if not (len(text) == 4 and text.isascii() and text.isdigit()):
                self.problem(question, answer.line, f"year: expected a year of four digits, found "
                             f"'{shown(text[:40])}'", "write the year only, e.g. 2020",
                             "tulis tahunnya saja, empat angka, mis. 2020 (tertulis {}).", text[:40])
                return
            self.fields.append((f"year: {text}", answer.line))
        elif key.startswith("contact."):
            self.contact.append((f"  {key[8:]}: {yaml_scalar(' '.join(text.split()))}", answer.line))
        elif key == "sources":
            self._sources(question, answer, text)
        elif key.startswith("section:"):
            self.sections += [f"## {question.label}", "", text, ""]
            self.section_lines += [answer.line] * 2 + [answer.line + number for number in
                                                       range(text.count("\n") + 1)] + [answer.line]
        else:  # one line of text: the summary, sector, website
            self.fields.append((f"{key}: {yaml_scalar(' '.join(text.split()))}", answer.line))

    def _choice(self, question: forms.Question, answer: Answer, text: str) -> str | None:
        """The value of a dropdown's answer: its option as shown, or the value itself (GitLab)."""
        for option, value in zip(question.options, question.values):
            if text in (option, value):
                return value
        # The closest choice, as the form shows it, whether the answer was near its text or its value.
        shown_as = {**{value.casefold(): option for option, value in zip(question.options, question.values)},
                    **{option.casefold(): option for option in question.options}}
        closest = [shown_as[match] for match in difflib.get_close_matches(text.casefold(), list(shown_as), 1, 0.6)]
        self.problem(question, answer.line, f"{question.key}: '{shown(text[:80])}' is not one of the choices",
                     f"did you mean '{closest[0]}'?" if closest else "choose one of: " + "; ".join(question.options),
                     "{} tidak ada di pilihan; "
                     + (f"mungkin maksud Anda {closest[0]}?" if closest else
                        "pilih salah satu: " + "; ".join(question.options) + "."), text[:80])
        return None

    def _sources(self, question: forms.Question, answer: Answer, text: str) -> None:
        for number, line in enumerate(text.split("\n")):
            address = line.strip()
            if not address:
                continue
            parts = urlsplit(address)
            if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in address):
                self.problem(question, answer.line + number,
                             f"sources: '{shown(address[:80])}' is not an http(s) address",
                             "write one address per line, e.g. https://magelangkota.go.id/...",
                             "{} bukan alamat web lengkap; tulis satu alamat http(s) per baris, mis. "
                             "https://magelangkota.go.id/...", address[:80])
                continue
            self.sources.append((f"  - publisher: {yaml_scalar(parts.hostname)}\n    url: {yaml_scalar(address)}",
                                 answer.line + number))

    def _evidence(self, question: forms.Question, answer: Answer, text: str) -> None:
        address = " ".join(text.split())
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname or " " in address:
            self.problem(question, answer.line, f"evidence: '{shown(address[:80])}' is not an http(s) address",
                         "write the document's address, e.g. https://magelangkota.go.id/...",
                         "{} bukan alamat web lengkap; tulis alamat dokumennya, mis. https://magelangkota.go.id/...",
                         address[:80])
            return
        self.evidence.append((f"  - indicator: {question.key[len('evidence:'):]}\n    url: {yaml_scalar(address)}",
                              answer.line))

    def text(self) -> str:
        self.lines: list[tuple[str, int]] = [("---", 0), *self.fields]
        if self.contact:
            self.lines += [("contact:", self.contact[0][1]), *self.contact]
        if self.status:
            self.lines += [("status:", self.status[0][1]), *self.status]
        if self.evidence:
            self.lines += [("evidence:", self.evidence[0][1]), *self.evidence]
        proposal = urlsplit(self.issue_url)
        self.lines += [("sources:", 0), *self.sources,
                       (f"  - publisher: {yaml_scalar(proposal.hostname)}\n"
                        f"    title: {yaml_scalar('Usulan inovasi: ' + self.title)}\n"
                        f"    url: {yaml_scalar(self.issue_url)}", 0),
                       ("draft: true", 0), ("---", 0), ("", 0)]
        self.lines += list(zip(self.sections, self.section_lines))
        return "\n".join(line for line, _ in self.lines) + "\n"

    def located(self, error: ContentError, shown_path: str) -> ContentError:
        """An error of the check, moved to the body line its entry line came from."""
        if error.path != shown_path:
            return error
        body_line = 0
        number = 1
        for line, source in self.lines:
            span = line.count("\n") + 1
            if number <= error.line < number + span:
                body_line = source
                break
            number += span
        return dataclasses.replace(error, path=self.body_shown_as, line=body_line)
