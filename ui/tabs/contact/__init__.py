"""客户联系: the contact queue, worked from the keyboard (tab.py: queue, filters and counts;
pane.py: the detail pane with its fixed action block; text.py: the detail's text; writes.py:
the actions, run on a worker in order; keys.py: the keyboard loop and its help)."""

from app.labels import outcome_label  # noqa: F401 - the tests and dialogs name outcomes through here
from ui.tabs.contact.tab import ContactTab  # noqa: F401
