#!/usr/bin/env python3
# units_from_csv.py — generate the `[[unit]]` entries of a cutover plan from the
# commune CSV.
#
# Reads quang-ngai-communes-2025.csv (96 commune-level units of the new Quảng
# Ngãi: code, name, type, slug, domain, legacy_units, ...; see
# ../shared/data/README.md for the columns and where the data comes from) and
# prints a TOML file of `[[unit]]` tables, one per row, in CSV order, which the
# plan plans/quang-ngai-2025.toml pulls in with `include`.
#
#   python3 scripts/units_from_csv.py ../shared/data/quang-ngai-communes-2025.csv \
#       > plans/units/quang-ngai-2025.toml
#
# plans/units/quang-ngai-2025.toml must be exactly this script's output: change
# the script (or the CSV), never the generated file.
#
# Unit ids must be unique, but the CSV's slug column is not: two units can share
# a slug (in Quảng Ngãi `sonha` = Sơn Hà / Sơn Hạ and `bato` = Ba Tơ / Ba Tô).
# Collisions are found from the slug column itself. Within a group that shares
# a slug, the unit that holds a former district seat (its legacy_units names a
# "Thị trấn") keeps the bare slug; if none or several do, the lowest code among
# them wins. The others get the suffix 2, 3, ... in code order, and their portal
# domain follows the new id. Such ids and domains are this plan's choice, not
# official ones, and the output says so in a comment above each affected unit.
#
# Python 3.11, standard library only. Exits 1 with a message on bad input.

import csv
import re
import sys
import unicodedata
from pathlib import Path

REQUIRED_COLUMNS = ("code", "name", "type", "slug", "domain", "legacy_units")
KINDS = ("xã", "phường", "đặc khu")
SEAT_MARK = "Thị trấn"
SLUG_RE = re.compile(r"^[a-z0-9]+$")
CODE_RE = re.compile(r"^\d{5}$")
LEGACY_RE = re.compile(r"^(?P<name>.+?) \((?P<code>\d{5})\)$")


class InputError(Exception):
    pass


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def toml_str(text: str) -> str:
    """A TOML 1.0 basic string."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def parse_legacy(field: str, where: str) -> list[tuple[str, str]]:
    """'Name (code); Name (code)' -> [(name, code), ...]; '' -> []."""
    field = nfc(field)
    if not field:
        return []
    legacy = []
    for item in field.split(";"):
        item = item.strip()
        m = LEGACY_RE.match(item)
        if not m:
            raise InputError(f"{where}: legacy_units item {item!r} is not 'Name (12345)'")
        legacy.append((m["name"].strip(), m["code"]))
    return legacy


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: missing column(s): {', '.join(missing)}")
        rows = []
        for line, raw in enumerate(reader, start=2):
            where = f"{path.name}:{line}"
            row = {k: nfc(raw[k] or "") for k in REQUIRED_COLUMNS}
            if not CODE_RE.match(row["code"]):
                raise InputError(f"{where}: code {row['code']!r} is not 5 digits")
            if row["type"] not in KINDS:
                raise InputError(f"{where}: type {row['type']!r} is not one of {KINDS}")
            if not SLUG_RE.match(row["slug"]):
                raise InputError(f"{where}: slug {row['slug']!r} is not [a-z0-9]+")
            if not row["domain"].startswith(row["slug"] + "."):
                raise InputError(f"{where}: domain {row['domain']!r} does not start with the slug")
            row["legacy"] = parse_legacy(row["legacy_units"], where)
            # Optional columns: the former province (one) and former districts ("; "-separated).
            row["former_provinces"] = nfc(raw.get("former_provinces") or "")
            if ";" in row["former_provinces"]:
                raise InputError(f"{where}: former_provinces {row['former_provinces']!r} names more than one province")
            row["former_districts"] = [nfc(d) for d in (raw.get("former_districts") or "").split(";") if d.strip()]
            row["where"] = where
            rows.append(row)
    codes = [r["code"] for r in rows]
    if len(set(codes)) != len(codes):
        raise InputError(f"{path}: duplicate codes")
    return rows


def holds_seat(row: dict) -> bool:
    return any(name.startswith(SEAT_MARK) for name, _ in row["legacy"])


def assign_ids(rows: list[dict]) -> None:
    """Set row['id'], row['unit_domain'] and, for shared slugs, row['collision']."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["slug"], []).append(row)
    taken = set(groups)  # every bare slug is reserved for its own group
    for slug, group in groups.items():
        for row in group:
            row["id"] = slug
            row["unit_domain"] = row["domain"]
        if len(group) == 1:
            continue
        by_code = sorted(group, key=lambda r: r["code"])
        seats = [r for r in by_code if holds_seat(r)]
        keeper = seats[0] if len(seats) == 1 else (seats or by_code)[0]
        reason = (
            f"it holds the former district seat ({next(n for n, _ in keeper['legacy'] if n.startswith(SEAT_MARK))})"
            if len(seats) == 1
            else "it has the lowest code"
        )
        suffix = 2
        for row in by_code:
            if row is keeper:
                continue
            while f"{slug}{suffix}" in taken:
                suffix += 1
            row["id"] = f"{slug}{suffix}"
            taken.add(row["id"])
            row["unit_domain"] = row["id"] + row["domain"][len(slug):]
            suffix += 1
        for row in group:
            others = ", ".join(f"{o['code']} {o['name']} (id {o['id']})" for o in by_code if o is not row)
            row["collision"] = (slug, keeper, reason, others)


