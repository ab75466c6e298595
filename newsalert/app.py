"""The one Faust app: the pipeline's agents (streams.app) and the delivery agents (alerts.agents)."""

from __future__ import annotations

import faust

from alerts.agents import register as register_delivery
from newsalert.topics import subscriptions_for
from streams.app import faust_app
from streams.app import register as register_pipeline
from streams.classify.engine import Classifier, default_classifier
from streams.settings import Settings, default_settings


def create_app(settings: Settings | None = None, classifier: Classifier | None = None) -> faust.App:
    settings = settings or default_settings()
    classifier = classifier or default_classifier(settings.config_dir)
    app = faust_app(settings)
    register_pipeline(app, settings, classifier)
    register_delivery(app, settings, subscriptions_for(settings))
    return app
