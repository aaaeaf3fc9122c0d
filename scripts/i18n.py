"""Translation tooling for the Qt UI (English source strings, zh_CN catalogue shown by default).

    python scripts/i18n.py update            extract every tr()/translate() under ui/ into the .ts
                                             (existing translations kept, obsolete ones dropped)
    python scripts/i18n.py fill FILE.json    apply {source: text} or {context: {source: text}}, finished
    python scripts/i18n.py build             compile the .ts into the .qm the app loads (gitignored)
    python scripts/i18n.py check             list strings without a finished translation; exit 1 if any
    python scripts/i18n.py sync              update + fill scripts/translations_zh_CN.json + build + check

``check`` and ``sync`` also cover the core (app/, no Qt): every literal passed to ``t()``, ``N_()`` or ``filler()``
(app/text.py) needs an entry with the same {placeholders} in resources/translations/core_zh_CN.json,
which the core reads at run time; that file is edited by hand.

Extraction runs pyside6-lupdate, then repairs what its Python parser cannot know: strings passed
through a module-level ``def tr(text): return QCoreApplication.translate("Ctx", text)`` wrapper get
lupdate's empty context, and ``window.tr(...)`` gets the variable's name; at run time PySide's tr()
looks the string up under the object's class (and its base classes). A parallel AST scan adds
strings lupdate cannot see at all (tr() inside an f-string).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
LANG = "zh_CN"
TS_PATH = ROOT / "resources" / "translations" / f"shopsentry_{LANG}.ts"
QM_PATH = TS_PATH.with_suffix(".qm")
JSON_PATH = ROOT / "scripts" / f"translations_{LANG}.json"
CORE_DIR = ROOT / "app"
CORE_JSON = ROOT / "resources" / "translations" / f"core_{LANG}.json"
CORE_MARKERS = ("t", "N_", "filler")  # app/text.py: translate now / mark for later / fill many times
CORE_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z_0-9]*\}")

# `<variable>.tr(...)` calls: the class of the object the variable holds at run time
CONTEXT_ALIASES = {"window": "MainWindow", "main_window": "MainWindow", "parent": "MainWindow"}

PLACEHOLDER = re.compile(r"%L?\d+|%n|\{[A-Za-z_0-9]*\}")
ACCEL = re.compile(r"&(&|[^&\s])")


@dataclass
class Message:
    context: str
    source: str
    comment: str = ""  # disambiguation
    translation: str = ""
    finished: bool = False
    numerus: bool = False
    files: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)


# --------------------------------------------------------------------------- Qt tools

def qt_tool(name: str) -> str:
    """Path of lupdate/lrelease: the binaries PySide6 ships, else a pyside6-* launcher on PATH."""
    try:
        import PySide6

        base = Path(PySide6.__file__).resolve().parent
        for cand in (base / name, base / f"{name}.exe", base / "Qt" / "libexec" / name):
            if cand.is_file():
                return str(cand)
    except ImportError:
        pass
    for cand in (Path(sys.executable).parent / f"pyside6-{name}", shutil.which(f"pyside6-{name}"),
                 shutil.which(name)):
        if cand and Path(cand).is_file():
            return str(cand)
    raise SystemExit(f"{name} not found: install PySide6 into this Python ({sys.executable})")


def ui_sources(ui_dir: Path = UI_DIR) -> list[Path]:
    return sorted(p for p in ui_dir.rglob("*.py") if "__pycache__" not in p.parts)


# --------------------------------------------------------------------------- .ts I/O

def read_ts(path: Path) -> list[Message]:
    if not path.exists():
        return []
    root = ET.parse(path).getroot()
    out = []
    for ctx in root.iter("context"):
        cname = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr_el = m.find("translation")
            kind = tr_el.get("type", "") if tr_el is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            numerus = m.get("numerus") == "yes"
            if tr_el is None:
                text = ""
            elif numerus:
                forms = [f.text or "" for f in tr_el.iter("numerusform")]
                text = forms[0] if forms else ""
            else:
                text = tr_el.text or ""
            files = {loc.get("filename", "") for loc in m.iter("location")}
            out.append(Message(cname, m.findtext("source") or "", m.findtext("comment") or "", text,
                               finished=kind == "" and bool(text), numerus=numerus, files=files))
    return out


def _esc(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def write_ts(path: Path, messages: list[Message], lang: str = LANG) -> None:
    """lupdate's own layout, contexts sorted, no source locations (so diffs show only text changes)."""
    by_ctx: dict[str, list[Message]] = {}
    for m in messages:
        by_ctx.setdefault(m.context, []).append(m)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             f'<TS version="2.1" language="{lang}" sourcelanguage="en">']
    for cname in sorted(by_ctx):
        lines += ["<context>", f"    <name>{_esc(cname)}</name>"]
        for m in by_ctx[cname]:
            lines.append('    <message numerus="yes">' if m.numerus else "    <message>")
            lines.append(f"        <source>{_esc(m.source)}</source>")
            if m.comment:
                lines.append(f"        <comment>{_esc(m.comment)}</comment>")
            attr = "" if m.finished and m.translation else ' type="unfinished"'
            if m.numerus:
                lines += [f"        <translation{attr}>",
                          f"            <numerusform>{_esc(m.translation)}</numerusform>",
                          "        </translation>"]
            else:
                lines.append(f"        <translation{attr}>{_esc(m.translation)}</translation>")
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- extraction

