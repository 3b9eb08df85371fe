"""The Helm chart in helm/balai, checked without a cluster and without the helm binary.

The chart is rendered by helm-python-sdk, which embeds Helm's Go SDK as a shared library (no helm
binary, no download), once per values file for the whole module. The rendered objects are
validated against Kubernetes' own OpenAPI schemas in strict mode (kubernetes-validate) and scanned
with checkov, which runs from its own virtualenv (.venv-chart) because it pins `packaging<24`
while pytest needs `packaging>=24`.

No Django here: these tests read files and run Helm, nothing else.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import helm_python
import kubernetes_validate
import pytest
import yaml
from kubernetes_validate.utils import SchemaNotFoundError, ValidationError

pytestmark = pytest.mark.chart

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "balai"
CI_VALUES = {path.name: path for path in sorted((CHART / "ci").glob("*-values.yaml"))}
RELEASE = "balai"
NAMESPACE = "balai"
MINIMAL = "default-values.yaml"
FULL = "full-values.yaml"
FEATURES_OFF = "features-off-values.yaml"

# The chart's kubeVersion floor (Chart.yaml) and the newest Kubernetes kubernetes-validate knows.
KUBERNETES_VERSIONS = ("1.30.0", "1.37.0")
# Custom resources: their schemas come with their operators' CRDs, not with Kubernetes, so
# kubernetes-validate cannot check them. Exactly these kinds are skipped, nothing else.
CRD_KINDS = {("cert-manager.io/v1", "Certificate"), ("monitoring.coreos.com/v1", "ServiceMonitor")}

CHECKOV = ROOT / ".venv-chart" / "bin" / "checkov"
# Checks skipped for every render, with the reason (helm/balai/README.md repeats them).
CHECKOV_SKIPS = {
    "CKV_K8S_35": "the app reads its settings from environment variables once at start; the "
    "secrets are secretKeyRef references, never values in the pod spec",
}
# Checks skipped only for renders whose values turn the feature off; the full render is scanned
# without these skips, so the chart is shown to pass them once the value is set.
CHECKOV_SKIPS_WHEN = {
    "CKV_K8S_43": ("image.digest is empty", lambda values: not values.get("image", {}).get("digest")),
    "CKV2_K8S_6": (
        "networkPolicy.enabled is false",
        lambda values: not values.get("networkPolicy", {}).get("enabled"),
    ),
}


# --- rendering, once per values file --------------------------------------------------------------


def load_values(name: str) -> dict[str, Any]:
    return yaml.safe_load(CI_VALUES[name].read_text()) or {}


@pytest.fixture(scope="module")
def chart() -> Iterator[helm_python.Chart]:
    with helm_python.Chart.load(CHART) as loaded:
        yield loaded


def render(chart: helm_python.Chart, values: dict[str, Any]) -> dict[str, str]:
    return chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)


def manifests_of(rendered: dict[str, str]) -> list[dict[str, Any]]:
    objects = []
    for template, text in sorted(rendered.items()):
        if template.endswith("NOTES.txt"):
            continue
        objects += [document for document in yaml.safe_load_all(text) if document]
    return objects


@pytest.fixture(scope="module")
def renders(chart: helm_python.Chart) -> dict[str, dict[str, str]]:
    return {name: render(chart, load_values(name)) for name in CI_VALUES}


@pytest.fixture(scope="module")
def objects(renders: dict[str, dict[str, str]]) -> dict[str, list[dict[str, Any]]]:
    return {name: manifests_of(rendered) for name, rendered in renders.items()}


def find(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    matches = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind}/{name}: {len(matches)} found"
    return matches[0]


def pod_specs(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        f"{o['kind']}/{o['metadata']['name']}": o["spec"]["template"]["spec"]
        for o in objects
        if o["kind"] in ("Deployment", "Job")
    }


def render_error(chart: helm_python.Chart, values: dict[str, Any]) -> str:
    with pytest.raises(helm_python.HelmError) as raised:
        render(chart, values)
    return str(raised.value)


# --- what each render contains ----------------------------------------------------------------------


def test_minimal_values_render_the_core_objects(objects: dict[str, list[dict[str, Any]]]) -> None:
    kinds_and_names = sorted((o["kind"], o["metadata"]["name"]) for o in objects[MINIMAL])

    assert kinds_and_names == [
        ("ConfigMap", "balai"),
        ("ConfigMap", "balai-migrations"),
        ("Deployment", "balai-beat"),
        ("Deployment", "balai-web"),
        ("Deployment", "balai-worker"),
        ("Ingress", "balai"),
        ("Job", "balai-migrate"),
        ("PodDisruptionBudget", "balai-web"),
        ("PodDisruptionBudget", "balai-worker"),
        ("Secret", "balai"),
        ("Secret", "balai-migrations"),
        ("Service", "balai-web"),
        ("Service", "balai-worker-metrics"),
        ("ServiceAccount", "balai"),
        ("ServiceAccount", "balai-migrations"),
    ]


def test_full_values_render_every_optional_object(objects: dict[str, list[dict[str, Any]]]) -> None:
    kinds_and_names = sorted((o["kind"], o["metadata"]["name"]) for o in objects[FULL])

    assert kinds_and_names == [
        ("Certificate", "balai-aceh-besar"),
        ("Certificate", "balai-aceh-besar-custom"),
        ("Certificate", "balai-pidie"),
        ("Certificate", "balai-pidie-custom"),
        ("Certificate", "balai-platform"),
        ("ConfigMap", "balai"),
        ("ConfigMap", "balai-migrations"),
        ("Deployment", "balai-beat"),
        ("Deployment", "balai-web"),
        ("Deployment", "balai-worker"),
        ("HorizontalPodAutoscaler", "balai-web"),
        ("HorizontalPodAutoscaler", "balai-worker"),
        ("Ingress", "balai"),
        ("Job", "balai-migrate"),
        ("NetworkPolicy", "balai-deny-ingress"),
        ("NetworkPolicy", "balai-egress"),
        ("NetworkPolicy", "balai-web"),
        ("NetworkPolicy", "balai-worker"),
        ("PodDisruptionBudget", "balai-web"),
        ("PodDisruptionBudget", "balai-worker"),
        ("Service", "balai-web"),
        ("Service", "balai-worker-metrics"),
        ("ServiceAccount", "balai"),
        ("ServiceAccount", "balai-migrations"),
        ("ServiceMonitor", "balai-web"),
        ("ServiceMonitor", "balai-worker"),
    ]


def test_optional_parts_can_be_turned_off(objects: dict[str, list[dict[str, Any]]]) -> None:
    rendered = objects[FEATURES_OFF]
    kinds_and_names = sorted((o["kind"], o["metadata"]["name"]) for o in rendered)

    assert kinds_and_names == [
        ("ConfigMap", "balai"),
        ("ConfigMap", "balai-migrations"),
        ("Deployment", "balai-web"),
        ("Deployment", "balai-worker"),
        ("Job", "balai-migrate"),
        ("NetworkPolicy", "balai-deny-ingress"),
        ("NetworkPolicy", "balai-web"),
        ("NetworkPolicy", "balai-worker"),
        ("Service", "balai-web"),
    ]
    assert {spec["serviceAccountName"] for spec in pod_specs(rendered).values()} == {"balai-runner"}
    assert [p["name"] for p in find(rendered, "Service", "balai-web")["spec"]["ports"]] == ["http"]
    web_policy = find(rendered, "NetworkPolicy", "balai-web")["spec"]
    assert web_policy["ingress"][0]["from"] == [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}
    ]
    # Without metrics the workers admit nothing at all.
    assert "ingress" not in find(rendered, "NetworkPolicy", "balai-worker")["spec"]
    worker = find(rendered, "Deployment", "balai-worker")["spec"]["template"]["spec"]["containers"][0]
    assert ("ports" in worker, [e["name"] for e in worker["env"] if e["name"] == "CELERY_METRICS_PORT"]) == (
        False,
        [],
    )


def test_every_object_names_the_release_namespace(objects: dict[str, list[dict[str, Any]]]) -> None:
    for name, rendered in objects.items():
        assert {o["metadata"].get("namespace") for o in rendered} == {NAMESPACE}, name


def test_helm_lint_reports_no_warning_or_error() -> None:
    report = helm_python.lint(CHART, load_values(FULL), strict=True, kube_version="v1.30.0")

    assert report["errors"] == []
    # Severity 1 is "info" (Helm only recommends an icon).
    assert [m for m in report["messages"] if m["severity"] >= 2] == []


# --- required values and the schema -------------------------------------------------------------


def test_rendering_without_base_domain_fails_with_a_sentence(chart: helm_python.Chart) -> None:
    values = load_values(MINIMAL)
    del values["baseDomain"]

    assert "Set baseDomain to the platform's domain, e.g. --set baseDomain=" in render_error(chart, values)


def test_rendering_without_any_secret_fails_with_a_sentence(chart: helm_python.Chart) -> None:
    values = {"baseDomain": "balai.example.org"}

    assert (
        "Set existingSecret to the name of a Secret you created (keys SECRET_KEY, DATABASE_URL, REDIS_URL"
        in render_error(chart, values)
    )


def test_rendering_without_the_database_url_names_it(chart: helm_python.Chart) -> None:
    values = load_values(MINIMAL)
    values["secrets"]["databaseUrl"] = ""

    assert "set secrets.databaseUrl to the PostgreSQL 14+ URL" in render_error(chart, values)


def test_rendering_without_personal_data_keys_names_them(chart: helm_python.Chart) -> None:
    values = load_values(MINIMAL)
    values["secrets"]["personalDataKeys"] = ""

    assert "set secrets.personalDataKeys to one or more comma-separated Fernet keys" in render_error(
        chart, values
    )


def test_existing_secret_next_to_secret_values_is_refused(chart: helm_python.Chart) -> None:
    values = load_values(MINIMAL)
    values["existingSecret"] = "balai-secrets"

    assert "Set either existingSecret or the values under secrets, not both" in render_error(chart, values)


def test_existing_secret_alone_is_enough_and_no_secret_is_created(chart: helm_python.Chart) -> None:
    rendered = manifests_of(render(chart, {"baseDomain": "balai.example.org", "existingSecret": "mine"}))

    assert [o for o in rendered if o["kind"] == "Secret"] == []
    job_env = find(rendered, "Job", "balai-migrate")["spec"]["template"]["spec"]["containers"][0]["env"]
    assert {e["valueFrom"]["secretKeyRef"]["name"] for e in job_env if "valueFrom" in e} == {"mine"}


def test_cert_manager_without_an_issuer_fails_with_a_sentence(chart: helm_python.Chart) -> None:
    values = load_values(MINIMAL) | {"certManager": {"enabled": True}}

    assert "Set certManager.issuerRef.name to the cert-manager Issuer" in render_error(chart, values)


def test_a_district_listed_twice_is_refused(chart: helm_python.Chart) -> None:
    values = load_values(MINIMAL) | {"districts": [{"slug": "pidie"}, {"slug": "pidie"}]}

    assert "District pidie is listed twice under districts" in render_error(chart, values)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"web": {"replicas": 0}}, "at '/web/replicas': minimum: got 0, want 1"),
        ({"worker": {"concurrency": 0}}, "at '/worker/concurrency': minimum: got 0, want 1"),
        ({"webb": {"replicas": 2}}, "at '': additional properties 'webb' not allowed"),
        ({"web": {"replica": 2}}, "at '/web': additional properties 'replica' not allowed"),
        (
            {"web": {"autoscaling": {"maxReplica": 5}}},
            "at '/web/autoscaling': additional properties 'maxReplica' not allowed",
        ),
        ({"districts": [{"slug": "Aceh Besar"}]}, "at '/districts/0/slug'"),
        ({"districts": [{"slug": "pidie", "domains": ["a.desa.id"]}]}, "additional properties 'domains'"),
        ({"image": {"digest": "latest"}}, "at '/image/digest'"),
        ({"image": {"pullPolicy": "Sometimes"}}, "at '/image/pullPolicy'"),
        ({"logLevel": "VERBOSE"}, "at '/logLevel'"),
        ({"secrets": {"databaseUrl": "mysql://x"}}, "at '/secrets/databaseUrl'"),
        ({"secrets": {"personalDataKeys": "not-a-fernet-key"}}, "at '/secrets/personalDataKeys'"),
        ({"migrations": {"processes": "4"}}, "at '/migrations/processes': got string, want integer"),
        ({"extraEnv": {"lower_case": "x"}}, "invalid propertyName 'lower_case'"),
    ],
)
def test_schema_rejects_bad_values(chart: helm_python.Chart, change: dict[str, Any], message: str) -> None:
    values = merge(load_values(MINIMAL), change)

    error = render_error(chart, values)

    assert error.startswith("values don't meet the specifications of the schema(s)")
    assert message in error


def merge(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def schema_objects(node: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if node.get("type") == "object":
        yield path or "/", node
    for key, child in node.get("properties", {}).items():
        yield from schema_objects(child, f"{path}/{key}")
    if isinstance(node.get("items"), dict):
        yield from schema_objects(node["items"], f"{path}/*")


# Maps whose keys the operator chooses (annotations, labels, environment variables): their
# additionalProperties is a schema for the values (strings), not false.
FREE_FORM_MAPS = {
    "/extraEnv",
    "/web/podAnnotations",
    "/worker/podAnnotations",
    "/beat/podAnnotations",
    "/metrics/serviceMonitor/labels",
    "/ingress/annotations",
    "/networkPolicy/ingressControllerNamespaceLabels",
    "/networkPolicy/metricsNamespaceLabels",
    "/serviceAccount/annotations",
    "/nodeSelector",
}


def test_schema_forbids_unknown_keys_at_every_object_level() -> None:
    schema = json.loads((CHART / "values.schema.json").read_text())

    levels = dict(schema_objects(schema))

    assert {path for path, node in levels.items() if node.get("additionalProperties") is not False} == (
        FREE_FORM_MAPS
    )
    assert {path: levels[path]["additionalProperties"] for path in FREE_FORM_MAPS} == {
        path: {"type": "string"} for path in FREE_FORM_MAPS
    }


def values_keys(values: dict[str, Any], path: str = "") -> set[str]:
    keys = set()
    for key, value in values.items():
        keys.add(f"{path}/{key}")
        if isinstance(value, dict) and f"{path}/{key}" not in FREE_FORM_MAPS:
            keys |= values_keys(value, f"{path}/{key}")
    return keys


def schema_keys(node: dict[str, Any], path: str = "") -> set[str]:
    keys = set()
    for key, child in node.get("properties", {}).items():
        keys.add(f"{path}/{key}")
        keys |= schema_keys(child, f"{path}/{key}")
    return keys


def test_values_yaml_and_the_schema_describe_the_same_keys() -> None:
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    schema = json.loads((CHART / "values.schema.json").read_text())

    assert values_keys(values) == schema_keys(schema) - {"/global"}


def test_every_value_in_values_yaml_has_a_comment_above_it() -> None:
    lines = (CHART / "values.yaml").read_text().splitlines()
    uncommented = []
    parents: list[tuple[int, str]] = []
    for number, line in enumerate(lines):
        match = re.match(r"^( *)([A-Za-z][\w.-]*):", line)
        if not match:
            continue
        indent = len(match.group(1))
        while parents and parents[-1][0] >= indent:
            parents.pop()
        path = [key for _, key in parents] + [match.group(2)]
        parents.append((indent, match.group(2)))
        # requests/limits and cpu/memory are explained by the comment on `resources`.
        if "resources" in path[:-1]:
            continue
        if not lines[number - 1].lstrip().startswith("#"):
            uncommented.append(".".join(path))

    assert uncommented == []


def test_chart_defaults_satisfy_the_schema(chart: helm_python.Chart) -> None:
    chart.validate_schema({})


# --- Kubernetes schemas, strict ---------------------------------------------------------------------


def validate_strictly(objects: list[dict[str, Any]]) -> tuple[list[str], set[tuple[str, str]]]:
    errors, skipped = [], set()
    for manifest in objects:
        kind = (manifest["apiVersion"], manifest["kind"])
        for version in KUBERNETES_VERSIONS:
            try:
                kubernetes_validate.validate(manifest, version, strict=True)
            except SchemaNotFoundError:
                skipped.add(kind)
            except ValidationError as error:
                where = "/".join(str(p) for p in error.path)
                errors.append(
                    f"{version} {manifest['kind']}/{manifest['metadata']['name']} {where}: {error.message}"
                )
    return errors, skipped


@pytest.mark.parametrize("values_file", sorted(CI_VALUES))
def test_rendered_objects_are_valid_kubernetes_objects_in_strict_mode(
    objects: dict[str, list[dict[str, Any]]], values_file: str
) -> None:
    errors, skipped = validate_strictly(objects[values_file])

    assert errors == []
    assert skipped <= CRD_KINDS
    assert skipped == {(o["apiVersion"], o["kind"]) for o in objects[values_file]} & CRD_KINDS


def test_strict_validation_rejects_an_unknown_field(objects: dict[str, list[dict[str, Any]]]) -> None:
    deployment = copy.deepcopy(find(objects[MINIMAL], "Deployment", "balai-web"))
    deployment["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Always"

    errors, _ = validate_strictly([deployment])

    assert len(errors) == len(KUBERNETES_VERSIONS)
    assert "'imagePullPolicyy' was unexpected" in errors[0]


# --- checkov -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checkov_failures(
    renders: dict[str, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[tuple[str, str, str | None]]]:
    """Runs checkov over each render; returns, per values file, (check, resource, severity) of every
    failed check. One checkov process per render, side by side: in one process its graph checks
    would let one render's NetworkPolicies cover another render's pods."""
    if not CHECKOV.exists():
        pytest.fail(
            f"{CHECKOV.relative_to(ROOT)} is missing: create it with "
            "`python -m venv .venv-chart && .venv-chart/bin/pip install checkov==3.3.30` (make test does)."
        )
    directory = tmp_path_factory.mktemp("rendered")
    processes = {}
    for name, rendered in renders.items():
        path = directory / name
        path.write_text(
            "\n---\n".join(
                text for template, text in sorted(rendered.items()) if not template.endswith("NOTES.txt")
            )
        )
        processes[name] = subprocess.Popen(
            [
                str(CHECKOV),
                "--file",
                str(path),
                "--framework",
                "kubernetes",
                "--output",
                "json",
                "--quiet",
                "--skip-download",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "LOG_LEVEL": "ERROR"},
        )
    failures: dict[str, list[tuple[str, str, str | None]]] = {}
    for name, process in processes.items():
        stdout, stderr = process.communicate(timeout=300)
        # 0: nothing failed, 1: something failed; anything else is checkov itself failing.
        assert process.returncode in (0, 1), stderr[-2000:]
        report = json.loads(stdout)
        assert report["summary"]["parsing_errors"] == 0
        # Every object, plus the Pod checkov derives from each Deployment and Job: nothing unparsed.
        objects = manifests_of(renders[name])
        assert report["summary"]["resource_count"] == len(objects) + len(pod_specs(objects))
        failures[name] = [
            (check["check_id"], check["resource"], check["severity"])
            for check in report["results"]["failed_checks"]
        ]
    return failures


def allowed_skips(values_file: str) -> set[str]:
    values = load_values(values_file)
    return set(CHECKOV_SKIPS) | {
        check for check, (_, applies) in CHECKOV_SKIPS_WHEN.items() if applies(values)
    }


@pytest.mark.parametrize("values_file", sorted(CI_VALUES))
def test_checkov_fails_no_check_beyond_the_listed_skips(
    checkov_failures: dict[str, list[tuple[str, str, str | None]]], values_file: str
) -> None:
    failures = checkov_failures[values_file]

    # Offline checkov has no severities (they come from the Prisma Cloud API): every failed check
    # counts, and only the listed skips may fail.
    assert sorted({check for check, _, _ in failures} - allowed_skips(values_file)) == []


def test_checkov_skips_are_all_still_needed(
    checkov_failures: dict[str, list[tuple[str, str, str | None]]],
) -> None:
    fired = {name: {check for check, _, _ in failures} for name, failures in checkov_failures.items()}

    assert fired == {name: allowed_skips(name) for name in CI_VALUES}
    assert fired[FULL] == set(CHECKOV_SKIPS)


def test_chart_readme_lists_every_checkov_skip_with_its_reason() -> None:
    readme = (CHART / "README.md").read_text()
    rows = dict(re.findall(r"^\| `(CKV2?_K8S_\d+)` \| (.+?) \|", readme, flags=re.MULTILINE))

    assert set(rows) == set(CHECKOV_SKIPS) | set(CHECKOV_SKIPS_WHEN)
    assert all(len(reason) > 40 for reason in rows.values())


# --- the objects themselves -------------------------------------------------------------------------


def test_migrations_run_as_a_hook_job_recreated_before_each_install_and_upgrade(
    objects: dict[str, list[dict[str, Any]]],
) -> None:
    job = find(objects[FULL], "Job", "balai-migrate")
    container = job["spec"]["template"]["spec"]["containers"][0]

    assert job["metadata"]["annotations"] == {
        "helm.sh/hook": "pre-install,pre-upgrade",
        "helm.sh/hook-weight": "0",
        "helm.sh/hook-delete-policy": "before-hook-creation",
    }
    # The entrypoint runs `python platform/manage.py balai_migrate --processes 4`.
    assert container["args"] == ["migrate", "--processes", "4"]
    assert job["spec"]["backoffLimit"] == 1
    assert job["spec"]["activeDeadlineSeconds"] == 7200
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"


def test_the_migration_job_reads_hook_copies_made_before_it(objects: dict[str, list[dict[str, Any]]]) -> None:
    rendered = objects[MINIMAL]
    job_spec = find(rendered, "Job", "balai-migrate")["spec"]["template"]["spec"]
    container = job_spec["containers"][0]
    copies = [
        find(rendered, "ConfigMap", "balai-migrations"),
        find(rendered, "Secret", "balai-migrations"),
        find(rendered, "ServiceAccount", "balai-migrations"),
    ]

    assert container["envFrom"] == [{"configMapRef": {"name": "balai-migrations"}}]
    assert {e["valueFrom"]["secretKeyRef"]["name"] for e in container["env"] if "valueFrom" in e} == {
        "balai-migrations"
    }
    assert job_spec["serviceAccountName"] == "balai-migrations"
    for hook_copy in copies:
        assert hook_copy["metadata"]["annotations"] == {
            "helm.sh/hook": "pre-install,pre-upgrade",
            "helm.sh/hook-weight": "-10",
            "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
        }
    assert (
        find(rendered, "ConfigMap", "balai-migrations")["data"]
        == find(rendered, "ConfigMap", "balai")["data"]
    )
    assert find(rendered, "Secret", "balai-migrations")["data"] == find(rendered, "Secret", "balai")["data"]


def test_each_component_runs_its_role_of_the_entrypoint(objects: dict[str, list[dict[str, Any]]]) -> None:
    specs = pod_specs(objects[FULL])

    assert {name: spec["containers"][0]["args"] for name, spec in specs.items()} == {
        "Deployment/balai-web": ["web"],
        "Deployment/balai-worker": ["worker", "--concurrency", "4"],
        "Deployment/balai-beat": ["beat"],
        "Job/balai-migrate": ["migrate", "--processes", "4"],
    }
    assert {spec["containers"][0]["image"] for spec in specs.values()} == {
        "registry.acehbesarkab.go.id/balai/balai@sha256:" + "0" * 64
    }
    assert {spec["containers"][0]["imagePullPolicy"] for spec in specs.values()} == {"IfNotPresent"}


def test_an_image_tag_without_a_digest_is_always_pulled(objects: dict[str, list[dict[str, Any]]]) -> None:
    containers = [spec["containers"][0] for spec in pod_specs(objects[MINIMAL]).values()]

    assert {(c["image"], c["imagePullPolicy"]) for c in containers} == {("balai:0.1.0", "Always")}


def test_beat_is_one_pod_replaced_with_recreate(objects: dict[str, list[dict[str, Any]]]) -> None:
    beat = find(objects[FULL], "Deployment", "balai-beat")

    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert [
        o for o in objects[FULL] if o["kind"] == "PodDisruptionBudget" and "beat" in o["metadata"]["name"]
    ] == []
    assert beat["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["exec"]["command"] == [
        "sh",
        "-c",
        "find /tmp -maxdepth 1 -name 'celerybeat-schedule*' -mmin -15 | grep -q .",
    ]


def test_autoscaling_replaces_the_fixed_replica_count(objects: dict[str, list[dict[str, Any]]]) -> None:
    full, minimal = objects[FULL], objects[MINIMAL]

    assert "replicas" not in find(full, "Deployment", "balai-web")["spec"]
    assert "replicas" not in find(full, "Deployment", "balai-worker")["spec"]
    assert find(minimal, "Deployment", "balai-web")["spec"]["replicas"] == 2
    web_hpa = find(full, "HorizontalPodAutoscaler", "balai-web")["spec"]
    assert (web_hpa["scaleTargetRef"]["name"], web_hpa["minReplicas"], web_hpa["maxReplicas"]) == (
        "balai-web",
        3,
        12,
    )
    assert web_hpa["metrics"][0]["resource"]["target"] == {"type": "Utilization", "averageUtilization": 65}
    worker_hpa = find(full, "HorizontalPodAutoscaler", "balai-worker")["spec"]
    assert (worker_hpa["scaleTargetRef"]["name"], worker_hpa["minReplicas"], worker_hpa["maxReplicas"]) == (
        "balai-worker",
        2,
        8,
    )


def test_disruption_budgets_let_a_drain_proceed(objects: dict[str, list[dict[str, Any]]]) -> None:
    budgets = [o for o in objects[MINIMAL] if o["kind"] == "PodDisruptionBudget"]

    assert {o["metadata"]["name"]: o["spec"]["maxUnavailable"] for o in budgets} == {
        "balai-web": 1,
        "balai-worker": 1,
    }


def test_web_probes_use_healthz_and_readyz(objects: dict[str, list[dict[str, Any]]]) -> None:
    web = find(objects[MINIMAL], "Deployment", "balai-web")["spec"]["template"]["spec"]["containers"][0]

    assert web["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert web["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert web["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert web["ports"] == [{"name": "http", "containerPort": 8000, "protocol": "TCP"}]


def test_every_container_is_probed(objects: dict[str, list[dict[str, Any]]]) -> None:
    for name, spec in pod_specs(objects[FULL]).items():
        if name.startswith("Job/"):
            continue
        container = spec["containers"][0]
        assert "livenessProbe" in container and "readinessProbe" in container, name


def test_web_service_exposes_http_and_metrics_for_scraping(objects: dict[str, list[dict[str, Any]]]) -> None:
    service = find(objects[MINIMAL], "Service", "balai-web")
    pod = find(objects[MINIMAL], "Deployment", "balai-web")["spec"]["template"]["metadata"]
    scrape = {"prometheus.io/scrape": "true", "prometheus.io/port": "8000", "prometheus.io/path": "/metrics"}

    assert service["spec"]["ports"] == [
        {"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"},
        {"name": "metrics", "port": 8000, "targetPort": "http", "protocol": "TCP"},
    ]
    assert service["metadata"]["annotations"] == scrape
    assert scrape.items() <= pod["annotations"].items()
    monitor = find(objects[FULL], "ServiceMonitor", "balai-web")
    assert monitor["spec"]["endpoints"] == [{"port": "metrics", "path": "/metrics", "interval": "30s"}]
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"


def test_workers_expose_their_task_metrics_on_their_own_port(
    objects: dict[str, list[dict[str, Any]]],
) -> None:
    pod = find(objects[MINIMAL], "Deployment", "balai-worker")["spec"]["template"]
    container = pod["spec"]["containers"][0]
    service = find(objects[MINIMAL], "Service", "balai-worker-metrics")["spec"]

    assert container["ports"] == [{"name": "metrics", "containerPort": 9808, "protocol": "TCP"}]
    assert {"name": "CELERY_METRICS_PORT", "value": "9808"} in container["env"]
    # prefork children count tasks in files there; the worker's metrics port sums them
    assert {"name": "PROMETHEUS_MULTIPROC_DIR", "value": "/tmp/prometheus"} in container["env"]  # noqa: S108
    assert {k: v for k, v in pod["metadata"]["annotations"].items() if k.startswith("prometheus.io/")} == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": "9808",
        "prometheus.io/path": "/metrics",
    }
    assert (service["clusterIP"], service["ports"]) == (
        "None",
        [{"name": "metrics", "port": 9808, "targetPort": "metrics", "protocol": "TCP"}],
    )
    assert find(objects[FULL], "ServiceMonitor", "balai-worker")["spec"]["endpoints"] == [
        {"port": "metrics", "path": "/metrics", "interval": "30s"}
    ]


def test_ingress_routes_the_platform_each_district_its_villages_and_custom_domains(
    objects: dict[str, list[dict[str, Any]]],
) -> None:
    ingress = find(objects[FULL], "Ingress", "balai")["spec"]

    assert [rule["host"] for rule in ingress["rules"]] == [
        "balai.acehbesarkab.go.id",
        "aceh-besar.balai.acehbesarkab.go.id",
        "*.aceh-besar.balai.acehbesarkab.go.id",
        "lambaro.desa.id",
        "gampong-ateuk.desa.id",
        "pidie.balai.acehbesarkab.go.id",
        "*.pidie.balai.acehbesarkab.go.id",
        "keumala.desa.id",
    ]
    assert {json.dumps(rule["http"]["paths"], sort_keys=True) for rule in ingress["rules"]} == {
        json.dumps(
            [
                {
                    "path": "/",
                    "pathType": "Prefix",
                    "backend": {"service": {"name": "balai-web", "port": {"name": "http"}}},
                }
            ],
            sort_keys=True,
        )
    }
    assert ingress["tls"] == [
        {"hosts": ["balai.acehbesarkab.go.id"], "secretName": "balai-tls-platform"},
        {
            "hosts": ["aceh-besar.balai.acehbesarkab.go.id", "*.aceh-besar.balai.acehbesarkab.go.id"],
            "secretName": "balai-tls-aceh-besar",
        },
        {"hosts": ["lambaro.desa.id", "gampong-ateuk.desa.id"], "secretName": "balai-tls-aceh-besar-custom"},
        {
            "hosts": ["pidie.balai.acehbesarkab.go.id", "*.pidie.balai.acehbesarkab.go.id"],
            "secretName": "balai-tls-pidie",
        },
        {"hosts": ["keumala.desa.id"], "secretName": "balai-tls-pidie-custom"},
    ]
    assert ingress["ingressClassName"] == "nginx"


def test_certificates_cover_each_district_and_its_wildcard(objects: dict[str, list[dict[str, Any]]]) -> None:
    certificates = {
        o["metadata"]["name"]: (
            o["spec"]["secretName"],
            o["spec"]["dnsNames"],
            o["spec"]["issuerRef"]["name"],
        )
        for o in objects[FULL]
        if o["kind"] == "Certificate"
    }

    assert certificates == {
        "balai-platform": ("balai-tls-platform", ["balai.acehbesarkab.go.id"], "letsencrypt-dns01"),
        "balai-aceh-besar": (
            "balai-tls-aceh-besar",
            ["aceh-besar.balai.acehbesarkab.go.id", "*.aceh-besar.balai.acehbesarkab.go.id"],
            "letsencrypt-dns01",
        ),
        "balai-aceh-besar-custom": (
            "balai-tls-aceh-besar-custom",
            ["lambaro.desa.id", "gampong-ateuk.desa.id"],
            "letsencrypt-http01",
        ),
        "balai-pidie": (
            "balai-tls-pidie",
            ["pidie.balai.acehbesarkab.go.id", "*.pidie.balai.acehbesarkab.go.id"],
            "letsencrypt-dns01",
        ),
        "balai-pidie-custom": ("balai-tls-pidie-custom", ["keumala.desa.id"], "letsencrypt-http01"),
    }


def test_configuration_reaches_the_application_as_environment(
    objects: dict[str, list[dict[str, Any]]],
) -> None:
    config = find(objects[FULL], "ConfigMap", "balai")["data"]
    web = find(objects[FULL], "Deployment", "balai-web")["spec"]["template"]["spec"]["containers"][0]

    assert config == {
        "DJANGO_SETTINGS_MODULE": "balai.settings.production",
        "BASE_DOMAIN": "balai.acehbesarkab.go.id",
        "ALLOWED_HOSTS": "balai.acehbesarkab.go.id,.balai.acehbesarkab.go.id,lambaro.desa.id,"
        "gampong-ateuk.desa.id,keumala.desa.id,balai-web.balai.svc.cluster.local",
        "LOG_LEVEL": "WARNING",
        "SENTRY_ENVIRONMENT": "production",
        "SENTRY_RELEASE": "balai@0.1.0",
        "EMAIL_HOST": "smtp.acehbesarkab.go.id",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "balai@acehbesarkab.go.id",
        "EMAIL_USE_TLS": "true",
        "DEFAULT_FROM_EMAIL": "Balai Aceh Besar <noreply@acehbesarkab.go.id>",
        "MEDIA_ROOT": "/var/lib/balai/media",
        "NUM_PROXIES": "1",
        "NOTIFY_GATEWAY_URL": "https://wa-gateway.acehbesarkab.go.id/api/send",
        "METRICS_ALLOWED_NETWORKS": "10.0.0.0/8,fd00::/8",
        "SECURE_HSTS_PRELOAD": "true",
    }
    assert web["envFrom"] == [{"configMapRef": {"name": "balai"}}]
    assert [(e["name"], e["valueFrom"]["secretKeyRef"]) for e in web["env"] if "valueFrom" in e] == [
        ("SECRET_KEY", {"name": "balai-secrets", "key": "SECRET_KEY"}),
        ("DATABASE_URL", {"name": "balai-secrets", "key": "DATABASE_URL"}),
        ("REDIS_URL", {"name": "balai-secrets", "key": "REDIS_URL"}),
        ("PERSONAL_DATA_KEYS", {"name": "balai-secrets", "key": "PERSONAL_DATA_KEYS"}),
        ("SENTRY_DSN", {"name": "balai-secrets", "key": "SENTRY_DSN", "optional": True}),
        ("EMAIL_HOST_PASSWORD", {"name": "balai-secrets", "key": "EMAIL_HOST_PASSWORD", "optional": True}),
        ("NOTIFY_GATEWAY_TOKEN", {"name": "balai-secrets", "key": "NOTIFY_GATEWAY_TOKEN", "optional": True}),
        (
            "STORAGE_S3_ACCESS_KEY_ID",
            {"name": "balai-secrets", "key": "STORAGE_S3_ACCESS_KEY_ID", "optional": True},
        ),
        (
            "STORAGE_S3_SECRET_ACCESS_KEY",
            {"name": "balai-secrets", "key": "STORAGE_S3_SECRET_ACCESS_KEY", "optional": True},
        ),
    ]
    assert [(e["name"], e["value"]) for e in web["env"] if "value" in e] == [
        ("WEB_CONCURRENCY", "3"),
        (
            "GUNICORN_CMD_ARGS",
            "--timeout 30 --graceful-timeout 25 --max-requests 1000 --max-requests-jitter 100",
        ),
        ("PROMETHEUS_MULTIPROC_DIR", "/tmp/prometheus"),  # noqa: S108
    ]


def test_the_created_secret_holds_only_the_secrets_that_are_set(
    objects: dict[str, list[dict[str, Any]]],
) -> None:
    secret = find(objects[MINIMAL], "Secret", "balai")

    assert sorted(secret["data"]) == ["DATABASE_URL", "PERSONAL_DATA_KEYS", "REDIS_URL", "SECRET_KEY"]


def checksums(objects: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return {
        o["metadata"]["name"]: (
            o["spec"]["template"]["metadata"]["annotations"]["checksum/config"],
            o["spec"]["template"]["metadata"]["annotations"]["checksum/secret"],
        )
        for o in objects
        if o["kind"] == "Deployment"
    }


def test_a_configuration_change_rolls_every_deployment(
    chart: helm_python.Chart, objects: dict[str, list[dict[str, Any]]]
) -> None:
    before = checksums(objects[MINIMAL])
    after_config = checksums(manifests_of(render(chart, load_values(MINIMAL) | {"logLevel": "DEBUG"})))
    after_secret = checksums(
        manifests_of(
            render(chart, merge(load_values(MINIMAL), {"secrets": {"secretKey": "rotated-" + "x" * 40}}))
        )
    )

    assert sorted(before) == ["balai-beat", "balai-web", "balai-worker"]
    assert len(set(before.values())) == 1
    assert {name: after_config[name][0] != config for name, (config, _) in before.items()} == dict.fromkeys(
        before, True
    )
    assert {name: after_config[name][1] == secret for name, (_, secret) in before.items()} == dict.fromkeys(
        before, True
    )
    assert {name: after_secret[name][1] != secret for name, (_, secret) in before.items()} == dict.fromkeys(
        before, True
    )


POD_SECURITY_CONTEXT = {
    "runAsNonRoot": True,
    "runAsUser": 10001,
    "runAsGroup": 10001,
    "fsGroup": 10001,
    "seccompProfile": {"type": "RuntimeDefault"},
}
CONTAINER_SECURITY_CONTEXT = {
    "runAsNonRoot": True,
    "runAsUser": 10001,
    "runAsGroup": 10001,
    "allowPrivilegeEscalation": False,
    "privileged": False,
    "readOnlyRootFilesystem": True,
    "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"},
}


@pytest.mark.parametrize("values_file", sorted(CI_VALUES))
def test_every_pod_is_hardened_and_bounded(
    objects: dict[str, list[dict[str, Any]]], values_file: str
) -> None:
    for name, spec in pod_specs(objects[values_file]).items():
        container = spec["containers"][0]
        assert spec["securityContext"] == POD_SECURITY_CONTEXT, name
        assert spec["automountServiceAccountToken"] is False, name
        assert container["securityContext"] == CONTAINER_SECURITY_CONTEXT, name
        assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], name  # noqa: S108
        assert {v["name"]: sorted(v) for v in spec["volumes"]}["tmp"] == ["emptyDir", "name"], name
        assert sorted(container["resources"]) == ["limits", "requests"], name
        assert sorted(container["resources"]["requests"]) == ["cpu", "memory"], name
        assert sorted(container["resources"]["limits"]) == ["cpu", "memory"], name


def test_uploads_go_to_the_claim_in_web_and_worker_only(objects: dict[str, list[dict[str, Any]]]) -> None:
    media = {
        name: [v for v in spec["volumes"] if v["name"] == "media"]
        for name, spec in pod_specs(objects[FULL]).items()
    }

    assert media == {
        "Deployment/balai-web": [{"name": "media", "persistentVolumeClaim": {"claimName": "balai-media"}}],
        "Deployment/balai-worker": [{"name": "media", "persistentVolumeClaim": {"claimName": "balai-media"}}],
        "Deployment/balai-beat": [],
        "Job/balai-migrate": [],
    }


def test_network_policies_admit_only_the_ingress_controller_and_prometheus(
    objects: dict[str, list[dict[str, Any]]],
) -> None:
    web = find(objects[FULL], "NetworkPolicy", "balai-web")["spec"]
    deny = find(objects[FULL], "NetworkPolicy", "balai-deny-ingress")["spec"]
    worker = find(objects[FULL], "NetworkPolicy", "balai-worker")["spec"]
    egress = find(objects[FULL], "NetworkPolicy", "balai-egress")["spec"]

    assert web["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == "web"
    assert web["ingress"] == [
        {
            "from": [
                {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}},
                {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}},
            ],
            "ports": [{"port": "http", "protocol": "TCP"}],
        }
    ]
    assert deny["podSelector"]["matchExpressions"] == [
        {"key": "app.kubernetes.io/component", "operator": "In", "values": ["beat", "migrations"]}
    ]
    assert worker["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == "worker"
    assert worker["ingress"] == [
        {
            "from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}],
            "ports": [{"port": "metrics", "protocol": "TCP"}],
        }
    ]
    assert (deny["policyTypes"], "ingress" in deny) == (["Ingress"], False)
    assert [(rule["to"], rule["ports"]) for rule in egress["egress"][1:]] == [
        (
            [{"ipBlock": {"cidr": "10.20.0.10/32"}}],
            [{"port": 5432, "protocol": "TCP"}, {"port": 6432, "protocol": "TCP"}],
        ),
        ([{"ipBlock": {"cidr": "10.20.0.20/32"}}], [{"port": 6379, "protocol": "TCP"}]),
        ([{"ipBlock": {"cidr": "10.20.0.30/32"}}], [{"port": 587, "protocol": "TCP"}]),
        ([{"ipBlock": {"cidr": "0.0.0.0/0"}}], [{"port": 443, "protocol": "TCP"}]),
    ]
    assert egress["egress"][0]["ports"] == [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]


def test_notes_tell_the_operator_what_to_do_next(renders: dict[str, dict[str, str]]) -> None:
    notes = renders[FULL]["balai/templates/NOTES.txt"]

    assert "*.aceh-besar.balai.acehbesarkab.go.id" in notes
    assert "lambaro.desa.id" in notes
    assert (
        "kubectl -n balai exec -it deploy/balai-web -- python platform/manage.py create_platform_operator"
        in notes
    )
    assert "python platform/manage.py create_district 11.06 aceh-besar" in notes
    assert "DNS-01" in notes
    assert "kubectl -n balai logs job/balai-migrate" in notes
    assert "WARNING: media.existingClaim is empty" not in notes
    assert "WARNING: media.existingClaim is empty" in renders[MINIMAL]["balai/templates/NOTES.txt"]


def test_a_bucket_for_uploads_reaches_the_application_with_its_credentials_as_secrets(
    chart: helm_python.Chart,
) -> None:
    values = merge(
        load_values(MINIMAL),
        {
            "media": {"s3": {"bucket": "balai-berkas", "endpointUrl": "https://minio.example:9000"}},
            "secrets": {"storageS3AccessKeyId": "balai", "storageS3SecretAccessKey": "rahasia-s3"},
        },
    )

    rendered = manifests_of(render(chart, values))

    config = find(rendered, "ConfigMap", "balai")["data"]
    assert {key: value for key, value in config.items() if key.startswith("STORAGE_S3_")} == {
        "STORAGE_S3_BUCKET": "balai-berkas",
        "STORAGE_S3_ENDPOINT_URL": "https://minio.example:9000",
    }
    assert "rahasia-s3" not in json.dumps(config)
    secret = find(rendered, "Secret", "balai")["data"]
    assert {"STORAGE_S3_ACCESS_KEY_ID", "STORAGE_S3_SECRET_ACCESS_KEY"} <= set(secret)
    web_env = find(rendered, "Deployment", "balai-web")["spec"]["template"]["spec"]["containers"][0]["env"]
    assert {
        e["name"]: e["valueFrom"]["secretKeyRef"]["key"]
        for e in web_env
        if e["name"].startswith("STORAGE_S3_")
    } == {
        "STORAGE_S3_ACCESS_KEY_ID": "STORAGE_S3_ACCESS_KEY_ID",
        "STORAGE_S3_SECRET_ACCESS_KEY": "STORAGE_S3_SECRET_ACCESS_KEY",
    }


def test_without_a_bucket_no_storage_setting_is_rendered(objects: dict[str, list[dict[str, Any]]]) -> None:
    config = find(objects[MINIMAL], "ConfigMap", "balai")["data"]

    assert [key for key in config if key.startswith("STORAGE_S3_")] == []
