"""docker-compose.yml wires the services and settings (Docker itself does not run here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_runs_migrations_before_the_bot_with_postgres_and_redis():
    services = compose()["services"]
    assert {"bot", "migrate", "postgres", "redis"} <= set(services)
    assert services["migrate"]["command"] == ["db", "upgrade"]
    assert services["bot"]["command"] == ["run"]
    assert services["bot"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    for name in ("migrate", "bot"):
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "healthcheck" in services["postgres"] and "healthcheck" in services["redis"]
    assert services["postgres"]["volumes"] and services["redis"]["volumes"]


def test_compose_passes_real_settings_to_the_bot():
    services = compose()["services"]
    known = {f"TIPLINE_{name.upper()}" for name in Settings.model_fields}
    for name in ("migrate", "bot"):
        environment = services[name]["environment"]
        assert set(environment) <= known, set(environment) - known
        assert environment["TIPLINE_DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert "@postgres:5432/" in environment["TIPLINE_DATABASE_URL"]
        assert environment["TIPLINE_REDIS_URL"] == "redis://redis:6379/0"
        assert "TIPLINE_BOT_TOKEN" in environment


def test_the_image_installs_the_package_and_runs_the_bot():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install" in dockerfile and '"tipline"' in dockerfile
    for package in ("bot", "handlers", "knowledge", "locales"):
        assert f"COPY {package} ./{package}" in dockerfile


OCR_PACKAGES = (
    "tesseract-ocr",
    "tesseract-ocr-osd",
    "tesseract-ocr-script-cyrl",
    "tesseract-ocr-script-latn",
    *(
        f"tesseract-ocr-{lang}"
        for lang in ("rus", "kaz", "uzb", "uzb-cyrl", "kir", "tgk", "aze", "tur", "eng")
    ),
)


@pytest.mark.parametrize("path", ["Dockerfile", ".ci/run"])
def test_the_image_and_ci_install_tesseract_with_the_regions_models(path):
    installs = (ROOT / path).read_text(encoding="utf-8")
    assert "apt-get install" in installs
    missing = [p for p in OCR_PACKAGES if not re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", installs)]
    assert not missing, missing


def test_the_webhook_override_runs_replicas_behind_a_balancer():
    override = yaml.safe_load((ROOT / "docker-compose.webhook.yml").read_text(encoding="utf-8"))
    bot = override["services"]["bot"]
    assert bot["command"] == ["webhook"]
    known = {f"TIPLINE_{name.upper()}" for name in Settings.model_fields}
    assert set(bot["environment"]) <= known, set(bot["environment"]) - known
    assert {"TIPLINE_WEBHOOK_URL", "TIPLINE_WEBHOOK_SECRET"} <= set(bot["environment"])
    assert "ports" not in bot, "replicas publish no host port, so `--scale bot=N` works"
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])
    balancer = override["services"]["balancer"]
    assert balancer["depends_on"]["bot"]["condition"] == "service_healthy"
    assert "proxy_pass http://$$replicas" in override["configs"]["balancer"]["content"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--scale bot=" in readme and "docker-compose.webhook.yml" in readme


def test_the_package_carries_every_module_of_the_rooms():
    """A non-editable install (the Docker image's `pip install .`) gets each folder that holds code or data:
    a new subpackage is found by the build, not listed by hand."""
    import warnings

    from setuptools.config.pyprojecttoml import read_configuration

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        packages = set(
            read_configuration(ROOT / "pyproject.toml", expand=True)["tool"]["setuptools"]["packages"]
        )
    folders = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for top in ("bot", "handlers", "knowledge", "locales")
        for path in (ROOT / top).rglob("*")
        if path.is_file()
        and path.suffix in (".py", ".ftl", ".json", ".jsonl", ".mako")
        and "__pycache__" not in path.parts
    }
    assert folders - packages == set()
