"""Exits 0 when the pinned tools are installed as locked, else prints what differs and exits 1.

Run with .venv/bin/python from the repository root: compares tools/requirements.lock with the packages in .venv and
tools/node/package-lock.json with tools/node/node_modules. Reads files only; installs nothing.
"""
import importlib.metadata
import json
import os
import re
import sys

differs = []
with open("tools/requirements.lock", encoding="utf-8") as lock:
    for line in lock:
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", line.strip())
        if not match:
            continue
        name, version = match.groups()
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            differs.append(f"python {name}: locked {version}, installed {installed}")

with open("tools/node/package-lock.json", encoding="utf-8") as f:
    packages = json.load(f).get("packages", {})
for path, meta in packages.items():
    if not path.startswith("node_modules/") or meta.get("optional") or meta.get("dev"):
        continue
    manifest = os.path.join("tools/node", path, "package.json")
    try:
        with open(manifest, encoding="utf-8") as f:
            installed = json.load(f).get("version")
    except OSError:
        installed = None
    if installed != meta.get("version"):
        differs.append(f"node {path[len('node_modules/'):]}: locked {meta.get('version')}, installed {installed}")

for line in differs[:5]:
    print(line)
sys.exit(1 if differs else 0)