def render(rows: list[dict], csv_name: str) -> str:
    out = [
        f"# Generated by scripts/units_from_csv.py from {csv_name}. Do not edit by hand:",
        "# change the script or the CSV and regenerate with",
        f"#   python3 scripts/units_from_csv.py ../shared/data/{csv_name} > plans/units/quang-ngai-2025.toml",
        "#",
        "# The commune-level units of the new Quảng Ngãi (from 1/7/2025), one [[unit]] per CSV row,",
        "# in CSV order. Names and codes are the National Statistics Office (NSO) list, taken from",
        "# the PyPI package vietnam-provinces 2026.9.0 (licence GPL-3.0-or-later; see",
        "# ../shared/data/README.md). `legacy` lists the pre-2025 communes merged into each unit,",
        "# with their old NSO codes"
        + (
            " (the data gives none for " + ", ".join(r["name"] for r in rows if not r["legacy"])
            + ", so it has no `legacy`);"
            if any(not r["legacy"] for r in rows)
            else ";"
        ),
        "# `legacy` is an addition to the [[unit]] keys of docs/plan-format.md v1. `domain` is the",
        "# portal name tenxa.quangngai.gov.vn of kh-2025-06 II.6.c. `former_province` and",
        "# `former_districts` are the CSV's former_provinces and former_districts; `groups` names",
        "# the former province as a group id (`from-quang-ngai`, `from-kon-tum`), which tasks select",
        "# units by: the June 2025 plans of the old Quảng Ngãi concern its own 56 communes, the",
        "# 40 formed from former Kon Tum joined on 1/7/2025. Included by",
        "# plans/quang-ngai-2025.toml; this file has no [plan] table.",
        f"# {len(rows)} units: "
        + ", ".join(f"{sum(r['type'] == k for r in rows)} {k}" for k in KINDS)
        + "; "
        + ", ".join(f"{n} from former {p}" for p, n in province_counts(rows))
        + ".",
        "",
    ]
    for row in rows:
        if "collision" in row:
            slug, keeper, reason, others = row["collision"]
            out.append(f'# Slug "{slug}" is shared with {others}.')
            out.append("# The id and domain below are this plan's choice, not an official one:")
            if row is keeper:
                out.append(f'# this unit keeps the bare id "{row["id"]}" ({row["unit_domain"]})')
                out.append(f"# because {reason}.")
            else:
                out.append(f'# "{row["id"]}" ({row["unit_domain"]}); "{slug}" stays with'
                           f' {keeper["code"]} {keeper["name"]}')
                out.append(f"# because {reason}.")
        out.append("[[unit]]")
        out.append(f"id     = {toml_str(row['id'])}")
        out.append(f"name   = {toml_str(row['name'])}")
        out.append(f"kind   = {toml_str(row['type'])}")
        out.append(f"code   = {toml_str(row['code'])}")
        out.append(f"domain = {toml_str(row['unit_domain'])}")
        if row["former_provinces"]:
            out.append(f"former_province  = {toml_str(row['former_provinces'])}")
        if row["former_districts"]:
            districts = ", ".join(toml_str(d) for d in row["former_districts"])
            out.append(f"former_districts = [{districts}]")
        if row["former_provinces"]:
            out.append(f"groups = [{toml_str(group_id(row['former_provinces']))}]")
        if row["legacy"]:
            out.append("legacy = [")
            for name, code in row["legacy"]:
                out.append(f"  {{ name = {toml_str(name)}, code = {toml_str(code)} }},")
            out.append("]")
        out.append("")
    return "\n".join(out)


def group_id(province: str) -> str:
    """`Kon Tum` -> `from-kon-tum`: ASCII, lower case, words joined by `-`."""
    plain = unicodedata.normalize("NFD", province.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return "from-" + "-".join(re.findall(r"[a-z0-9]+", plain))


def province_counts(rows: list[dict]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for r in rows:
        if r["former_provinces"]:
            counts[r["former_provinces"]] = counts.get(r["former_provinces"], 0) + 1
    return list(counts.items())


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(f"usage: {Path(argv[0]).name} COMMUNES.csv > UNITS.toml", file=sys.stderr)
        return 2
    path = Path(argv[1])
    try:
        rows = read_rows(path)
        assign_ids(rows)
    except (InputError, OSError, csv.Error) as e:
        print(f"units_from_csv: {e}", file=sys.stderr)
        return 1
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids), "unit ids are not unique"
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    sys.stdout.write(render(rows, path.name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
