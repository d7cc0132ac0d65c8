"""Settings (设置) of one profile: the Qt-free model, the dialog, live application.

- :mod:`ui.settings.model` — what may be set, by whom, validation, saving;
- :mod:`ui.settings.dialog` — the dialog; :mod:`ui.settings.live` — applying changes;
- :mod:`ui.settings.connection` — the platform client's settings from the profile;
- :mod:`ui.settings.install` — ``install_tools(controller)`` wires the Tools menu.
"""