def _wrapper_contexts(tree: ast.Module) -> dict[str, str]:
    """Module-level ``def f(text): return QCoreApplication.translate("Ctx", text)`` → {"f": "Ctx"}."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            params = {a.arg for a in node.args.args}
            for sub in ast.walk(node):
                # the text must be the function's own parameter (not e.g. a lookup table of literals)
                if (isinstance(sub, ast.Call) and _callee(sub) == "translate" and len(sub.args) >= 2
                        and _const(sub.args[0]) is not None
                        and isinstance(sub.args[1], ast.Name) and sub.args[1].id in params):
                    out[node.name] = sub.args[0].value
    return out


def _callee(call: ast.Call) -> str | None:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None


def _const(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def ast_messages(path: Path, dynamic: list[str] | None = None) -> tuple[list[Message], dict[str, str], set[str]]:
    """(messages, module tr wrappers, class names) of one source file; tr() calls on a computed
    string (never translatable) are appended to ``dynamic`` as "file:line"."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    wrappers = _wrapper_contexts(tree)
    inside_wrappers = {id(n) for f in tree.body if isinstance(f, ast.FunctionDef) and f.name in wrappers
                       for n in ast.walk(f)}
    found: list[Message] = []
    classes: set[str] = set()

    def visit(node, cls: str | None):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                classes.add(child.name)
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                name, args = _callee(child), child.args
                ctx = src = None
                comment = ""
                if name == "tr" and isinstance(child.func, ast.Attribute) and args:
                    recv = child.func.value
                    if isinstance(recv, ast.Name):
                        ctx = cls if recv.id in ("self", "cls") else CONTEXT_ALIASES.get(recv.id, recv.id)
                    src = _const(args[0])
                    comment = _const(args[1]) if len(args) > 1 else ""
                elif isinstance(child.func, ast.Name) and name in wrappers and args:
                    ctx, src = wrappers[name], _const(args[0])
                elif name == "translate" and len(args) >= 2:
                    ctx, src = _const(args[0]), _const(args[1])
                    comment = _const(args[2]) if len(args) > 2 else ""
                if ctx and src is not None:
                    found.append(Message(ctx, src, comment or "", files={str(path)}))
                elif (name in ("tr", "translate") or name in wrappers) and args and src is None \
                        and dynamic is not None and id(child) not in inside_wrappers:
                    dynamic.append(f"{path.name}:{child.lineno}")
            visit(child, cls)

    visit(tree, None)
    return found, wrappers, classes


