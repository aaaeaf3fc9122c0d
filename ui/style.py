"""Colours, tags and the app stylesheet (UI.md: a tag always carries text, never colour alone)."""

from __future__ import annotations

from PySide6.QtGui import QColor

RED, ORANGE, AMBER, GREY, GREEN = "#D92D20", "#F79009", "#DC6803", "#667085", "#079455"
ACCENT = "#1570EF"

# tag kind -> (text colour, fill colour)
TAGS = {
    "red": (RED, "#FEE4E2"),
    "orange": ("#B54708", "#FEF0C7"),
    "amber": (AMBER, "#FFFAEB"),
    "grey": (GREY, "#F2F4F7"),
    "green": (GREEN, "#DCFAE6"),
    "blue": (ACCENT, "#EFF8FF"),
}


def qcolor(name: str) -> QColor:
    return QColor(name)


STYLESHEET = f"""
QMainWindow, QWidget#page {{ background: #F9FAFB; }}
QTableView {{ background: white; alternate-background-color: #FCFCFD; gridline-color: #EAECF0;
             selection-background-color: #D1E9FF; selection-color: #101828; border: 1px solid #EAECF0; }}
QHeaderView::section {{ background: #F2F4F7; color: #344054; padding: 5px 6px; border: none;
                        border-right: 1px solid #EAECF0; border-bottom: 1px solid #EAECF0; font-weight: 600; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border-radius: 6px; padding: 6px 14px; font-weight: 600; }}
QPushButton#primary:hover {{ background: #175CD3; }}
QPushButton#link {{ border: none; background: transparent; color: {ACCENT}; padding: 4px 8px; }}
QPushButton#link:hover {{ text-decoration: underline; }}
QFrame#card {{ background: white; border: 1px solid #EAECF0; border-radius: 8px; }}
QFrame#card:hover {{ border-color: {ACCENT}; }}
QLabel#cardValue {{ font-size: 20px; font-weight: 700; }}
QLabel#cardLabel {{ color: #475467; }}
QLabel#emptyTitle {{ font-size: 15px; color: #344054; }}
QTextBrowser#detail {{ background: white; border: 1px solid #EAECF0; border-radius: 6px; }}
QTabBar::tab {{ padding: 8px 20px; border: none; border-bottom: 2px solid transparent;
                background: transparent; color: #475467; }}
QTabBar::tab:selected {{ color: #101828; border-bottom: 2px solid {ACCENT}; font-weight: 600; }}
QTabBar::tab:hover {{ color: #101828; }}
QStatusBar QLabel {{ padding: 0 10px 0 4px; color: #475467; }}
"""
