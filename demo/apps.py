from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py load_demo` and `manage.py seed_articles`, and the text they write (demo/data/).

    No models and no pages: it only writes content through the content apps and the desk.
    """

    name = "demo"