def run_lupdate(sources: list[Path], out_ts: Path) -> list[Message]:
    cmd = [qt_tool("lupdate"), *map(str, sources), "-ts", str(out_ts), "-no-obsolete",
           "-locations", "absolute", "-source-language", "en", "-target-language", LANG, "-silent"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"lupdate failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    msgs = read_ts(out_ts)
    for m in msgs:  # locations are relative to the .ts file
        m.files = {str((out_ts.parent / f).resolve()) for f in m.files if f}
    return msgs


@dataclass
class Extraction:
    messages: list[Message]
    known_contexts: set[str]
    lupdate_missed: list[Message]
    dynamic: list[str]


def extract(sources: list[Path] | None = None) -> Extraction:
    """Every translatable string under ui/, with the context PySide looks it up under at run time."""
    sources = ui_sources() if sources is None else sources
    dynamic: list[str] = []
    per_file = {str(p.resolve()): ast_messages(p, dynamic) for p in sources}
    known = set(CONTEXT_ALIASES.values())
    for msgs, wrappers, classes in per_file.values():
        known |= classes | set(wrappers.values()) | {m.context for m in msgs}
    with tempfile.TemporaryDirectory() as tmp:
        raw = run_lupdate(sources, Path(tmp) / f"extract_{LANG}.ts")

    merged: dict[tuple, Message] = {}

    def add(m: Message) -> None:
        have = merged.get(m.key)
        if have is None:
            merged[m.key] = Message(m.context, m.source, m.comment, numerus=m.numerus, files=set(m.files))
        else:
            have.files |= m.files

    for m in raw:
        if m.context == "" or m.context not in known:
            # lupdate could not name the context: take it from each file's tr wrapper / variable alias
            for f in sorted(m.files) or [""]:
                wrapper_ctxs = set(per_file.get(f, ([], {}, set()))[1].values())
                ctx = CONTEXT_ALIASES.get(m.context) or (
                    wrapper_ctxs.pop() if len(wrapper_ctxs) == 1 else m.context)
                add(Message(ctx, m.source, m.comment, numerus=m.numerus, files={f}))
        else:
            add(m)
    lupdate_keys = set(merged)
    missed = []
    for msgs, _w, _c in per_file.values():
        for m in msgs:
            if m.key not in lupdate_keys and m.key not in merged:
                missed.append(m)
            add(m)
    return Extraction(list(merged.values()), known, missed, dynamic)


# --------------------------------------------------------------------------- commands

def update(ts_path: Path = TS_PATH, sources: list[Path] | None = None) -> dict:
    """Re-extract into ``ts_path``: translations of unchanged strings kept, vanished strings dropped."""
    ex = extract(sources)
    old = {m.key: m for m in read_ts(ts_path)}
    old_by_src: dict[str, Message] = {}
    for m in old.values():
        if m.finished:
            old_by_src.setdefault(m.source, m)
    kept = new = 0
    for m in ex.messages:
        prev = old.get(m.key)
        if prev is not None:
            m.translation, m.finished = prev.translation, prev.finished
            kept += 1
        elif m.source in old_by_src:  # moved to another class: offer the old text, to be confirmed
            m.translation, m.finished = old_by_src[m.source].translation, False
            new += 1
        else:
            new += 1
    dropped = len(set(old) - {m.key for m in ex.messages})
    write_ts(ts_path, ex.messages)
    return {"strings": len(ex.messages), "kept": kept, "new": new, "dropped": dropped,
            "lupdate_missed": [(m.context, m.source) for m in ex.lupdate_missed], "dynamic": ex.dynamic}


def build(ts_path: Path = TS_PATH, qm_path: Path = QM_PATH) -> Path:
    qm_path.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([qt_tool("lrelease"), str(ts_path), "-qm", str(qm_path), "-silent"],
                          capture_output=True, text=True)
    if proc.returncode != 0 or not qm_path.exists():
        raise SystemExit(f"lrelease failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return qm_path


def _rich(text: str) -> bool:
    return "<" in text and ">" in text  # HTML: '&' starts an entity, not an accelerator


def accelerator(text: str) -> str | None:
    """The mnemonic key of ``&File`` → ``F``; ``&&`` is a literal ampersand."""
    if _rich(text):
        return None
    for m in ACCEL.finditer(text):
        if m.group(1) != "&":
            return m.group(1)
    return None


def with_accelerator(source: str, text: str) -> str:
    """Chinese menus show the key after the word: ``&Import…`` → ``导入(&I)…``."""
    key = accelerator(source)
    if key is None or accelerator(text) is not None:
        return text
    tail = re.search(r"(…|\.\.\.|[:：])$", text)
    cut = tail.start() if tail else len(text)
    return f"{text[:cut]}(&{key.upper()}){text[cut:]}"


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def message_problems(m: Message) -> list[str]:
    out = []
    if not m.finished or not m.translation:
        return ["no finished translation"]
    if placeholders(m.source) != placeholders(m.translation):
        out.append(f"placeholders {sorted(placeholders(m.source))} != {sorted(placeholders(m.translation))}")
    if accelerator(m.source) and not accelerator(m.translation):
        out.append("accelerator (&) missing")
    if m.source.endswith("\n") != m.translation.endswith("\n"):
        out.append("trailing newline differs")
    return out


def problems(ts_path: Path = TS_PATH, known_contexts: set[str] | None = None) -> list[str]:
    out = []
    for m in read_ts(ts_path):
        where = f"[{m.context}] {m.source!r}"
        out += [f"{where}: {p}" for p in message_problems(m)]
        if known_contexts is not None and m.context not in known_contexts:
            out.append(f"{where}: context {m.context!r} is no class under ui/ (tr() on a variable?)")
    return out


# --------------------------------------------------------------------------- core (app/)

def core_strings(core_dir: Path = CORE_DIR) -> tuple[dict[str, list[str]], list[str]]:
    """({source: ["file:line", ...]}, [calls of t()/N_() on a computed string]) under ``core_dir``."""
    found: dict[str, list[str]] = {}
    dynamic: list[str] = []
    for path in sorted(core_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if not ((isinstance(f, ast.Name) and f.id in CORE_MARKERS)  # t("…"), or text.t("…") beside a
                    or (isinstance(f, ast.Attribute) and f.attr in CORE_MARKERS  # local variable named t
                        and isinstance(f.value, ast.Name) and f.value.id == "text")):
                continue
            where = f"{path.relative_to(core_dir.parent).as_posix()}:{node.lineno}"
            src = _const(node.args[0]) if node.args else None
            if src is None:
                dynamic.append(where)
            else:
                found.setdefault(src, []).append(where)
    return found, dynamic


def core_problems(core_json: Path = CORE_JSON, core_dir: Path = CORE_DIR) -> tuple[list[str], list[str]]:
    """(problems, unused catalogue entries) of the core catalogue against the code."""
    found, dynamic = core_strings(core_dir)
    data = json.loads(core_json.read_text(encoding="utf-8")) if core_json.exists() else {}
    catalogue = {k: v for k, v in data.items() if isinstance(v, str) and not k.startswith("_")}
    out = [f"{where}: t()/N_() of a computed string can never be translated; pass a literal" for where in dynamic]
    for src, wheres in sorted(found.items()):
        text = catalogue.get(src)
        if not text:
            out.append(f"{wheres[0]}: {src!r} has no {LANG} entry in {core_json.name}")
            continue
        a, b = set(CORE_PLACEHOLDER.findall(src)), set(CORE_PLACEHOLDER.findall(text))
        if a != b:
            out.append(f"{wheres[0]}: {src!r}: placeholders {sorted(a)} != {sorted(b)} in {text!r}")
    unused = sorted(k for k in catalogue if k not in found)
    return out, unused


def load_mapping(path: Path, conflicts: list[str] | None = None) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The JSON file plus every ``*.json`` in the folder beside it named like it with ``.d``
    (one file per feature area, so parallel work does not fight over one file). An area file may
    correct the base file; two area files giving one English string different texts are listed in
    ``conflicts`` (the later one would silently retranslate the other area's screens): give one of
    them a class-specific entry."""
    path = Path(path)
    extra = sorted(path.with_suffix(".d").glob("*.json")) if path.with_suffix(".d").is_dir() else []
    flat: dict[str, str] = {}
    nested: dict[str, dict[str, str]] = {}
    origin: dict[tuple[str | None, str], str] = {}

    def put(table: dict[str, str], ctx: str | None, key: str, text: str, part: Path) -> None:
        if key in table and table[key] != text and conflicts is not None and origin[(ctx, key)] != path.name:
            where = f"[{ctx}] " if ctx else ""
            conflicts.append(f"{where}{key!r}: {origin[(ctx, key)]} says {table[key]!r}, {part.name} says {text!r}")
        table[key] = text
        origin[(ctx, key)] = part.name

    for part in [path, *extra]:
        data = json.loads(part.read_text(encoding="utf-8"))
        for k, v in data.items():
            if isinstance(v, str) and not k.startswith("_"):
                put(flat, None, k, v, part)
            elif isinstance(v, dict):
                for src, text in v.items():
                    put(nested.setdefault(k, {}), k, src, text, part)
    return flat, nested


def fill(ts_path: Path, mapping_path: Path) -> dict:
    """Apply translations written as data; context-specific entries win over plain ones."""
    conflicts: list[str] = []
    flat, nested = load_mapping(mapping_path, conflicts)
    msgs = read_ts(ts_path)
    used: set[tuple[str | None, str]] = set()
    applied, rejected = 0, []
    for m in msgs:
        if m.source in nested.get(m.context, {}):
            text, k = nested[m.context][m.source], (m.context, m.source)
        elif m.source in flat:
            text, k = flat[m.source], (None, m.source)
        else:
            continue
        used.add(k)
        text = with_accelerator(m.source, text)
        trial = Message(m.context, m.source, m.comment, text, finished=True)
        bad = message_problems(trial)
        if bad:
            rejected.append(f"[{m.context}] {m.source!r} → {text!r}: {'; '.join(bad)}")
            continue
        if (m.translation, m.finished) != (text, True):
            applied += 1
        m.translation, m.finished = text, True
    write_ts(ts_path, msgs)
    unused = [s for s in flat if (None, s) not in used]
    unused += [f"{c}/{s}" for c, d in nested.items() for s in d if (c, s) not in used]
    return {"applied": applied, "rejected": rejected, "unused": unused, "conflicts": conflicts}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="i18n.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--ts", type=Path, default=TS_PATH, help=f"catalogue (default {TS_PATH.relative_to(ROOT)})")
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("update", help="extract ui/ strings into the .ts")
    sp = sub.add_parser("fill", help="apply a JSON of translations")
    sp.add_argument("json", type=Path)
    sp = sub.add_parser("build", help="compile the .qm")
    sp.add_argument("--qm", type=Path)
    sub.add_parser("check", help="exit 1 when a string lacks a finished translation")
    sub.add_parser("sync", help=f"update, fill {JSON_PATH.name}, build, check")
    args = p.parse_args(argv)
    ts = args.ts

    def do_update():
        r = update(ts)
        print(f"{ts.name}: {r['strings']} strings, {r['kept']} kept, {r['new']} new, {r['dropped']} dropped")
        for ctx, src in r["lupdate_missed"]:
            print(f"  note: lupdate cannot see [{ctx}] {src!r} (tr() in an f-string?); added from the AST scan")
        for where in r["dynamic"]:
            print(f"  warning: {where}: tr() of a computed string can never be translated; pass a literal")

    def do_fill(path):
        r = fill(ts, path)
        print(f"{path.name}: {r['applied']} translations applied")
        for line in r["unused"]:
            print(f"  unused: {line}")
        for line in r["rejected"]:
            print(f"  REJECTED {line}")
        for line in r["conflicts"]:
            print(f"  CONFLICT {line}")
        return 1 if r["rejected"] or r["conflicts"] else 0

    def do_check():
        known = extract().known_contexts if ts == TS_PATH else None
        found = problems(ts, known)
        for line in found:
            print(line)
        msgs = read_ts(ts)
        done = sum(1 for m in msgs if not message_problems(m))
        core, unused = core_problems()
        for line in core:
            print(line)
        for src in unused:
            print(f"  note: {CORE_JSON.name}: {src!r} is used nowhere in app/")
        print(f"{ts.name}: {done}/{len(msgs)} strings translated; {CORE_JSON.name}: "
              f"{len(core_strings()[0])} core strings" + ("" if found or core else ", all good"))
        return 1 if found or core else 0

    if args.cmd == "update":
        do_update()
        return 0
    if args.cmd == "fill":
        return do_fill(args.json)
    if args.cmd == "build":
        qm = build(ts, args.qm or ts.with_suffix(".qm"))
        print(f"wrote {qm}")
        return 0
    if args.cmd == "check":
        return do_check()
    if args.cmd == "sync":
        do_update()
        code = do_fill(JSON_PATH)
        print(f"wrote {build(ts, ts.with_suffix('.qm'))}")
        return do_check() or code
    return 2


if __name__ == "__main__":
    sys.exit(main())
