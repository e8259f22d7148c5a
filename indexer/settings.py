"""Every setting of xxgk in one table: its name, environment variable, default and meaning.

Values are read from the environment when asked for, so a test or a command line that sets a
variable is seen at once. ``xxgk settings`` prints this table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: str | None
    help: str


DEFAULT_ALIAS = "xxgk-reports"  # the index alias when XXGK_INDEX is not set

SETTINGS: tuple[Setting, ...] = (
    Setting("es_url", "XXGK_ES_URL", None,
            "Elasticsearch URL; default http://127.0.0.1:$XXGK_ES_PORT, the local node's address"),
    Setting("index", "XXGK_INDEX", DEFAULT_ALIAS, "index alias that commands read and write"),
    Setting("es_api_key", "XXGK_ES_API_KEY", None, "API key for Elasticsearch"),
    Setting("es_user", "XXGK_ES_USER", None, "user name for Elasticsearch (basic auth)"),
    Setting("es_password", "XXGK_ES_PASSWORD", None, "password for Elasticsearch (basic auth)"),
    Setting("es_ca_certs", "XXGK_ES_CA_CERTS", None, "CA bundle for an https Elasticsearch"),
    Setting("es_port", "XXGK_ES_PORT", "9200", "HTTP port of the local development node (127.0.0.1 only)"),
    Setting("es_heap", "XXGK_ES_HEAP", "1g", "JVM heap of the local development node"),
    Setting("es_java_opts", "XXGK_ES_JAVA_OPTS", "", "extra JVM options of the local development node"),
    Setting("es_local_dir", "XXGK_ES_LOCAL_DIR", None, "the es_local/ launcher folder (default: the checkout's)"),
    Setting("es_local_state", "XXGK_ES_LOCAL_STATE", None,
            "data, logs and pid file of the local node (default: .es-local/ beside es_local/)"),
    Setting("mappings_dir", "XXGK_MAPPINGS_DIR", None, "a folder of reports.vN.json mappings to use instead of the shipped ones"),
    Setting("cache_dir", "XXGK_CACHE_DIR", None, "cache of the segmenter's dictionary (default ~/.cache/xxgk)"),
    Setting("segmenter", "XXGK_SEGMENTER", "", "segmentation engine: rjieba (default when installed) or jieba"),
    Setting("kibana_url", "XXGK_KIBANA_URL", "http://127.0.0.1:5601", "Kibana URL for `xxgk kibana`"),
    Setting("kibana_user", "XXGK_KIBANA_USER", None, "Kibana user name"),
    Setting("kibana_password", "XXGK_KIBANA_PASSWORD", None, "Kibana password"),
    Setting("kibana_file", "XXGK_KIBANA_FILE", None, "saved objects to import (default: the shipped dashboard)"),
    Setting("pager", "XXGK_PAGER", None, "pager for long output on a terminal (default: $PAGER, else less); cat turns it off"),
    Setting("ocr", "XXGK_OCR", "", "1 to OCR scanned PDFs with tesseract (chi_sim) when installed"),
)  # fmt: skip
_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> str | None:
    """The current value of a setting: its environment variable when set (and not blank), else its default."""
    spec = _BY_NAME[name]
    value = os.environ.get(spec.env, "").strip()
    if value:
        return value
    if name == "es_url":
        return f"http://127.0.0.1:{setting('es_port')}"
    return spec.default


def env_name(name: str) -> str:
    """The environment variable of a setting (for Typer's ``envvar``)."""
    return _BY_NAME[name].env
